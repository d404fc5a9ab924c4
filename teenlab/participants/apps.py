from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "teenlab.participants"
    verbose_name = _("Jeunes et recrutement")
