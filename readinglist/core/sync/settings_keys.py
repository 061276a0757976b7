"""The settings sync keeps in the library: what a library that does not sync
reads to learn so, without loading the sync engine (pycrdt and its async
runtime: about 60 ms, which the window paid after its first rows)."""

from __future__ import annotations

FOLDER = "sync.folder"
DEVICE = "sync.device"
SEQ = "sync.seq"
GENERATION = "sync.generation"
WAITING = "sync.waiting"
STATUS = "sync.status"
ERROR = "sync.error"
