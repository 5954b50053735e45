"""The finder (选型向导): requirements in the URL → ranked vendors with reasons, a printable
选型报告, CSV and XLSX exports, and the results added to the shortlist."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from core import spreadsheet
from public.shortlist import Shortlist

from . import scoring
from .forms import PARAMS, FinderForm


def requirements_summary(form: FinderForm) -> list[tuple[str, str]]:
    """(label, value) of every requirement given, for the page, the report and the exports."""
    rows = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", False) or (hasattr(value, "__len__") and not len(value)):
            continue
        field = form.fields[name]
        if hasattr(value, "name") and not isinstance(value, str):
            shown = value.name
        elif name == "platform":
            shown = "、".join(p.name for p in value)
        elif name == "deployment":
            choices = dict(field.choices)
            shown = "、".join(str(choices[v]) for v in value)
        elif value is True:
            shown = _("yes")
        elif hasattr(field, "choices"):
            shown = str(
                dict(field.choices).get(value if not isinstance(value, int) else str(value), value)
            )
        else:
            shown = str(value)
        rows.append((str(field.label), shown))
    return rows


class FinderView(TemplateView):
    template_name = "finder/finder.html"

    def get(self, request, *args, **kwargs):
        form = FinderForm.bound(request.GET)
        context = self.get_context_data(form=form)
        if not form.is_valid():
            context["error_lines"] = form.error_lines()
            return self.render_to_response(context, status=400)
        if any(not v.strip() for name in PARAMS for v in request.GET.getlist(name)):
            # The form sends its empty fields too: the shared URL says only what was asked.
            return HttpResponseRedirect(_with_query(request.path, form.state().urlencode()))
        outcome = scoring.find(form.cleaned_data)
        state = form.state().urlencode()
        context.update(
            outcome=outcome,
            requirements=requirements_summary(form),
            state_query=state,
            report_url=_with_query(reverse("finder:report"), state),
            csv_url=_with_query(reverse("finder:export", kwargs={"extension": "csv"}), state),
            xlsx_url=_with_query(reverse("finder:export", kwargs={"extension": "xlsx"}), state),
        )
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["weights"] = scoring.WEIGHTS
        return context


class FinderReportView(FinderView):
    """The 选型报告: requirements, ranked vendors, reasons, sources and date, made for print."""

    template_name = "finder/report.html"


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def _absolute(request, url: str) -> str:
    return url if url.startswith(("http://", "https://")) else request.build_absolute_uri(url)


def export_rows(request, outcome) -> list[list]:
    header = [
        _("Rank"), _("Vendor"), _("English name"), _("Score"),
        *(str(w.label) for w in outcome.applicable), _("Reasons"), _("Evidence"),
        _("What is missing"), _("Link"),
    ]  # fmt: skip
    rows = [header]
    for result in outcome.results:
        points = {r.key: r.points for r in result.reasons}
        rows.append(
            [
                result.rank,
                result.vendor.name_zh,
                result.vendor.name_en,
                result.score,
                *(points.get(w.key, 0) for w in outcome.applicable),
                "\n".join(r.text for r in result.reasons),
                "\n".join(
                    f"{link.label}: {_absolute(request, link.url)}"
                    for r in result.reasons
                    for link in r.evidence
                ),
                "\n".join(result.missing),
                _absolute(request, result.vendor.get_absolute_url()),
            ]
        )
    return rows


def finder_export(request, extension: str):
    if extension not in ("csv", "xlsx"):
        raise Http404
    form = FinderForm.bound(request.GET)
    if not form.is_valid():
        message = "\n".join(form.error_lines())
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    outcome = scoring.find(form.cleaned_data, limit=scoring.MAX_RESULTS)
    rows = export_rows(request, outcome)
    stamp = timezone.localdate().isoformat()
    name = f"atlas-finder-{stamp}.{extension}"
    if extension == "xlsx":
        requirements = [[_("Requirement"), _("Value")], *requirements_summary(form)]
        requirements += [
            [],
            [_("Date"), stamp],
            [
                _("Link"),
                _absolute(request, reverse("finder:finder") + "?" + form.state().urlencode()),
            ],
        ]
        weights = [[_("Factor"), _("Points"), _("Rule")]] + [
            [str(w.label), w.points, str(w.rule)] for w in scoring.WEIGHTS
        ]
        body = spreadsheet.xlsx(
            {_("Vendors"): rows, _("Requirements"): requirements, _("Weights"): weights}
        )
        response = HttpResponse(
            body,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so spreadsheet programs read the Chinese text as UTF-8
        spreadsheet.writer(response).writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def finder_shortlist(request):
    """Add the ranked vendors (their slugs posted by the results page) to the shortlist."""
    shortlist = Shortlist(request)
    added = 0
    for slug in request.POST.getlist("vendor")[: scoring.MAX_RESULTS]:
        if shortlist.add(f"vendor:{slug}"):
            added += 1
    messages.success(
        request,
        ngettext(
            "%(n)d vendor added to the shortlist.", "%(n)d vendors added to the shortlist.", added
        )
        % {"n": added},
    )
    back = request.POST.get("next", "")
    if not back.startswith(reverse("finder:finder")):
        back = reverse("public:shortlist")
    return HttpResponseRedirect(back)
