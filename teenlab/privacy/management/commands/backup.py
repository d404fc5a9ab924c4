"""``teenlab backup FILE``: the whole database and its uploaded files in one archive."""

from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenlab.core.audit import access_log, command_details
from teenlab.core.models import AuditEntry, Project
from teenlab.privacy.backup import backup_write
from teenlab.privacy.management.archive import ArchiveCommand


class Command(ArchiveCommand):
    help = gettext_lazy(
        "Sauvegarde toute la base (SQLite : copie en ligne ; PostgreSQL : pg_dump), logos et "
        "signatures compris, dans une seule archive avec son manifeste (docs/operations.md)."
    )
    file_help = gettext_lazy("l'archive à écrire (.tar.gz)")

    def run(self, *, file: str) -> None:
        path = Path(file)
        # The backup is a download of every record: journaled first, so that the backup
        # carries its own entry.
        projects = (
            Project.objects.order_by("code")
            if Project._meta.db_table in connection.introspection.table_names()
            else []
        )
        for project in projects:
            access_log(
                user=None,
                action=AuditEntry.Action.EXPORT,
                obj=project,
                details={"export": "backup", "file": str(path.resolve()), **command_details()},
            )
        manifest = backup_write(destination=path).manifest
        records = manifest["records"]
        self.stdout.write(
            _(
                "Sauvegarde écrite dans %(path)s (%(engine)s, %(migrations)d migrations, "
                "%(logos)d logos, %(signatures)d signatures)."
            )
            % {
                "path": path,
                "engine": manifest["database"]["engine"],
                "migrations": len(manifest["migrations"]),
                "logos": records["logos"],
                "signatures": records["attendance_signatures"] + records["slot_countersignatures"],
            }
        )
        self.stdout.write(
            _("SHA-256 de la base sauvegardée : %(sha)s") % {"sha": manifest["database"]["sha256"]}
        )
