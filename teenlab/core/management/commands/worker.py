"""``teenlab worker``: runs the background tasks (the web import's checks and loads, the expiry
of uploads) queued in the database. ``teenlab serve`` starts one and stops it with the server;
run it on its own only beside ``teenlab serve --no-worker``."""

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from teenlab.core.management.base import TeenlabCommand


class Command(TeenlabCommand):
    help = _("Exécute les tâches de fond (vérification et chargement des imports web).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help=_("exécuter les tâches en attente puis s'arrêter"),
        )

    def handle(self, *args, batch, verbosity, **options):
        # django-tasks-db's worker: one task at a time, polling the queue every second.
        call_command(
            "db_worker",
            queue_name="*",
            interval=1,
            batch=batch,
            reload=False,
            startup_delay=False,
            verbosity=verbosity,
        )
