"""Everything that depends on Whoosh's private internals or replaces a piece of Whoosh.

Read ``README.md`` beside this file first: which release it was written
against, what each module replaces and why (with the measured figures), and
how to re-validate it on a new release. :func:`select` picks, per index, the
fast paths (verified release only) or Whoosh's own; :mod:`.safepickle` makes
every path read index files as data, never as code.
"""

from __future__ import annotations

from readinglist.core.search.whoosh_ext.engine import (
    VERIFIED_RELEASE,
    Engine,
    SearchPaths,
    installed_release,
    select,
)

__all__ = ["VERIFIED_RELEASE", "Engine", "SearchPaths", "installed_release", "select"]
