"""``teenlab restore FILE``: an archive of ``teenlab backup`` into an empty database."""

from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from teenlab.privacy.backup import backup_restore
from teenlab.privacy.management.archive import ArchiveCommand


class Command(ArchiveCommand):
    help = gettext_lazy(
        "Restaure une archive de teenlab backup dans une base vide, après avoir vérifié son "
        "manifeste (empreinte, migrations), puis applique les migrations plus récentes."
    )

    def run(self, *, file: str) -> None:
        result = backup_restore(source=Path(file))
        manifest = result.manifest
        self.stdout.write(
            ngettext(
                "Sauvegarde du %(date)s (teenlab %(version)s) restaurée : %(projects)d projet.",
                "Sauvegarde du %(date)s (teenlab %(version)s) restaurée : %(projects)d projets.",
                manifest["records"]["projects"],
            )
            % {
                "date": manifest["created_at"],
                "version": manifest["versions"]["teenlab"],
                "projects": manifest["records"]["projects"],
            }
        )
        if result.migrations_applied:
            self.stdout.write(
                _("Migrations appliquées depuis la sauvegarde : %(list)s")
                % {"list": ", ".join(result.migrations_applied)}
            )
        # docs/operations.md, "Anonymisation and the backups".
        self.stdout.write(
            _(
                "Avant d'ouvrir le serveur : lancez teenlab retention --apply (la sauvegarde "
                "peut contenir des personnes anonymisées depuis) et refaites les effacements "
                "demandés après le %(date)s."
            )
            % {"date": manifest["created_at"]}
        )
