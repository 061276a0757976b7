"""Realistic .bib files for the import benchmark, from the generated papers.

A researcher's bibliography, not an export of ours: entries of every common
type in the shares a thesis bibliography shows (articles, proceedings,
books and chapters, theses, reports, arXiv preprints, web pages), keys the
way JabRef and Google Scholar make them, ``@string`` journal macros, month
macros, half the names and titles in LaTeX (``M{\\"u}ller``, ``{LLM}s``,
``$O(n)$``, ``\\emph``), the others in UTF-8, pages, volumes, DOIs, URLs,
publishers, some abstracts and keywords, and proceedings papers that
``crossref`` their volume.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from bench.generate import GenPaper
from readinglist.core.bibtex.entries import bib_name
from readinglist.core.bibtex.latex import escape, title_to_latex

#: (entry type, share of a real thesis bibliography).
TYPES = (
    ("article", 0.34), ("inproceedings", 0.30), ("misc", 0.12), ("book", 0.06),
    ("incollection", 0.04), ("phdthesis", 0.03), ("mastersthesis", 0.01),
    ("techreport", 0.04), ("online", 0.03), ("unpublished", 0.01), ("patent", 0.02),
)  # fmt: skip
JOURNALS = (
    ("jmlr", "Journal of Machine Learning Research"),
    ("tacl", "Transactions of the Association for Computational Linguistics"),
    ("tpami", "{IEEE} Transactions on Pattern Analysis and Machine Intelligence"),
    ("nature", "Nature"),
    ("cacm", "Communications of the {ACM}"),
)
PUBLISHERS = ("Springer", "{MIT} Press", "Cambridge University Press", "O'Reilly", "{ACM}")
SCHOOLS = ("Universit{\\'e} Paris-Saclay", 'Technische Universit{\\"a}t M{\\"u}nchen', "MIT")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bib_text(papers: Sequence[GenPaper], seed: int = 13) -> str:
    """A .bib file holding one entry per paper (plus the proceedings they cite)."""
    rng = random.Random(seed)
    kinds = [k for k, _ in TYPES]
    weights = [w for _, w in TYPES]
    out = [f"@string{{{m} = {{{name}}}}}" for m, name in JOURNALS]
    out.append("@comment{jabref-meta: databaseType:bibtex;}")
    volumes: list[str] = []
    for number, paper in enumerate(papers):
        kind = rng.choices(kinds, weights)[0]
        key = _key(paper, number)
        latex = rng.random() < 0.5
        fields = [("author", _authors(paper, latex)), ("title", _title(paper, latex, rng))]
        fields += _venue(kind, paper, rng, volumes)
        fields += _date(paper, rng)
        if rng.random() < 0.5:
            fields.append(("doi", f"{{10.{1000 + number % 9000}/{kind[:4]}.{number}}}"))
        if paper.arxiv_id and rng.random() < 0.6:
            fields += [("eprint", "{" + paper.arxiv_id + "}"), ("archivePrefix", "{arXiv}")]
        if rng.random() < 0.3:
            fields.append(("abstract", "{" + escape(paper.abstract, ascii_only=False) + "}"))
        if rng.random() < 0.2:
            fields.append(("keywords", "{" + ", ".join(rng.sample(_KEYWORDS, 3)) + "}"))
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        out.append(f"@{kind}{{{key},\n{body}\n}}")
    return "\n\n".join([*out, *volumes]) + "\n"


_KEYWORDS = ["llm", "attention", "distillation", "retrieval", "alignment", "agents", "vision"]


def _key(paper: GenPaper, number: int) -> str:
    last = paper.authors[0].split()[-1] if paper.authors else "anon"
    ascii_last = "".join(c for c in last if c.isascii() and c.isalpha()) or "anon"
    year = paper.published.year if paper.published else paper.digest_day.year
    return f"{ascii_last}{year}_{number}"


def _authors(paper: GenPaper, latex: bool) -> str:
    names = [bib_name(a, ascii_only=latex) for a in paper.authors] or ["Anonymous"]
    if len(names) > 12:
        names = [*names[:12], "others"]
    return "{" + " and ".join(names) + "}"


def _title(paper: GenPaper, latex: bool, rng: random.Random) -> str:
    if not latex:
        return "{" + escape(paper.title, ascii_only=False) + "}"
    title = title_to_latex(paper.title, ascii_only=True)
    if rng.random() < 0.1:
        title += " in $O(n \\log n)$ \\emph{time}"
    return "{" + title + "}"


def _venue(
    kind: str, paper: GenPaper, rng: random.Random, volumes: list[str]
) -> list[tuple[str, str]]:
    year = paper.published.year if paper.published else paper.digest_day.year
    pages = rng.randrange(1, 900)
    if kind == "article":
        return [
            ("journal", rng.choice(JOURNALS)[0]),
            ("volume", str(rng.randrange(1, 60))),
            ("number", "{" + str(rng.randrange(1, 12)) + "}"),
            ("pages", f"{{{pages}--{pages + rng.randrange(5, 30)}}}"),
        ]
    if kind == "inproceedings":
        if rng.random() < 0.15:  # a proceedings volume cross-referenced by its papers
            parent = f"proc{year}_{len(volumes)}"
            volumes.append(
                f"@proceedings{{{parent},\n  title = {{Proceedings of the {year} Conference "
                f"on Learning}},\n  publisher = {{PMLR}},\n  year = {year}\n}}"
            )
            return [("crossref", "{" + parent + "}"), ("pages", f"{{{pages}--{pages + 9}}}")]
        venue = paper.venue or f"Proceedings of the Conference on Learning {year}"
        return [
            ("booktitle", "{" + venue + "}"),
            ("pages", f"{{{pages}--{pages + 9}}}"),
            ("publisher", "{" + rng.choice(PUBLISHERS) + "}"),
            ("address", "{Vancouver, Canada}"),
        ]
    if kind in ("book", "incollection"):
        extra = [("booktitle", "{Handbook of Learning}")] if kind == "incollection" else []
        return [*extra, ("publisher", "{" + rng.choice(PUBLISHERS) + "}"), ("edition", "{2nd}")]
    if kind in ("phdthesis", "mastersthesis"):
        return [("school", "{" + rng.choice(SCHOOLS) + "}")]
    if kind == "techreport":
        return [("institution", "{" + rng.choice(SCHOOLS) + "}"), ("number", f"{{TR-{pages}}}")]
    if kind == "online":
        return [("url", f"{{https://example.org/posts/{pages}}}"), ("urldate", "{2025-03-01}")]
    if kind == "misc" and paper.arxiv_id:
        return [("howpublished", "{arXiv preprint}"), ("primaryClass", "{cs.LG}")]
    return [("note", "{Under review}")]


def _date(paper: GenPaper, rng: random.Random) -> list[tuple[str, str]]:
    day = paper.published or paper.digest_day
    if rng.random() < 0.15:
        return [("date", "{" + day.isoformat() + "}")]
    out = [("year", str(day.year) if rng.random() < 0.5 else "{" + str(day.year) + "}")]
    if rng.random() < 0.4:
        out.append(("month", _MONTHS[day.month - 1]))
    return out


def latex_heavy_field(size: int = 1_000_000) -> str:
    """A .bib with one entry whose abstract is ``size`` characters of dense LaTeX."""
    unit = (
        'Die {\\"U}bersetzung von \\emph{na{\\"\\i}ve} Ans{\\"a}tzen f{\\"u}r '
        "$O(n \\log n)$ mit \\textbf{\\'{e}t{\\'e}} und \\v{S}koda -- \\cite{x} "
        "{\\ss} \\LaTeX\\ ``quoted'' \\\\ 10\\% \\& \\$5.\n"
    )
    body = unit * (size // len(unit) + 1)
    return (
        f"@article{{heavy,\n  title = {{A Heavy Abstract}},\n  abstract = {{{body[:size]}}}\n}}\n"
    )
