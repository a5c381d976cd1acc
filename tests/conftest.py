"""What every test shares: a per-user state folder of its own.

Locks on Google spreadsheets live in the per-user state folder (`$XDG_STATE_HOME/sheetsync`),
keyed by spreadsheet ID. The fake's IDs repeat from test to test, so without a folder per test
two test runs on one machine (or a lock left by a killed test) would make each other exit 5.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def own_user_state_folder(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("xdg-state")))
