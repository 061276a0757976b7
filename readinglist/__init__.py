"""readinglist: a reading-list manager for researchers.

The version lives here and only here; packaging, ``--version`` and the About
dialog all read it from this attribute.
"""

__version__ = "0.1.0"
APP_ID = "io.github.readinglist.ReadingList"
APP_NAME = "readinglist"
