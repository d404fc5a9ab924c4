"""A real ``teenlab serve`` (gunicorn, forked workers) in a subprocess, and a small HTTP client.

The tests of this folder hit the server as browsers do: real sockets, cookies, CSRF tokens.
The server's database is the test database itself on PostgreSQL (the tests that use it are
``transactional_db``: what they write is committed, so the server sees it) and, on SQLite, a
file copy of it, since the in-memory test database cannot be shared with another process.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_database_url(tmp_path: Path) -> str:
    """A URL naming the test database for another process (SQLite: a file copy, made now)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "server.sqlite3"
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(path)) as target:
            connection.connection.backup(target)
        return f"sqlite:///{path}"
    user = urllib.parse.quote(settings["USER"] or "", safe="")
    password = urllib.parse.quote(settings["PASSWORD"] or "", safe="")
    host = settings["HOST"] or "localhost"
    port = settings["PORT"] or "5432"
    return f"postgres://{user}:{password}@{host}:{port}/{settings['NAME']}"


def server_env(database_url: str, home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "TEENLAB_HOME": str(home), **extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["DJANGO_SETTINGS_MODULE"] = "teenlab.settings"
    env["DEBUG"] = "no"
    return env


@dataclass
class RunningServer:
    url: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def teenlab_serve(
    *, database_url: str, home: Path, workers: int = 4, timeout: float = 60
) -> Iterator[RunningServer]:
    """``teenlab serve`` on a free port; yields as soon as the port accepts connections."""
    port = free_port()
    home.mkdir(parents=True, exist_ok=True)
    log = home / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "teenlab.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=server_env(database_url, home),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    server = RunningServer(url=f"http://127.0.0.1:{port}", process=process, log=log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(f"teenlab serve stopped:\n{server.output()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"teenlab serve did not listen:\n{server.output()}")
            time.sleep(0.05)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


class Browser:
    """One browser: its own cookies, CSRF token taken from the pages it reads; no redirects."""

    def __init__(self, base_url: str, timeout: float = 60):
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        self.csrf_token = ""

    def request(self, path: str, data: dict | None = None, headers: dict | None = None) -> Answer:
        body = None
        headers = {"Referer": self.base_url + path, **(headers or {})}
        if data is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf_token, **data})
            body = body.encode()
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                answer = Answer(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, dict(error.headers), error.read().decode(errors="replace"))
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.body)
        if found:
            self.csrf_token = found.group(1)
        return answer

    def get(self, path: str) -> Answer:
        return self.request(path)

    def post(self, path: str, data: dict, headers: dict | None = None) -> Answer:
        return self.request(path, data, headers)

    def log_in(self, username: str, password: str) -> Answer:
        self.get("/login/")
        return self.post("/login/", {"username": username, "password": password})
