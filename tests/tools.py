"""External programs some tests need (desktop-file-validate, appstreamcli, ...).

Without the program a test skips, except under CI (``CI=true``), where
``.ci/run`` installs them and a missing one is a failure, not a silent skip.
"""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require_tool(name: str) -> str:
    """The program's path; skips the test when it is missing (fails under CI)."""
    path = shutil.which(name)
    if path is None:
        if in_ci():
            pytest.fail(f"{name} is not installed (.ci/run should have installed it)")
        pytest.skip(f"{name} is not installed")
    return path
