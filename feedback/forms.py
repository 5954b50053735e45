from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PublicForm

from .models import Message


class MessageForm(PublicForm, forms.ModelForm):
    class Meta:
        model = Message
        fields = ["kind", "about_url", "body", "source_url", "name", "organisation", "email"]
        labels = {
            "about_url": _("Page concerned (optional)"),
            "body": _("Your message"),
            "name": _("Your name (optional)"),
        }
        help_texts = {
            "body": _(
                "For a correction: what is wrong and what is right (up to 3,000 characters)."
            ),
            "source_url": _("A public page that confirms the correct fact, if you have one."),
            "email": _("Optional; only editors see it, to answer you."),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_url"].assume_scheme = "https"

    def clean_about_url(self):
        # Only a path on this site: the page a visitor came from, never a link elsewhere.
        value = (self.cleaned_data.get("about_url") or "").strip()
        if (value and not value.startswith("/")) or value.startswith("//"):
            raise forms.ValidationError(
                _("Give the address of an Atlas page, e.g. /models/ernie-4/.")
            )
        return value
