from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "teenlab.reporting"
    verbose_name = _("Bilan")

    def warm_up(self) -> None:
        """Called by ``teenlab serve`` before its workers fork: matplotlib and the report's
        fonts, loaded once (``charts.warm``)."""
        from teenlab.reporting.charts import warm

        warm()
