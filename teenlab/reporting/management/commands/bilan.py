"""``teenlab bilan``: the end-of-project report of a project, a partner or a cohort."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from teenlab.core.management.base import TeenlabCommand
from teenlab.reporting.management.options import (
    export_logged,
    language_checked,
    output_arguments,
    output_write,
    scope_arguments,
    scope_of,
    scoped_bilan,
)
from teenlab.reporting.renderers import (
    FORMATS,
    FormatUnavailable,
    UnknownFormat,
    renderer_get,
)
from teenlab.reporting.scoping import ResolvedScope
from teenlab.reporting.selectors import bilan_figures


class Command(TeenlabCommand):
    help = (
        "Écrit le bilan du projet (ou d'un partenaire, ou d'une session) "
        "en JSON, HTML, PDF ou XLSX."
    )

    def add_arguments(self, parser):
        scope_arguments(parser)
        output_arguments(parser, stem="bilan", formats=FORMATS)
        parser.add_argument(
            "--trainees",
            action="store_true",
            help="json : avec la ligne de chaque stagiaire (trainee_hours.by_trainee), "
            "que le XLSX liste toujours",
        )

    def handle(self, *args, lang, **options):
        language_checked(lang)
        with translation.override(lang):
            self._handle(lang=lang, **options)

    def _handle(self, *, lang, fmt, output, project, organisation, cohort, trainees, **options):
        try:
            renderer = renderer_get(fmt)
        except UnknownFormat as error:
            raise CommandError(str(error)) from None
        if renderer.figures_only:
            # The JSON prints the figures alone: nothing of the report around them is computed.
            scope = scope_of(project=project, organisation=organisation, cohort=cohort)
            figures = bilan_figures(
                project=scope.project,
                organisation=scope.organisation,
                cohort=scope.cohort,
                trainees=trainees,
            )
            content = renderer.render_figures(figures, lang)
        else:
            scope, bilan = scoped_bilan(
                project=project,
                organisation=organisation,
                cohort=cohort,
                trainees=trainees or renderer.lists_trainees,
            )
            try:
                content = renderer.render(bilan, lang)
            except FormatUnavailable as error:
                raise CommandError(str(error)) from None
            if output is None and renderer.binary:
                output = renderer.filename(bilan, lang)
        if output is None:
            self._logged(scope, fmt=fmt, lang=lang, file="-")
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        written = output_write(content, output)
        self._logged(scope, fmt=fmt, lang=lang, file=written)
        self.stderr.write(_("Bilan écrit dans %(path)s") % {"path": output}, style_func=None)

    def _logged(self, scope: ResolvedScope, *, fmt: str, lang: str, file: str) -> None:
        """The access log's entry for this bilan: no account, the system user."""
        export_logged(scope, export="bilan", format=fmt, lang=lang, file=file)
