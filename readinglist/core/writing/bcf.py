"""Citations in biber's control file (``.bcf``), which biblatex writes for biber.

The ``.bcf`` is XML; each ``<bcf:citekey>`` in a ``<bcf:section>`` is one
citation (``*`` for ``\\nocite{*}``), ``\\include``d chapters included. It is
read with expat's streaming parser, and a file declaring a DTD or entities
is refused before anything in it is used (biblatex never writes one), as
for any XML from outside.
"""

from __future__ import annotations

from pathlib import Path
from xml.parsers import expat

from readinglist.core.errors import InvalidInputError
from readinglist.core.writing.documents import Reading

NAMESPACE = "https://sourceforge.net/projects/biblatex"
_CITEKEY = f"{NAMESPACE} citekey"
_CONTROLFILE = f"{NAMESPACE} controlfile"


class _Refused(Exception):
    pass


def read(reading: Reading, path: Path, text: str) -> None:
    keys: list[str] = []
    inside: list[str] | None = None
    roots: list[str] = []

    def start(name: str, _attrs: dict[str, str]) -> None:
        nonlocal inside
        if not roots:
            roots.append(name)
        if name == _CITEKEY:
            inside = []

    def data(chunk: str) -> None:
        if inside is not None:
            inside.append(chunk)

    def end(name: str) -> None:
        nonlocal inside
        if name == _CITEKEY and inside is not None:
            keys.append("".join(inside))
            inside = None

    def refuse(*_args: object) -> None:
        raise _Refused

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.CharacterDataHandler = data
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    try:
        parser.Parse(text, True)
    except _Refused as exc:
        raise InvalidInputError(
            f"{path.name}, line {parser.CurrentLineNumber}: declares a DTD or entities, "
            "which a biber control file never does; it was not read"
        ) from exc
    except expat.ExpatError as exc:
        reason = expat.errors.messages[exc.code] if exc.code else str(exc)
        raise InvalidInputError(
            f"{path.name}, line {exc.lineno}: not a biber control file ({reason})"
        ) from exc
    if roots != [_CONTROLFILE]:
        raise InvalidInputError(f"{path.name}: XML, but not a biber control file")
    reading.cite(keys)
