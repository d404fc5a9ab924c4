"""``teenlab serve``: the web application behind gunicorn, a production-grade WSGI server."""

import multiprocessing

from django.core.management import call_command
from django.core.management.base import BaseCommand
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
        from teenlab.wsgi import application

        return application


def default_workers() -> int:
    return min(2 * multiprocessing.cpu_count() + 1, 8)


class Command(BaseCommand):
    help = _("Sert l'application web (gunicorn).")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=default_workers())

    def handle(self, *args, host, port, workers, **options):
        # Static files are collected (and compressed) once, then served by WhiteNoise.
        call_command("collectstatic", interactive=False, verbosity=0)
        url = f"http://{host}:{port}/"
        self.stdout.write(_("teenlab est servi à %(url)s (Ctrl+C pour arrêter)") % {"url": url})
        self.stdout.flush()
        TeenlabServer(
            {
                "bind": f"{host}:{port}",
                "workers": workers,
                "accesslog": "-",
                "errorlog": "-",
                "loglevel": "warning",
                "timeout": 120,
            }
        ).run()
