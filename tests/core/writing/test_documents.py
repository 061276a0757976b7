"""Reading what a document cites: .aux, .bcf and .tex, and the project folder's edge."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.core.errors import InvalidInputError, NotFoundError
from readinglist.core.writing.cited import read_citations
from readinglist.core.writing.tex import strip_comments

# What pdflatex wrote for natbib + \include{chap2} (checked with TeX Live 2022).
NATBIB_AUX = r"""\relax
\citation{a1}
\citation{b2,nosuch}
\citation{*}
\@input{chap2.aux}
\bibstyle{plainnat}
\bibdata{refs}
\bibcite{a1}{{1}{2020}{{X}}{{}}}
\gdef \@abspage@last{2}
"""
CHAP2_AUX = "\\relax \n\\citation{c3}\n\\@setckpt{chap2}{\n\\setcounter{page}{3}\n}\n"
# What biblatex (backend=biber) wrote.
BIBLATEX_AUX = r"""\relax
\abx@aux@refcontext{nty/global//global/global}
\abx@aux@cite{0}{a1}
\abx@aux@segm{0}{0}{a1}
\abx@aux@cite{0}{b2}
\abx@aux@cite{1}{d4}
\abx@aux@cite{e5}
"""
BCF = """<?xml version="1.0" encoding="UTF-8"?>
<bcf:controlfile version="3.9" bltxversion="3.18b"
    xmlns:bcf="https://sourceforge.net/projects/biblatex">
  <bcf:options component="biber" type="global"><bcf:option type="singlevalued">
    <bcf:key>output_encoding</bcf:key><bcf:value order="1">utf8</bcf:value>
  </bcf:option></bcf:options>
  <bcf:bibdata section="0"><bcf:datasource type="file">refs.bib</bcf:datasource></bcf:bibdata>
  <bcf:section number="0">
    <bcf:citekey order="1" intorder="1">a1</bcf:citekey>
    <bcf:citekey order="2" intorder="1">b2</bcf:citekey>
    <bcf:citekey order="2" intorder="2">nosuch</bcf:citekey>
    <bcf:citekey order="3" intorder="1" nocite="1">c3</bcf:citekey>
    <bcf:citekey order="4" intorder="1">a1</bcf:citekey>
  </bcf:section>
</bcf:controlfile>
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bibtex_aux_with_an_included_chapter(tmp_path: Path) -> None:
    main = write(tmp_path, "main.aux", NATBIB_AUX)
    write(tmp_path, "chap2.aux", CHAP2_AUX)
    cited = read_citations(main)
    assert cited.keys == ("a1", "b2", "nosuch", "c3")
    assert cited.everything  # \nocite{*}
    assert cited.files == (main.resolve(), (tmp_path / "chap2.aux").resolve())
    assert cited.notices == ()


def test_a_biblatex_aux(tmp_path: Path) -> None:
    cited = read_citations(write(tmp_path, "main.aux", BIBLATEX_AUX))
    assert cited.keys == ("a1", "b2", "d4", "e5") and not cited.everything


def test_a_bcf(tmp_path: Path) -> None:
    cited = read_citations(write(tmp_path, "main.bcf", BCF))
    assert cited.keys == ("a1", "b2", "nosuch", "c3") and not cited.everything
    star = BCF.replace(">c3<", ">*<")
    assert read_citations(write(tmp_path, "star.bcf", star)).everything


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<feed xmlns='http://www.w3.org/2005/Atom'/>", "not a biber control file"),
        ("<bcf:controlfile", "line 1: not a biber control file"),
        (
            '<!DOCTYPE x [<!ENTITY a "aaaa">]><bcf:controlfile '
            'xmlns:bcf="https://sourceforge.net/projects/biblatex"/>',
            "declares a DTD or entities",
        ),
    ],
)
def test_a_bad_bcf_is_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        read_citations(write(tmp_path, "main.bcf", text))


TEX = r"""\documentclass{article}
\usepackage[backend=biber]{biblatex}
\newcommand{\mycite}[1]{\parencite{#1}}
\begin{document}
Plain \cite{knuth84} and natbib \citep[see][p.~3]{lamport94, goossens93}
\citet*{Hinton2015} \Citeauthor{vaswani2017attention}.
% \cite{commented} is not cited
Fifty \% of \textcite[chap.~2]{smith2020deep} say 100\%\cite{after:percent}.
Multi: \autocites(see)(ff.)[12]{multi1}[p.~3]{multi2} and \footcite{foot/key.v2}.
Not citations: \citestyle{plain} \bibliography{refs} \cite.
\nocite{nocited}
\input{chapters/one}
\include{two}
\input three
\end{document}
"""


def test_a_tex_project_with_every_kind_of_citation(tmp_path: Path) -> None:
    main = write(tmp_path, "main.tex", TEX)
    write(tmp_path, "chapters/one.tex", "One \\cite{one} \\input{chapters/nested}\n")
    write(tmp_path, "chapters/nested.tex", "Nested \\autocite{nested}\n")
    write(tmp_path, "two.tex", "Two \\parencite{two}\n")
    write(tmp_path, "three.tex", "Three \\textcite{three,one}\n")
    cited = read_citations(main)
    assert cited.keys == (
        "knuth84",
        "lamport94",
        "goossens93",
        "Hinton2015",
        "vaswani2017attention",
        "smith2020deep",
        "after:percent",
        "multi1",
        "multi2",
        "foot/key.v2",
        "nocited",
        "one",
        "nested",
        "two",
        "three",
    )
    assert not cited.everything and cited.notices == ()
    assert len(cited.files) == 5


def test_nocite_star_in_tex(tmp_path: Path) -> None:
    assert read_citations(write(tmp_path, "a.tex", "\\nocite{*}\\cite{x}")).everything


def test_files_outside_the_project_folder_are_not_read(tmp_path: Path) -> None:
    project = tmp_path / "thesis"
    secret = write(tmp_path, "secret.tex", "\\cite{secret}")
    (project / "link.tex").parent.mkdir(parents=True)
    (project / "link.tex").symlink_to(secret)
    main = write(
        project,
        "main.tex",
        "\\cite{mine}\\input{../secret}\\input{/etc/passwd}\\input{link}\\include{missing}",
    )
    cited = read_citations(main)
    assert cited.keys == ("mine",)
    messages = [n.message for n in cited.notices]
    assert len(messages) == 4 and all(n.skipped for n in cited.notices)
    assert sum("outside the project folder" in m for m in messages) == 3
    assert any("missing" in m and "does not exist" in m for m in messages)


def test_an_aux_input_outside_the_folder_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "other.aux", "\\citation{other}")
    main = write(tmp_path / "build", "main.aux", "\\citation{a}\\@input{../other.aux}")
    cited = read_citations(main)
    assert cited.keys == ("a",) and "outside the project folder" in cited.notices[0].message


def test_inputs_that_loop_are_read_once(tmp_path: Path) -> None:
    main = write(tmp_path, "main.tex", "\\cite{a}\\input{b}")
    write(tmp_path, "b.tex", "\\cite{b}\\input{main}\\input{b}")
    assert read_citations(main).keys == ("a", "b")


def test_what_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="run it once"):
        read_citations(tmp_path / "main.aux")
    with pytest.raises(NotFoundError, match="does not exist"):
        read_citations(tmp_path / "main.tex")
    (tmp_path / "folder.tex").mkdir()
    with pytest.raises(InvalidInputError, match="is a folder"):
        read_citations(tmp_path / "folder.tex")
    with pytest.raises(InvalidInputError, match=r"its \.aux"):
        read_citations(write(tmp_path, "main.md", "[@a]"))


def test_comments() -> None:
    assert strip_comments("a % b\nc \\% d % e\n\\\\% f") == "a \nc \\% d \n\\\\"


def test_stray_bytes_do_not_stop_reading(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tex"
    path.write_bytes("Caf\xe9 \\cite{k\xe9y,plain}".encode("latin-1"))
    assert "plain" in read_citations(path).keys
