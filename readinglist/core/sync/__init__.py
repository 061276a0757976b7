"""Sync: one library on several devices, through a folder the user already syncs.

The shared state is a CRDT document (pycrdt, the Python bindings of Yrs):
:mod:`.shared` says how it is laid out, :mod:`.fields` lists what of a
library is in it and how each part merges. Each device writes only its own
files into the folder (:mod:`.folder`, :mod:`.envelope`) and reads everyone
else's (:mod:`.reader`); SQLite stays the truth of the app, written from the
document in one transaction (:mod:`.publish` one way, :mod:`.apply` the
other, :mod:`.engine` the order of it all). ``library.sync``
(:mod:`.service`) is what the window and the command line call.
"""
