"""``teenlab indicators``: a funder's indicators (Interreg, ESF+, the French BPF) of a project,
a partner or a cohort, as JSON, XLSX, HTML or PDF (docs/indicators.md, "Funders'
indicators")."""

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
)

FRAMEWORK_CODES = ("interreg", "esfplus", "bpf")
FORMAT_CODES = ("json", "xlsx", "pdf", "html")


class Command(TeenlabCommand):
    help = (
        "Écrit les indicateurs d'un financeur (Interreg, FSE+, BPF) du projet, d'un partenaire "
        "ou d'une session, en JSON, XLSX, HTML ou PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--framework",
            required=True,
            help=f"{', '.join(FRAMEWORK_CODES)} : le cadre du financeur",
        )
        scope_arguments(parser)
        output_arguments(parser, stem="indicators-CADRE", formats=FORMAT_CODES)

    def handle(self, *args, lang, **options):
        language_checked(lang)
        with translation.override(lang):
            self._handle(lang=lang, **options)

    def _handle(self, *, lang, framework, fmt, output, project, organisation, cohort, **options):
        # Imported here: ``--help`` needs neither the database nor the renderers.
        from teenlab.reporting.frameworks.render import (
            FormatUnavailable,
            indicators_build,
            render,
        )
        from teenlab.reporting.scoping import ScopeNotFound, scope_resolve

        if framework not in FRAMEWORK_CODES:
            raise CommandError(
                _("Cadre inconnu : « %(code)s ». Cadres : %(codes)s.")
                % {"code": framework, "codes": ", ".join(FRAMEWORK_CODES)}
            )
        if fmt not in FORMAT_CODES:
            raise CommandError(
                _("Format inconnu : « %(code)s ». Formats : %(codes)s.")
                % {"code": fmt, "codes": ", ".join(FORMAT_CODES)}
            )
        try:
            scope = scope_resolve(project=project, organisation=organisation, cohort=cohort)
        except ScopeNotFound as error:
            raise CommandError(str(error)) from None
        report = indicators_build(framework=framework, scope=scope)
        try:
            content = render(report, fmt, lang)
        except FormatUnavailable as error:
            raise CommandError(str(error)) from None
        if output is None and fmt in ("xlsx", "pdf"):
            output = report.filename(lang=lang, fmt=fmt)
        written = "-" if output is None else output_write(content, output)
        export_logged(
            scope, export="indicators", framework=framework, format=fmt, lang=lang, file=written
        )
        if output is None:
            self.stdout.write(content.decode("utf-8"), ending="")
        else:
            self.stderr.write(
                _("Indicateurs écrits dans %(path)s") % {"path": output}, style_func=None
            )
