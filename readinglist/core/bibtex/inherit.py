"""``xdata`` and ``crossref`` inheritance, resolved the way biber resolves it.

An entry that cross-references a parent (``crossref = {parent}``) gets every
field of the parent it lacks, with biblatex's default rules
(``biblatex.def``: ``\\DefaultInheritance{all=true,override=false}`` and its
``\\DeclareDataInheritance`` table): a book's ``title`` becomes an
``@inbook``'s ``booktitle``, a ``@periodical``'s ``title`` an
``@article``'s ``journaltitle``, a multi-volume work's ``title`` a volume's
``maintitle``, and ``ids``, ``crossref``, ``sortkey``, ``shorthand``...
are never inherited. ``xdata = {a, b}`` copies the fields of those
``@xdata`` entries first. Parents' own references are resolved before their
children's; a cycle is cut where it closes.

The result is stored in the child: the exported entry stands alone, so a
bibliography of some papers never points at an entry it does not hold. A
parent key is matched exactly, else regardless of case (as BibTeX does;
biber would ignore a case-mismatched ``crossref`` and lose the fields).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Types before matching, as biber's source map renames them.
_SOURCE_TYPES = {
    "conference": "inproceedings", "electronic": "online", "www": "online",
    "mastersthesis": "thesis", "phdthesis": "thesis", "techreport": "report",
}  # fmt: skip
_TITLES = ("title", "subtitle", "titleaddon")
_NO_TITLE_COPIES = ("shorttitle", "sorttitle", "indextitle", "indexsorttitle")


def _as(prefix: str) -> tuple[tuple[str, str], ...]:
    return tuple((f, prefix + f) for f in _TITLES)


#: (parent types, child types, (parent field, child field) pairs, fields not inherited).
_RULES: tuple[tuple[frozenset[str], frozenset[str], tuple[tuple[str, str], ...]], ...] = (
    (frozenset({"mvbook", "book"}), frozenset({"inbook", "bookinbook", "suppbook"}),
     (("author", "author"), ("author", "bookauthor"))),
    (frozenset({"mvbook"}), frozenset({"book", "inbook", "bookinbook", "suppbook"}),
     _as("main")),
    (frozenset({"mvcollection", "mvreference"}),
     frozenset({"collection", "reference", "incollection", "inreference", "suppcollection"}),
     _as("main")),
    (frozenset({"mvproceedings"}), frozenset({"proceedings", "inproceedings"}), _as("main")),
    (frozenset({"book"}), frozenset({"inbook", "bookinbook", "suppbook"}), _as("book")),
    (frozenset({"collection", "reference"}),
     frozenset({"incollection", "inreference", "suppcollection"}), _as("book")),
    (frozenset({"proceedings"}), frozenset({"inproceedings"}), _as("book")),
    (frozenset({"periodical"}), frozenset({"article", "suppperiodical"}),
     (("title", "journaltitle"), ("subtitle", "journalsubtitle"),
      ("titleaddon", "journaltitleaddon"))),
)  # fmt: skip
#: Never inherited, whatever the types.
NOT_INHERITED = frozenset(
    {"ids", "crossref", "xref", "entryset", "entrysubtype", "execute", "label", "options",
     "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
     "shorthandintro", "sortkey", "xdata"}
)  # fmt: skip


@dataclass
class Entry:
    """One entry of a file while it is read: key, type, fields (stored expressions)."""

    key: str
    entry_type: str
    fields: dict[str, str]
    line: int
    #: What inheritance could not do, for the import's notices.
    problems: list[str] = field(default_factory=list)


def resolve(entries: list[Entry]) -> None:
    """Copy ``xdata`` and ``crossref`` fields into every entry (in place).

    The ``xdata``, ``crossref`` fields themselves are removed once resolved (or
    found to point nowhere, which is noted in the entry's ``problems``).
    """
    by_key = {e.key: e for e in entries}
    folded: dict[str, Entry] = {}
    for entry in entries:
        folded.setdefault(entry.key.casefold(), entry)

    def find(key: str) -> Entry | None:
        return by_key.get(key) or folded.get(key.casefold())

    done: set[int] = set()

    def settle(entry: Entry, trail: tuple[int, ...]) -> None:
        if id(entry) in done:
            return
        if id(entry) in trail:
            entry.problems.append("its cross-references form a cycle: cut here")
            return
        trail = (*trail, id(entry))
        for key in _keys(entry.fields.pop("xdata", "")):
            parent = find(key)
            if parent is None or parent.entry_type != "xdata":
                entry.problems.append(f"xdata “{key}” is not an @xdata entry of the file")
                continue
            settle(parent, trail)
            for name, value in parent.fields.items():
                if name not in NOT_INHERITED:
                    entry.fields.setdefault(name, value)
        crossref = _keys(entry.fields.pop("crossref", ""))
        if crossref:
            parent = find(crossref[0])
            if parent is None:
                entry.problems.append(f"crossref “{crossref[0]}” is not an entry of the file")
            else:
                settle(parent, trail)
                inherit(parent, entry)
        done.add(id(entry))

    for entry in entries:
        settle(entry, ())


def inherit(parent: Entry, child: Entry) -> None:
    """The parent's fields the child lacks, by biblatex's rules for their two types."""
    parent_type = _SOURCE_TYPES.get(parent.entry_type, parent.entry_type)
    child_type = _SOURCE_TYPES.get(child.entry_type, child.entry_type)
    mapped: dict[str, list[str]] = {}
    blocked = set(NOT_INHERITED)
    for parents, children, pairs in _RULES:
        if parent_type in parents and child_type in children:
            for source, target in pairs:
                mapped.setdefault(source, []).append(target)
            if any(t.startswith(("book", "main", "journal")) for _, t in pairs):
                blocked.update(_NO_TITLE_COPIES)
    for name, value in parent.fields.items():
        if name in blocked:
            continue
        for target in mapped.get(name, [name]):
            child.fields.setdefault(target, value)


def _keys(expression: str) -> list[str]:
    """The keys listed in a stored ``{a, b}`` value."""
    text = expression.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    return [k.strip() for k in text.split(",") if k.strip()]


__all__ = ["NOT_INHERITED", "Entry", "inherit", "resolve"]
