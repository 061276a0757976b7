"""BibTeX and BibLaTeX export: citation keys, escaping, entries, auto-export.

The Library exposes this as its ``library.bibtex`` part (``service.py``:
``export``, ``export_to``, ``keys``, ``set_key``, ``autoexports``...);
the modules here hold the logic and know nothing of Qt. Only the export
scope is imported here: the importers read .bib files with this package's
value and inheritance modules, and auto-export (which reads documents, and
so the importers' limits) must not load with them.
"""

from readinglist.core.bibtex.scope import ExportScope

__all__ = ["ExportScope"]
