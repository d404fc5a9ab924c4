import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from teenlab.settings import local_secret_key

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "no",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "TEENLAB_HTTPS": "yes",
        "ALLOWED_HOSTS": "example.org",
        "TEENLAB_HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "teenlab.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # lifted by browser tests for Playwright only
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_local_secret_key_is_generated_once_and_kept_private(tmp_path):
    home = tmp_path / "home"
    key = local_secret_key(home)
    assert len(key) >= 50
    assert local_secret_key(home) == key
    assert (home / "secret_key").stat().st_mode & 0o077 == 0


def test_an_unwritable_home_falls_back_to_a_development_key(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert local_secret_key(blocker / "home").startswith("insecure-local-development-key-")


@pytest.mark.django_db
def test_pages_forbid_framing_and_sniffing(client):
    response = client.get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
