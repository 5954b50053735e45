from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import CaseStudy
from core.forms import PublicForm
from core.models import Tier
from directory.models import ProductCategory, Vendor, Vertical


class SuggestionForm(PublicForm):
    """A visitor's proposal for a new entry; it becomes a draft that editors review."""

    KINDS = [
        ("vendor", _("A vendor")),
        ("aimodel", _("A model")),
        ("product", _("A product")),
        ("casestudy", _("A case study")),
    ]
    # What each kind needs beyond a name and a description.
    REQUIRED = {
        "vendor": ("vendor_kind",),
        "aimodel": ("vendor", "tier"),
        "product": ("vendor", "category"),
        "casestudy": ("vertical", "client_name", "client_type", "tier"),
    }

    kind = forms.ChoiceField(label=_("What are you suggesting?"), choices=KINDS)
    name = forms.CharField(
        label=_("Name or title"),
        max_length=120,
        help_text=_("In Chinese or English, as the entry is usually called."),
    )
    vendor_kind = forms.ChoiceField(
        label=_("Vendor kind"), choices=[("", "—"), *Vendor.Kind.choices], required=False
    )
    vendor = forms.ModelChoiceField(
        label=_("Vendor"),
        queryset=Vendor.objects.published(),
        to_field_name="slug",
        required=False,
        help_text=_("For a model or a product: who makes it."),
    )
    tier = forms.ChoiceField(label=_("Tier"), choices=[("", "—"), *Tier.choices], required=False)
    category = forms.ModelChoiceField(
        label=_("Product category"), queryset=ProductCategory.objects.all(), required=False
    )
    vertical = forms.ModelChoiceField(
        label=_("Vertical"), queryset=Vertical.objects.all(), required=False
    )
    client_name = forms.CharField(
        label=_("Client"),
        max_length=120,
        required=False,
        help_text=_("For a case study; may be anonymised, e.g. 某国有大型银行."),
    )
    client_type = forms.ChoiceField(
        label=_("Client type"),
        choices=[("", "—"), *CaseStudy.ClientType.choices],
        required=False,
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What it is and why it belongs in Atlas (up to 3,000 characters)."),
    )
    source_url = forms.URLField(
        label=_("Source"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("A public page that confirms the facts: a filing, a press release, a report."),
    )
    contact = forms.EmailField(
        label=_("Your e-mail (optional)"),
        required=False,
        help_text=_("Only editors see it, in case they have a question."),
    )

    def clean(self):
        cleaned = super().clean()
        for name in self.REQUIRED.get(cleaned.get("kind"), ()):
            if not cleaned.get(name):
                self.add_error(name, _("Needed for this kind of entry."))
        return cleaned
