"""``teenlab retention [--project CODE] [--apply] [--on DATE] [--lang fr|it|en]``: what the
retention policy finds due (a dry run: young people by code, why, since when), or, with
``--apply``, anonymise it all in one transaction (docs/privacy.md, "Retention")."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenlab.core.management.base import TeenlabCommand
from teenlab.core.management.options import language_argument
from teenlab.core.models import Project
from teenlab.privacy import selectors, services


def _day(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


class Command(TeenlabCommand):
    help = gettext_lazy(
        "Liste les jeunes dont la durée de conservation est écoulée (sans rien changer), ou "
        "les anonymise avec --apply, en une seule transaction ; les chiffres du bilan ne "
        "changent pas."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", metavar="CODE", help="un seul projet (son code)")
        parser.add_argument(
            "--apply", action="store_true", help="anonymiser ce qui est dû (sinon : la liste)"
        )
        parser.add_argument(
            "--on",
            type=dt.date.fromisoformat,
            metavar="AAAA-MM-JJ",
            help="comme si l'on était ce jour-là (par défaut : aujourd'hui)",
        )
        language_argument(parser)

    def handle(self, *args, project, apply, on, lang, **options):
        with translation.override(lang):
            today = on or timezone.localdate()
            projects = Project.objects.order_by("code")
            if project:
                projects = projects.filter(code=project)
                if not projects.exists():
                    raise CommandError(_("Aucun projet de code « %s ».") % project)
            with transaction.atomic():
                for item in projects:
                    self._project(item, today=today, apply=apply)

    def _project(self, project: Project, *, today: dt.date, apply: bool) -> None:
        due = selectors.due_for_anonymisation(project=project, today=today)
        signatures = selectors.signatures_due(project=project, today=today)
        self.stdout.write(
            _("%(code)s : %(due)d jeune(s) à anonymiser, %(sig)d dont effacer les signatures")
            % {"code": project.code, "due": len(due), "sig": len(signatures)}
        )
        for item in due:
            self.stdout.write(
                "  "
                + _(
                    "%(code)s : dernier contact %(last)s (%(kind)s), "
                    "conservation écoulée le %(since)s"
                )
                % {
                    "code": item.code,
                    "last": _day(item.last_contact),
                    "kind": item.contact_label if item.last_contact else _("aucun"),
                    "since": _day(item.due_since),
                }
            )
        for kept in signatures:
            self.stdout.write(
                "  "
                + _("%(code)s : signatures gardées pour l'audit jusqu'au %(until)s")
                % {"code": kept.code, "until": _day(kept.kept_until)}
            )
        if apply and (due or signatures):
            applied = services.retention_apply(project=project, by=None, today=today)
            self.stdout.write(
                _(
                    "%(code)s : %(count)d jeune(s) anonymisé(s), "
                    "%(entries)d entrée(s) du journal réécrite(s)"
                )
                % {
                    "code": project.code,
                    "count": len(applied.anonymised),
                    "entries": applied.journal_entries,
                }
            )
