"""BibTeX and BibLaTeX export: citation keys, escaping, entries, auto-export.

The Library exposes this through a few thin methods (``export_bibtex``,
``export_to``, ``cite_keys``, ``set_citation_key``, ``autoexports``...);
the modules here hold the logic and know nothing of Qt.
"""

from readinglist.core.bibtex.autoexport import AutoExportLink
from readinglist.core.bibtex.scope import ExportScope

__all__ = ["AutoExportLink", "ExportScope"]
