"""The real thing: ``teenlab serve`` on a fresh database starts the background worker, which
checks an upload sent over HTTP and, once confirmed, loads it; stopping the server stops it."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import dj_database_url
import pytest

from tests.datapackage.helpers import base, write_zip

TEENLAB = Path(sys.executable).with_name("teenlab")
DEADLINE = 90  # seconds for each wait; a loaded machine is slow, a hung one never answers


@contextlib.contextmanager
def fresh_database():
    """A ``DATABASE_URL`` for a database of its own: a SQLite file in TEENLAB_HOME (None), or,
    when the tests run on PostgreSQL, a new database dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    import psycopg

    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_serve_{secrets.token_hex(4)}"
    admin = psycopg.connect(
        dbname="postgres",  # the configured database need not exist: the tests make their own
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"] or "localhost",
        port=config["PORT"] or 5432,
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, what: str):
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


class Browser:
    """Just enough of a browser: cookies, CSRF tokens, forms, no JavaScript."""

    def __init__(self, base_url: str, session_key: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        host = base_url.split("//", 1)[1].split(":", 1)[0]
        self.cookies.set_cookie(
            http.cookiejar.Cookie(
                0, "sessionid", session_key, None, False, host, False, False, "/", True,
                False, None, False, None, None, {}
            )
        )  # fmt: skip

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base_url + path, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def post(self, path: str, html: str, fields: dict, files: dict | None = None):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in {"csrfmiddlewaretoken": token, **fields}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, path_ in (files or {}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{path_.name}"\r\nContent-Type: application/zip\r\n\r\n'.encode()
                + path_.read_bytes()
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()


def status_of(html: str) -> str | None:
    found = re.search(r'id="upload-review" data-status="([a-z_]+)"', html)
    return found.group(1) if found else None


SETUP = """
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from teenlab.core.models import User
user = User.objects.create_superuser("root", "root@example.org", "{password}")
device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # the second factor, given
session.create()
print("SESSION", session.session_key)
"""


@pytest.mark.slow
def test_serve_runs_a_worker_that_checks_then_imports_an_upload(tmp_path):
    home = tmp_path / "home"
    package = write_zip(tmp_path / "paquet.zip", base())
    with fresh_database() as database_url:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        env["TEENLAB_HOME"] = str(home)
        if database_url:
            env["DATABASE_URL"] = database_url
        setup = subprocess.run(
            [str(TEENLAB), "shell", "-c", SETUP.format(password=secrets.token_urlsafe(16))],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert setup.returncode == 0, setup.stderr
        session_key = re.search(r"SESSION (\w+)", setup.stdout).group(1)

        port = free_port()
        log = (tmp_path / "serve.log").open("w")
        server = subprocess.Popen(
            [str(TEENLAB), "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            browser = Browser(f"http://127.0.0.1:{port}", session_key)

            def answers():
                try:
                    return browser.get("/data/import/")
                except (urllib.error.URLError, ConnectionError):
                    assert server.poll() is None, (tmp_path / "serve.log").read_text()
                    return None

            _url, page = wait_for(answers, "the server")
            worker = wait_for(lambda: worker_of(server.pid), "the worker process")

            # The worker is paused: the upload waits in the queue, the request does not.
            os.kill(worker, signal.SIGSTOP)
            try:
                review_url, review = browser.post(
                    "/data/import/", page, {}, files={"package": package}
                )
                assert status_of(review) == "queued", review
                assert 'hx-trigger="every 1s"' in review
            finally:
                os.kill(worker, signal.SIGCONT)
            path = review_url.split(str(port), 1)[1]
            _url, review = wait_for(
                lambda: (got := browser.get(path)) and status_of(got[1]) == "validated" and got,
                "the check",
            )
            assert 'id="import-valid"' in review
            assert list((home / "uploads").iterdir())  # kept until it is imported

            landed, page = browser.post(path, review, {})
            if not landed.endswith("/data/import/"):  # not imported yet: the page polls
                assert status_of(page) in {"import_queued", "importing"}, page

                def imported():
                    url, html = browser.get(path)
                    return url.endswith("/data/import/") and html

                page = wait_for(imported, "the import")
            assert "Le projet TL a été importé" in page
            assert not list((home / "uploads").iterdir())  # deleted once imported
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
            log.close()
        wait_for(lambda: not alive(worker), "the worker to stop with the server")


def worker_of(pid: int) -> int | None:
    """The ``teenlab worker`` process that ``teenlab serve`` (``pid``) started."""
    found = [child for child in children(pid) if "teenlab.cli worker" in cmdline(child)]
    return found[0] if found else None


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
