"""Writing with the library: what a document cites, and citations in its writer's syntax.

``documents`` reads the keys a LaTeX document cites (its ``.aux``, biber's
``.bcf`` or the ``.tex`` sources, through the readers ``aux``, ``bcf`` and
``tex``); ``resolve`` finds the papers behind them and suggests papers for
keys the library lacks; ``export`` writes exactly the cited papers;
``csl`` is the CSL-JSON writer (pandoc, Quarto, Zotero); ``cite`` formats a
citation for LaTeX, biblatex, pandoc, Typst or Markdown. Nothing here knows
Qt; the Library exposes it through ``library.bibtex``.
"""
