"""The finder's requirements: every field optional, all of them held in the URL."""

from decimal import Decimal

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cases.models import CaseStudy
from core.regions import Province
from directory.models import Modality, Scenario, Vertical
from procurement.models import DeploymentOffer, Platform
from procurement.querysets import DENGBAO_LEVELS

# The parameters, in the order a shared URL spells them.
PARAMS = (
    "vertical", "scenario", "client_type", "region", "deployment", "xinchuang", "platform",
    "filing", "dengbao", "modality", "max_price", "open_weights",
)  # fmt: skip
MULTIPLE = ("deployment", "platform")
MAX_PRICE = Decimal("100000")


class SlugChoiceField(forms.ModelChoiceField):
    def __init__(self, model, **kwargs):
        super().__init__(queryset=model.objects.all(), to_field_name="slug", **kwargs)

    def label_from_instance(self, obj):
        return obj.name


class SlugMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, model, **kwargs):
        super().__init__(queryset=model.objects.all(), to_field_name="slug", **kwargs)

    def label_from_instance(self, obj):
        return obj.name


YES_NO = {"on", "true", "1", "yes", "false", "0", "no", "off", ""}


class YesNoInput(forms.CheckboxInput):
    """A checkbox that hands any other spelling to its field unread (Django's reads it as yes)."""

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        if isinstance(raw, str) and raw.strip().lower() not in YES_NO:
            return raw
        return super().value_from_datadict(data, files, name)


class YesNoField(forms.BooleanField):
    """A checkbox that also names a bad value: only yes/no spellings (a browser's `on`, the
    API's `true`/`false`, `1`/`0`) are accepted, so `?filing=-1` is a 400, not a silent yes."""

    widget = YesNoInput

    def to_python(self, value):
        if isinstance(value, str) and value.strip().lower() not in YES_NO:
            raise forms.ValidationError(_("Use true or false."), code="invalid")
        return super().to_python(value)


def _blank(choices):
    return [("", "—"), *choices]


class FinderForm(forms.Form):
    vertical = SlugChoiceField(
        Vertical,
        required=False,
        label=_("Vertical"),
        empty_label="—",
        help_text=_("Required: the vendor works in it (a published case, model or product)."),
    )
    scenario = SlugChoiceField(Scenario, required=False, label=_("Scenario"), empty_label="—")
    client_type = forms.ChoiceField(
        choices=_blank(CaseStudy.ClientType.choices), required=False, label=_("Client type")
    )
    region = forms.ChoiceField(
        choices=_blank(Province.choices), required=False, label=_("Region (province)")
    )
    deployment = forms.MultipleChoiceField(
        choices=DeploymentOffer.Mode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Deployment needed"),
        help_text=_("Required: each one ticked is offered."),
    )
    xinchuang = YesNoField(required=False, label=_("信创 adaptation required"))
    platform = SlugMultipleChoiceField(
        Platform,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("信创 platforms"),
        help_text=_("Required: a valid adaptation to each one ticked."),
    )
    filing = YesNoField(required=False, label=_("A filed model (CAC 备案) required"))
    dengbao = forms.TypedChoiceField(
        choices=_blank([(str(n), _("Level %(n)d or higher") % {"n": n}) for n in DENGBAO_LEVELS]),
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Minimum 等保 level"),
    )
    modality = SlugChoiceField(Modality, required=False, label=_("Modality"), empty_label="—")
    max_price = forms.DecimalField(
        required=False,
        min_value=Decimal("0"),
        max_value=MAX_PRICE,
        max_digits=10,
        decimal_places=4,
        label=_("Price ceiling (CNY per million input tokens)"),
    )
    open_weights = YesNoField(required=False, label=_("Open weights wanted"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            elif not isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-control form-control-sm"

    def error_lines(self) -> list[str]:
        """“Label: message” for each error, the bad value named (it came from a URL)."""
        lines = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            for error in errors:
                lines.append(f"{label}: {error}" if label else str(error))
        return lines

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("platform"):
            cleaned["xinchuang"] = True  # a platform asked for is an adaptation asked for
        return cleaned

    def state(self) -> QueryDict:
        """The cleaned requirements as a canonical query string (shareable, bookmarkable)."""
        state = QueryDict(mutable=True)
        data = self.cleaned_data
        for name in PARAMS:
            value = data.get(name)
            if value in (None, "", False) or (name in MULTIPLE and not value):
                continue
            if name == "platform":
                state.setlist(name, [p.slug for p in value])
            elif name in MULTIPLE:
                state.setlist(name, list(value))
            elif hasattr(value, "slug"):
                state[name] = value.slug
            elif value is True:
                state[name] = "1"
            elif isinstance(value, Decimal):
                state[name] = format(value.normalize(), "f")
            else:
                state[name] = str(value)
        return state

    @staticmethod
    def bound(params: QueryDict) -> "FinderForm":
        """Bound to a request's parameters (unknown ones are not the form's business)."""
        data = QueryDict(mutable=True)
        for name in PARAMS:
            values = [v for v in params.getlist(name) if v.strip()]
            if values:
                data.setlist(name, values)
        return FinderForm(data)
