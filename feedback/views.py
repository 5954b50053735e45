from django.conf import settings
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from public.views import rate_limited

from .forms import MessageForm
from .models import Message
from .services import message_receive

CONTACT_LIMIT = getattr(settings, "CONTACT_RATE_LIMIT", (5, 3600))  # messages, seconds


class ContactView(FormView):
    """Corrections and questions: `?about=/models/x/` names the page a visitor came from."""

    template_name = "feedback/contact.html"
    form_class = MessageForm

    def get_initial(self):
        about = (self.request.GET.get("about") or "")[:300]
        initial = {"kind": Message.Kind.CORRECTION if about else Message.Kind.QUESTION}
        if about.startswith("/") and not about.startswith("//"):
            initial["about_url"] = about
        return initial

    def post(self, request, *args, **kwargs):
        limit, window = CONTACT_LIMIT
        if rate_limited(request, "contact", limit, window):
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None, _("Too many messages from your address. Please try again in an hour.")
            )
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not form.is_spam():
            data = {k: v for k, v in form.cleaned_data.items() if k != "homepage"}
            message_receive(data=data)
        return redirect("feedback:contact_thanks")


class ContactThanksView(TemplateView):
    template_name = "feedback/contact_thanks.html"
