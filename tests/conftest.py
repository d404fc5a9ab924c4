"""Shared fixtures. The database is SQLite unless DATABASE_URL names another (CI runs both)."""

import pytest


@pytest.fixture(autouse=True)
def _teenlab_home(tmp_path, settings, monkeypatch):
    """Every test writes its files under its own temporary TEENLAB_HOME."""
    monkeypatch.setenv("TEENLAB_HOME", str(tmp_path / "teenlab-home"))
    settings.TEENLAB_HOME = tmp_path / "teenlab-home"
