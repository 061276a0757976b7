"""Parts of a :class:`~readinglist.core.library.Library` made on first use.

``readinglist list`` opens the library, reads a page of rows and exits.
Making every part at open imported the BibTeX writers, bibtexparser, the
merge and every importer for parts such a run never touches, and that
import cost more than the rest of the run. A part made here has no effect of
its own when it is made (it only holds its dependencies), so making it on
first use behaves as making it at open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

if TYPE_CHECKING:
    from readinglist.core.bibtex.scope import SearchIds
    from readinglist.core.bibtex.service import Bibtex
    from readinglist.core.online.enrich import Enrichment
    from readinglist.core.store import Store
    from readinglist.core.sync.service import Sync

T = TypeVar("T")


class Part(Generic[T]):
    """An attribute made by ``make(owner)`` on first use, once per owner.

    Like :func:`functools.cached_property`, but made once even when two
    threads ask at the same time (Python 3.12 dropped that lock): a part
    such as the auto-exporter holds state that must not be split in two.
    """

    def __init__(self, make: Callable[[Any], T]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, obj: None, owner: type) -> Part[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: object, owner: type | None = None) -> T | Part[T]:
        if obj is None:
            return self
        with self._lock:
            made: T | None = vars(obj).get(self._name)
            if made is None:
                # The instance's own attribute from now on: later reads skip this descriptor.
                made = vars(obj)[self._name] = self._make(obj)
            return made


def bibtex(store: Store, search: SearchIds, warnings: list[str]) -> Bibtex:
    from readinglist.core.bibtex.service import Bibtex

    return Bibtex(store, search, warnings)


def enrichment(store: Store) -> Enrichment:
    from readinglist.core.online.enrich import Enrichment

    return Enrichment(store)


def sync(store: Store, root: Path) -> Sync:
    from readinglist.core.sync.service import Sync

    return Sync(store, root)
