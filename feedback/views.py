from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.views import PublicFormView

from .forms import MessageForm
from .models import Message
from .services import message_receive

CONTACT_LIMIT = getattr(settings, "CONTACT_RATE_LIMIT", (5, 3600))  # messages, seconds


class ContactView(PublicFormView):
    """Corrections and questions: `?about=/models/x/` names the page a visitor came from."""

    template_name = "feedback/contact.html"
    form_class = MessageForm
    success_url = reverse_lazy("feedback:contact_thanks")
    rate_scope = "contact"
    limit = CONTACT_LIMIT
    limited_message = _("Too many messages from your address. Please try again in an hour.")

    def get_initial(self):
        about = (self.request.GET.get("about") or "")[:300]
        initial = {"kind": Message.Kind.CORRECTION if about else Message.Kind.QUESTION}
        if about.startswith("/") and not about.startswith("//"):
            initial["about_url"] = about
        return initial

    def accept(self, data):
        message_receive(data=data)


class ContactThanksView(TemplateView):
    template_name = "feedback/contact_thanks.html"
