"""``teenlab verify PUBLISHED.yaml``: which printed figures the records do not support."""

from __future__ import annotations

import json

from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from teenlab.core.management.base import TeenlabCommand
from teenlab.reporting.management.options import language_checked, scope_arguments, scoped_bilan
from teenlab.reporting.verify import (
    PublishedReportError,
    explanation_message,
    mismatch_message,
    published_load,
    published_verify,
    recognition_message,
    verification_json,
)

# Exit statuses: 0 every figure matches, 1 some do not, 2 the report or the scope is unusable.
ERROR_STATUS = 2


class Command(TeenlabCommand):
    help = (
        "Compare un rapport publié (YAML, voir docs/verify.md) aux données et affiche chaque "
        "chiffre que les données ne donnent pas ; code de sortie 1 s'il y en a."
    )

    def add_arguments(self, parser):
        parser.add_argument("published", metavar="PUBLISHED.yaml", help="le rapport publié")
        scope_arguments(parser)
        parser.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help=gettext_lazy("text (par défaut) ou json, les causes des écarts comprises"),
        )

    def handle(self, *args, published, project, organisation, cohort, lang, format, **options):
        language_checked(lang, returncode=ERROR_STATUS)
        with translation.override(lang):
            try:
                report = published_load(published)
            except PublishedReportError as error:
                raise CommandError(str(error), returncode=ERROR_STATUS) from None
            _scope, bilan = scoped_bilan(
                project=project, organisation=organisation, cohort=cohort, returncode=ERROR_STATUS
            )
            result = published_verify(published=report, bilan=bilan)
            if format == "json":
                data = verification_json(result, lang)
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
                if result.ok:
                    return
                raise SystemExit(1)
            for mismatch in result.mismatches:
                self.stdout.write(mismatch_message(mismatch, lang))
                # The usual causes that fit (docs/verify.md, "Why a figure differs").
                for rank, explanation in enumerate(mismatch.explanations):
                    label = _("cause probable") if rank == 0 else _("aussi")
                    text = explanation_message(explanation, mismatch, lang)
                    self.stdout.write(
                        f"  → {label} : {text}" if lang == "fr" else f"  → {label}: {text}"
                    )
            # Which rounding convention each printed percentage follows, when it is not plain
            # rounding (the percentages plain rounding gives are not listed).
            for recognition in result.by_largest_remainder:
                self.stdout.write(recognition_message(recognition, lang))
            if result.ok:
                self.stdout.write(
                    ngettext(
                        "Aucun écart : le chiffre publié correspond aux données.",
                        "Aucun écart : les %(count)d chiffres publiés correspondent aux données.",
                        result.checked,
                    )
                    % {"count": result.checked}
                )
                return
            self.stdout.write(
                ngettext(
                    "%(count)d écart sur %(checked)d chiffre publié.",
                    "%(count)d écarts sur %(checked)d chiffres publiés.",
                    len(result.mismatches),
                )
                % {"count": len(result.mismatches), "checked": result.checked}
            )
        raise SystemExit(1)
