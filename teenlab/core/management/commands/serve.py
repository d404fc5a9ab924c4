"""``teenlab serve``: the web application behind gunicorn, a production-grade WSGI server, and
the background worker (``teenlab worker``) that checks and loads web imports, started and stopped
with it.

gunicorn forks its workers from this process. A database connection open at that moment (the
migration check of ``teenlab`` opens one, and ``CONN_MAX_AGE`` keeps it) would be inherited by
every worker: one socket, several processes, each reading the others' results. So connections
are closed before gunicorn starts, and again in each worker right after the fork.
"""

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys

from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django.utils.translation import gettext as _
from gunicorn.app.base import BaseApplication


class TeenlabServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        """The application, loaded once in gunicorn's arbiter (``preload_app``) and warmed up
        there, so that every worker forks ready: the first request of a worker does not pay
        for the URLconf, every view's module and matplotlib (several seconds for the first
        bilan page otherwise: issue 14)."""
        from teenlab.wsgi import application

        warm_up()
        return application


def warm_up() -> None:
    """Import what the pages need before the first request: the URLconf (every view), then
    what each application says it needs warm (``AppConfig.warm_up``: the report's charts, for
    one). No database access."""
    from django.apps import apps
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    for config in apps.get_app_configs():
        if callable(warm := getattr(config, "warm_up", None)):
            warm()


def post_fork(server, worker) -> None:
    """gunicorn's hook, in each new worker: start without any connection of the arbiter's."""
    connections.close_all()


def gunicorn_options(*, host: str, port: int, workers: int) -> dict:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 120,
        # The application is loaded (and warmed up) once, before the workers fork.
        "preload_app": True,
        "post_fork": post_fork,
    }


def default_workers() -> int:
    """One worker per core (two at least, eight at most). gunicorn's usual 2 x cores + 1
    assumes workers waiting on a database elsewhere; teenlab's pages spend their time in
    Python, and the database often shares the machine: measured at 100 000 youth with 50
    people on 2 cores (docs/benchmarks.md, "Under load"), 5 workers queued behind one another
    (p95 up to 270 ms), 2 kept every page's p95 under 110 ms. ``--workers`` sets another
    number."""
    return max(2, min(multiprocessing.cpu_count(), 8))


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    """Linux: the worker gets SIGTERM if the server dies without stopping it (kill -9)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@contextlib.contextmanager
def background_worker(*, enabled: bool = True):
    """``teenlab worker`` in a child process for as long as the block runs (the server)."""
    if not enabled:
        yield None
        return
    process = subprocess.Popen(
        [sys.executable, "-m", "teenlab.cli", "worker", "--verbosity", "0"],
        env=os.environ.copy(),
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()  # the worker ends the task it runs, then stops
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Command(BaseCommand):
    help = _("Sert l'application web (gunicorn).")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help=_("ne pas lancer le worker des tâches de fond (il tourne ailleurs)"),
        )

    def handle(self, *args, host, port, workers, no_worker, **options):
        # Static files are collected (and compressed) once, then served by WhiteNoise.
        call_command("collectstatic", interactive=False, verbosity=0)
        # Reports cached by an earlier version of the templates go (settings, "Caches").
        caches["reports"].clear()
        url = f"http://{host}:{port}/"
        self.stdout.write(_("teenlab est servi à %(url)s (Ctrl+C pour arrêter)") % {"url": url})
        self.stdout.flush()
        connections.close_all()
        with background_worker(enabled=not no_worker):
            TeenlabServer(gunicorn_options(host=host, port=port, workers=workers)).run()
