from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "teenlab.training"
    verbose_name = _("Formation")

    def ready(self):
        from teenlab.training import rollups

        rollups.connect()  # each enrolment's attendance totals follow every write (rollups.py)
