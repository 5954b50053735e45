"""What every public form shares: a honeypot against bots and the site's field styling."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PublicForm(forms.Form):
    """Mix in first (`class F(PublicForm, forms.ModelForm)`) for a visitor-facing form."""

    # Honeypot: hidden from people by CSS and from assistive technology; bots fill it in.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["homepage"] = self.fields.pop("homepage")  # last, after the real fields
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def is_spam(self) -> bool:
        return bool(self.data.get("homepage"))

    @property
    def submitted(self) -> dict:
        """The cleaned data without the honeypot."""
        return {k: v for k, v in self.cleaned_data.items() if k != "homepage"}
