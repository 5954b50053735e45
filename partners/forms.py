from django import forms

from core.forms import PublicForm

from .models import APIKeyRequest


class APIKeyRequestForm(PublicForm, forms.ModelForm):
    class Meta:
        model = APIKeyRequest
        fields = ["organisation", "contact_name", "contact_email", "website", "intended_use"]
        widgets = {"intended_use": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].assume_scheme = "https"
