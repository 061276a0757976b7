"""The BibTeX tests' fixtures, for the writing tests too."""

from __future__ import annotations

from tests.core.bibtex.conftest import AddPapers, add_papers

__all__ = ["AddPapers", "add_papers"]
