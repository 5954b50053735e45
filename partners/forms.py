from django import forms
from django.utils.translation import gettext_lazy as _

from .models import APIKeyRequest


class APIKeyRequestForm(forms.ModelForm):
    # Honeypot: hidden from people by CSS and from assistive technology; bots fill it in.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = APIKeyRequest
        fields = ["organisation", "contact_name", "contact_email", "website", "intended_use"]
        widgets = {"intended_use": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].assume_scheme = "https"
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def is_spam(self) -> bool:
        return bool(self.data.get("homepage"))
