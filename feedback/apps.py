from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """Corrections and questions from visitors, queued in the admin for the editors."""

    name = "feedback"
    verbose_name = _("Corrections and messages")
