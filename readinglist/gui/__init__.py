"""The desktop window: Qt only, over the same ``Library`` service as the CLI.

Where things are:

- ``app.py`` starts the app (single instance, error dialogs); ``theme.py``
  paints it light or dark; ``preferences.py`` holds the user's settings.
- ``main_window.py`` builds the panes, owns the models and composes the
  controllers; ``controllers/`` holds what the window *does*, one controller
  per part of the work (see its ``__init__``).
- ``actions.py`` is the registry of every action (menus, shortcuts, the F1
  sheet): a new action is one line there, naming the controller method that
  runs it (``"triage.toggle_star"``).
- Widgets and models, each knowing nothing of the others: ``sidebar.py``,
  ``paper_model.py`` and ``paper_view.py`` (the list), ``detail.py`` and
  ``notes.py`` (the current paper), ``search_bar.py``, ``welcome.py``, and the
  dialogs ``edit_dialog.py``, ``export_dialog.py``, ``shortcuts.py``.
- Work off the GUI thread: ``workers.py`` (the pool), ``import_jobs.py``
  (imports run there), ``index_rebuild.py`` and ``upkeep.py`` (the deferred
  index rebuild and daily backup); every write is an undoable command in
  ``undo.py``.
- ``icons.py`` finds icons; ``screenshots.py`` renders the window for review.
- ``import_hook.py`` spares the start PySide6's reading of every module's
  source; it runs first, before any other module of the window is imported.
"""

from readinglist.gui.import_hook import skip_feature_scan

skip_feature_scan()
