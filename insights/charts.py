"""Charts as data: title, one-line takeaway, source, series and data table, in the active language.

One `Chart` feeds the page (drawn by static/insights/charts.js from its JSON), the data table
under it, its CSV download and the API, so all four always show the same numbers.
"""

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import get_language, gettext, ngettext, pgettext

from core import spreadsheet
from core.models import Tier
from core.regions import Province
from filings.numbers import SASAC

from . import aggregates


def _is_english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def _pick(row: dict, name: str) -> str:
    """`<name>_zh` or `<name>_en` of a plain dict, in the active language, else the other."""
    zh, en = row.get(f"{name}_zh", ""), row.get(f"{name}_en", "")
    return (en or zh) if _is_english() else (zh or en)


def _join(names: list[str]) -> str:
    return (", " if _is_english() else "、").join(names)


def number(value):
    """A JSON number: an int when whole, else a float (Decimal is not JSON)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(round(value, 4))


def fmt(value) -> str:
    """A number as people write it: 1,234 · 1.5 · 0.25."""
    value = number(value)
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def tier_label(tier: str) -> str:
    return str(Tier(tier).label) if tier in Tier.values else tier


def tier_short(tier: str) -> str:
    """A tier as an axis label short enough for a phone: L0 general · L1 industry · L2 vertical."""
    short = {
        "L0": gettext("L0 general"),
        "L1": gettext("L1 industry"),
        "L2": gettext("L2 vertical"),
    }
    return short.get(tier, tier)


def note_in_language(note: str) -> str:
    """The active language's half of a bilingual note written as "超过950个 / more than 950"."""
    halves = [half.strip() for half in note.split(" / ")]
    if len(halves) != 2:
        return note
    chinese = [h for h in halves if re.search(r"[\u4e00-\u9fff]", h)]
    other = [h for h in halves if h not in chinese]
    if len(chinese) != 1 or len(other) != 1:
        return note
    return other[0] if _is_english() else chinese[0]


@dataclass
class Chart:
    """What a chart shows. `kind`: bar, hbar, line, stacked, heatmap, number or tree."""

    slug: str
    kind: str
    title: str
    takeaway: str
    source: str
    unit: str = ""
    source_url: str = ""
    source_date: str = ""
    categories: list = field(default_factory=list)
    y_categories: list = field(default_factory=list)
    series: list = field(default_factory=list)
    tree: dict | None = None
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    csv_url: str = ""
    is_sample: bool = False
    element_id: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def dom_id(self) -> str:
        return self.element_id or self.slug

    @property
    def headline(self) -> str:
        """The latest value, for a series shown as one big number."""
        return fmt(self.rows[-1][1]) if self.rows else "–"

    @property
    def headline_period(self) -> str:
        return self.rows[-1][0] if self.rows else ""

    def as_dict(self) -> dict:
        return {
            "slug": self.slug,
            "kind": self.kind,
            "title": self.title,
            "takeaway": self.takeaway,
            "unit": self.unit,
            "source": {"title": self.source, "url": self.source_url, "date": self.source_date},
            "categories": self.categories,
            "y_categories": self.y_categories,
            "series": self.series,
            "tree": self.tree,
            "table": {"columns": self.columns, "rows": self.rows},
            "csv_url": self.csv_url,
            "is_sample": self.is_sample,
            "empty": self.empty,
            "language": get_language() or "zh-hans",
        }

    def as_csv(self) -> str:
        """The data table as CSV with a BOM, so spreadsheet programs read the Chinese right."""
        out = io.StringIO()
        out.write("\ufeff")
        writer = spreadsheet.writer(out)
        writer.writerow(self.columns)
        writer.writerows(["" if cell is None else cell for cell in row] for row in self.rows)
        return out.getvalue()


def _directory_source(as_of: str, extra: str = "") -> str:
    text = gettext("Atlas directory, published entries as of %(date)s.") % {"date": as_of}
    return f"{text} {extra}".strip()


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs or None)


# ── the report's series ─────────────────────────────────────────────────────────────────


def _series_takeaway(series: dict, points: list[dict], unit: str) -> str:
    if _pick(series, "takeaway"):
        return _pick(series, "takeaway")
    if not points:
        return gettext("No data points yet.")
    last = points[-1]
    note = gettext(" (%(note)s)") % {"note": note_in_language(last["note"])} if last["note"] else ""
    if len(points) == 1:
        return gettext("%(period)s: %(value)s%(unit)s%(note)s.") % {
            "period": _pick(last, "label"),
            "value": fmt(last["value"]),
            "unit": f" {unit}" if unit else "",
            "note": note,
        }
    first = points[0]
    values = {
        "first": _pick(first, "label"),
        "last": _pick(last, "label"),
        "start": fmt(first["value"]),
        "end": fmt(last["value"]),
        "unit": f" {unit}" if unit else "",
    }
    if not first["value"]:
        return gettext("From %(first)s to %(last)s: %(start)s → %(end)s%(unit)s.") % values
    change = (last["value"] - first["value"]) / abs(first["value"]) * 100
    values["change"] = percent(change)
    return gettext("From %(first)s to %(last)s: %(start)s → %(end)s%(unit)s (%(change)s).") % values


def percent(change) -> str:
    """A signed percentage that never rounds a real change to ±100 % or 0 %."""
    text = f"{change:+.0f}"
    if text.lstrip("+-") in ("0", "100") and abs(change) not in (0, 100):
        text = f"{change:+.1f}"
    return f"{text}%"


def series_chart(series: dict) -> Chart:
    points, unit = series["points"], _pick(series, "unit")
    kind = series["display"]
    if kind == "auto":
        kind = "number" if len(points) == 1 else "bar"
    value_column = gettext("Value (%(unit)s)") % {"unit": unit} if unit else gettext("Value")
    return Chart(
        slug=series["slug"],
        kind=kind,
        title=_pick(series, "name"),
        takeaway=_series_takeaway(series, points, unit),
        source=series["source_title"],
        source_url=series["source_url"],
        source_date=series["source_date"],
        unit=unit,
        categories=[_pick(p, "label") for p in points],
        series=[{"name": _pick(series, "name"), "data": [number(p["value"]) for p in points]}],
        columns=[gettext("Period"), value_column, gettext("Note")],
        rows=[[_pick(p, "label"), number(p["value"]), note_in_language(p["note"])] for p in points],
        csv_url=_url("insights:chart_csv", slug=series["slug"]),
        is_sample=series["is_sample"],
    )


def report_charts() -> list[Chart]:
    return [series_chart(series) for series in aggregates.report_series()]


# ── live aggregates from the directory ──────────────────────────────────────────────────


def cases_by_vertical_tier_chart() -> Chart:
    data = aggregates.cases_by_vertical_tier()
    verticals, counts, tiers = data["verticals"], data["counts"], Tier.values
    rows, cells = [], []
    for y, vertical in enumerate(verticals):
        row = [counts.get((vertical["slug"], tier), 0) for tier in tiers]
        rows.append([_pick(vertical, "name"), *row, sum(row)])
        cells += [[x, y, n] for x, n in enumerate(row)]
    with_l2 = [_pick(v, "name") for v in verticals if counts.get((v["slug"], Tier.L2), 0)]
    if not data["total"]:
        takeaway = gettext("No published case studies yet.")
    elif with_l2:
        takeaway = ngettext(
            "%(n)d of %(total)d verticals already has an L2 (vertical/scenario) case: %(names)s.",
            "%(n)d of %(total)d verticals already have L2 (vertical/scenario) cases: %(names)s.",
            len(with_l2),
        ) % {"n": len(with_l2), "total": len(verticals), "names": _join(with_l2[:4])}
        if len(with_l2) > 4:
            takeaway = takeaway.rstrip(".。") + gettext(" …")
    else:
        busiest = max(rows, key=lambda r: r[-1])[0]
        takeaway = gettext("No vertical has an L2 case yet; most cases are in %(name)s.") % {
            "name": busiest
        }
    extra = (
        ngettext(
            "%(n)d of them is a sample entry.", "%(n)d of them are sample entries.", data["samples"]
        )
        % {"n": data["samples"]}
        if data["samples"]
        else ""
    )
    return Chart(
        slug="cases-by-vertical-tier",
        kind="heatmap",
        title=gettext("Case studies by vertical and tier"),
        takeaway=takeaway,
        source=_directory_source(data["as_of"], extra),
        source_url=_url("cases:case_list"),
        source_date=data["as_of"],
        unit=pgettext("unit after a count", "case studies"),
        categories=[tier_short(t) for t in tiers],
        y_categories=[_pick(v, "name") for v in verticals],
        series=[{"name": gettext("Case studies"), "data": cells}],
        columns=[gettext("Vertical"), *tiers, gettext("Total")],
        rows=rows if data["total"] else [],
        csv_url=_url("insights:chart_csv", slug="cases-by-vertical-tier"),
    )


def models_by_tier_modality_chart() -> Chart:
    data = aggregates.models_by_tier_modality()
    modalities = [*data["modalities"]]
    if any(modality == "" for _, modality in data["counts"]):
        not_specified = gettext("Not specified")
        modalities.append({"slug": "", "name_zh": not_specified, "name_en": not_specified})
    tiers = Tier.values
    series = [
        {
            "name": _pick(m, "name"),
            "data": [data["counts"].get((tier, m["slug"]), 0) for tier in tiers],
        }
        for m in modalities
    ]
    series = [s for s in series if any(s["data"])]
    rows = [
        [tier_label(tier), *(s["data"][i] for s in series), data["per_tier"].get(tier, 0)]
        for i, tier in enumerate(tiers)
    ]
    if data["total"]:
        top_tier = max(tiers, key=lambda t: data["per_tier"].get(t, 0))
        top_modality = max(series, key=lambda s: sum(s["data"]))["name"]
        takeaway = gettext(
            "%(tier)s is the largest group: %(n)d of %(total)d published models; "
            "the most common modality is %(modality)s."
        ) % {
            "tier": tier_label(top_tier),
            "n": data["per_tier"][top_tier],
            "total": data["total"],
            "modality": top_modality,
        }
    else:
        takeaway = gettext("No published models yet.")
    return Chart(
        slug="models-by-tier-modality",
        kind="stacked",
        title=gettext("Models by tier and modality"),
        takeaway=takeaway,
        source=_directory_source(
            data["as_of"], gettext("A model with several modalities counts once in each.")
        ),
        source_url=_url("directory:model_list"),
        source_date=data["as_of"],
        unit=pgettext("unit after a count", "models"),
        categories=[tier_short(t) for t in tiers],
        series=series,
        columns=[gettext("Tier"), *(s["name"] for s in series), gettext("Models")],
        rows=rows if data["total"] else [],
        csv_url=_url("insights:chart_csv", slug="models-by-tier-modality"),
    )


def batch_label(batch: int, first_filed: str) -> str:
    label = gettext("Batch %(n)d") % {"n": batch}
    return f"{label} ({first_filed[:7]})" if first_filed else label


def models_by_filing_batch_chart() -> Chart:
    data = aggregates.models_by_filing_batch()
    batches = data["batches"]
    labels = [batch_label(b["batch"], b["first_filed"]) for b in batches]
    if batches:
        top = max(batches, key=lambda b: b["count"])
        takeaway = ngettext(
            "%(total)d published model lists a CAC filing batch; %(batch)s has the most: %(n)d.",
            "%(total)d published models list a CAC filing batch; %(batch)s has the most: %(n)d.",
            data["total"],
        ) % {
            "total": data["total"],
            "batch": gettext("Batch %(n)d") % {"n": top["batch"]},
            "n": top["count"],
        }
    else:
        takeaway = gettext("No published model lists a CAC filing batch yet.")
    return Chart(
        slug="models-by-filing-batch",
        kind="bar",
        title=gettext("Models by CAC filing batch"),
        takeaway=takeaway,
        source=_directory_source(data["as_of"]),
        source_url=_url("directory:model_list"),
        source_date=data["as_of"],
        unit=pgettext("unit after a count", "models"),
        categories=labels,
        series=[{"name": gettext("Models"), "data": [b["count"] for b in batches]}],
        columns=[gettext("Batch"), gettext("First filing date"), gettext("Models")],
        rows=[[b["batch"], b["first_filed"], b["count"]] for b in batches],
        csv_url=_url("insights:chart_csv", slug="models-by-filing-batch"),
    )


# ── the CAC register ───────────────────────────────────────────────────────────────────

REPORT_FILINGS_SERIES = "cac-filings-per-batch-2024"


def _register_source(as_of: str) -> str:
    return gettext(
        "CAC announcements 生成式人工智能服务已备案信息, as imported into the Atlas register "
        "on %(date)s."
    ) % {"date": as_of}


def _report_figures() -> dict[str, float]:
    """The report's own filings-per-batch figures, by period (YYYY-MM)."""
    for series in aggregates.report_series():
        if series["slug"] == REPORT_FILINGS_SERIES:
            return {p["period_start"][:7]: number(p["value"]) for p in series["points"]}
    return {}


def register_by_batch_chart() -> Chart:
    data = aggregates.register_by_batch()
    batches, report = data["batches"], _report_figures()
    rows = []
    for b in batches:
        total = b["beian"] + b["dengji"]
        rows.append([b["period"], b["beian"], b["dengji"], total, report.get(b["period"], "")])
    matched = [r for r in rows if r[4] != ""]
    if not batches:
        takeaway = gettext("The CAC register has not been imported yet.")
    elif matched and all(r[3] == r[4] for r in matched):
        takeaway = gettext(
            "The register counts %(counts)s in the batches the report covers, as the report "
            "does; %(total)d filings in %(n)d batches so far."
        ) % {
            "counts": ", ".join(str(r[3]) for r in matched),
            "total": data["total"],
            "n": len(batches),
        }
    else:
        takeaway = gettext("%(total)d filings in %(n)d batches so far.") % {
            "total": data["total"],
            "n": len(batches),
        }
    return Chart(
        slug="register-by-batch",
        kind="stacked",
        title=gettext("CAC filings per batch: 备案 and 登记"),
        takeaway=takeaway,
        source=_register_source(data["as_of"]),
        source_url=_url("filings:filing_list"),
        source_date=data["as_of"],
        unit=pgettext("unit after a count", "filings"),
        categories=[b["period"] for b in batches],
        series=[
            {"name": gettext("备案 (models)"), "data": [b["beian"] for b in batches]},
            {"name": gettext("登记 (applications)"), "data": [b["dengji"] for b in batches]},
        ],
        columns=[
            gettext("Batch"),
            gettext("备案"),
            gettext("登记"),
            gettext("Total"),
            gettext("In the report"),
        ],
        rows=rows,
        csv_url=_url("insights:chart_csv", slug="register-by-batch"),
    )


def register_by_province_chart() -> Chart:
    data = aggregates.register_by_province()
    counts = data["counts"]
    if counts:
        code, n = counts[0]
        takeaway = gettext("%(province)s files the most: %(n)d of %(total)d filings.") % {
            "province": region_label(code),
            "n": n,
            "total": data["total"],
        }
    else:
        takeaway = gettext("The CAC register has not been imported yet.")
    return Chart(
        slug="register-by-province",
        kind="hbar",
        title=gettext("CAC filings by 属地"),
        takeaway=takeaway,
        source=_register_source(data["as_of"]),
        source_url=_url("filings:filing_list"),
        source_date=data["as_of"],
        unit=pgettext("unit after a count", "filings"),
        categories=[region_label(code) for code, _ in counts],
        series=[{"name": gettext("Filings"), "data": [n for _, n in counts]}],
        columns=[gettext("属地"), gettext("Filings")],
        rows=[[region_label(code), n] for code, n in counts],
        csv_url=_url("insights:chart_csv", slug="register-by-province"),
    )


def register_cumulative_chart() -> Chart:
    data = aggregates.register_cumulative_by_month()
    months, totals = data["months"], data["totals"]
    if months:
        beian, dengji = totals[-1]
        takeaway = gettext(
            "By %(month)s: %(beian)d models filed (备案) and %(dengji)d applications "
            "registered (登记)."
        ) % {"month": months[-1], "beian": beian, "dengji": dengji}
    else:
        takeaway = gettext("The CAC register has not been imported yet.")
    extra = (
        gettext("%(n)d filings without a readable date are left out.") % {"n": data["undated"]}
        if data["undated"]
        else ""
    )
    return Chart(
        slug="register-cumulative",
        kind="line",
        title=gettext("CAC filings over time (cumulative, by filing date)"),
        takeaway=takeaway,
        source=f"{_register_source(data['as_of'])} {extra}".strip(),
        source_url=_url("filings:filing_list"),
        source_date=data["as_of"],
        unit=pgettext("unit after a count", "filings"),
        categories=months,
        series=[
            {"name": gettext("备案 (models)"), "data": [b for b, _ in totals]},
            {"name": gettext("登记 (applications)"), "data": [d for _, d in totals]},
        ],
        columns=[gettext("Month"), gettext("备案"), gettext("登记")],
        rows=[[m, b, d] for m, (b, d) in zip(months, totals, strict=True)],
        csv_url=_url("insights:chart_csv", slug="register-cumulative"),
    )


def region_label(code: str) -> str:
    if code == SASAC:
        return gettext("SASAC (central SOEs)")
    return province_label(code)


def province_label(code: str) -> str:
    if not code:
        return gettext("Not specified")
    return str(Province(code).label) if code in Province.values else code


def vendors_by_province_chart() -> Chart:
    data = aggregates.vendors_by_province()
    counts = data["counts"]
    if counts:
        code, n = counts[0]
        takeaway = gettext("%(province)s is home to the most vendors: %(n)d of %(total)d.") % {
            "province": province_label(code),
            "n": n,
            "total": data["total"],
        }
    else:
        takeaway = gettext("No published vendors yet.")
    return Chart(
        slug="vendors-by-province",
        kind="hbar",
        title=gettext("Vendors by headquarters province"),
        takeaway=takeaway,
        source=_directory_source(data["as_of"]),
        source_url=_url("directory:vendor_list"),
        source_date=data["as_of"],
        unit=pgettext("unit after a count", "vendors"),
        categories=[province_label(code) for code, _ in counts],
        series=[{"name": gettext("Vendors"), "data": [n for _, n in counts]}],
        columns=[gettext("Province"), gettext("Vendors")],
        rows=[[province_label(code), n] for code, n in counts],
        csv_url=_url("insights:chart_csv", slug="vendors-by-province"),
    )


def _busiest_year_takeaway(years: list) -> str:
    year, n = max(reversed(years), key=lambda item: item[1])
    return ngettext(
        "%(n)d case study went live in %(year)d, the most of any year.",
        "%(n)d case studies went live in %(year)d, the most of any year.",
        n,
    ) % {"n": n, "year": year}


def cases_per_year_chart() -> Chart:
    data = aggregates.cases_per_year()
    years = data["years"]
    takeaway = (
        _busiest_year_takeaway(years) if years else gettext("No published case study has a year.")
    )
    extra = (
        ngettext(
            "%(n)d without a go-live year is left out.",
            "%(n)d without a go-live year are left out.",
            data["undated"],
        )
        % {"n": data["undated"]}
        if data["undated"]
        else ""
    )
    return Chart(
        slug="cases-per-year",
        kind="bar",
        title=gettext("Case studies by go-live year"),
        takeaway=takeaway,
        source=_directory_source(data["as_of"], extra),
        source_url=_url("cases:case_list"),
        source_date=data["as_of"],
        unit=pgettext("unit after a count", "case studies"),
        categories=[str(year) for year, _ in years],
        series=[{"name": gettext("Case studies"), "data": [n for _, n in years]}],
        columns=[gettext("Year"), gettext("Case studies")],
        rows=[[year, n] for year, n in years],
        csv_url=_url("insights:chart_csv", slug="cases-per-year"),
    )


def median_price_by_tier_chart() -> Chart:
    data = aggregates.median_price_by_tier()
    tiers = data["tiers"]
    priced = [t for t in tiers if t["median_input"] is not None]
    if priced:
        cheapest = min(priced, key=lambda t: t["median_input"])
        takeaway = gettext(
            "Lowest median input price: %(tier)s, %(price)s CNY per million tokens."
        ) % {"tier": tier_label(cheapest["tier"]), "price": fmt(cheapest["median_input"])}
    elif data["total"]:
        takeaway = gettext("Published models list output prices only.")
    else:
        takeaway = gettext("No published model lists an API price yet.")
    unit = gettext("CNY per million tokens")
    return Chart(
        slug="median-price-by-tier",
        kind="bar",
        title=gettext("Median API price by tier (CNY per million tokens)"),
        takeaway=takeaway,
        source=_directory_source(data["as_of"]),
        source_url=_url("directory:model_list"),
        source_date=data["as_of"],
        unit=unit,
        categories=[tier_short(t["tier"]) for t in tiers],
        series=[
            {
                "name": gettext("Input"),
                "data": [number(t["median_input"]) for t in tiers],
            },
            {
                "name": gettext("Output"),
                "data": [number(t["median_output"]) for t in tiers],
            },
        ],
        columns=[
            gettext("Tier"),
            gettext("Models with a price"),
            gettext("Median input"),
            gettext("Median output"),
        ],
        rows=[
            [
                tier_label(t["tier"]),
                t["models"],
                number(t["median_input"]),
                number(t["median_output"]),
            ]
            for t in tiers
        ]
        if data["total"]
        else [],
        csv_url=_url("insights:chart_csv", slug="median-price-by-tier"),
    )


LIVE_CHARTS = {
    "cases-by-vertical-tier": cases_by_vertical_tier_chart,
    "models-by-tier-modality": models_by_tier_modality_chart,
    "models-by-filing-batch": models_by_filing_batch_chart,
    "vendors-by-province": vendors_by_province_chart,
    "cases-per-year": cases_per_year_chart,
    "median-price-by-tier": median_price_by_tier_chart,
    "register-by-batch": register_by_batch_chart,
    "register-by-province": register_by_province_chart,
    "register-cumulative": register_cumulative_chart,
}
LIVE_CHART_SLUGS = frozenset(LIVE_CHARTS)


def live_charts() -> list[Chart]:
    return [build() for build in LIVE_CHARTS.values()]


def all_charts() -> list[Chart]:
    return report_charts() + live_charts()


def chart_by_slug(slug: str) -> Chart | None:
    if slug in LIVE_CHARTS:
        return LIVE_CHARTS[slug]()
    return next((chart for chart in report_charts() if chart.slug == slug), None)


def home_charts(limit: int = 4) -> list[Chart]:
    """The report's featured series (editors choose), else its first ones."""
    charts = report_charts()
    featured = [c for c, s in zip(charts, aggregates.report_series(), strict=True) if s["featured"]]
    return (featured or charts)[:limit]


# ── a vertical's page ───────────────────────────────────────────────────────────────────


def vertical_charts(vertical) -> list[Chart]:
    data = aggregates.vertical_profile(vertical.pk)
    tiers, name = Tier.values, vertical.name
    cases = [data["cases_per_tier"].get(t, 0) for t in tiers]
    models = [data["models_per_tier"].get(t, 0) for t in tiers]
    by_tier = Chart(
        slug="vertical-by-tier",
        element_id=f"vertical-{vertical.slug}-by-tier",
        kind="bar",
        title=gettext("%(vertical)s: case studies and models by tier") % {"vertical": name},
        takeaway=(
            gettext("%(cases)d published case studies and %(models)d models in %(vertical)s.")
            % {"cases": sum(cases), "models": sum(models), "vertical": name}
            if sum(cases) or sum(models)
            else gettext("Nothing published in %(vertical)s yet.") % {"vertical": name}
        ),
        source=_directory_source(data["as_of"]),
        source_date=data["as_of"],
        categories=[tier_short(t) for t in tiers],
        series=[
            {"name": gettext("Case studies"), "data": cases},
            {"name": gettext("Models"), "data": models},
        ],
        columns=[gettext("Tier"), gettext("Case studies"), gettext("Models")],
        rows=[[tier_label(t), c, m] for t, c, m in zip(tiers, cases, models, strict=True)]
        if sum(cases) or sum(models)
        else [],
        csv_url=_url("insights:vertical_csv", vertical=vertical.slug, chart="by-tier"),
    )
    years = data["years"]
    per_year = Chart(
        slug="vertical-cases-per-year",
        element_id=f"vertical-{vertical.slug}-cases-per-year",
        kind="bar",
        title=gettext("%(vertical)s: case studies by go-live year") % {"vertical": name},
        takeaway=(
            _busiest_year_takeaway(years)
            if years
            else gettext("No published case study in %(vertical)s has a year.") % {"vertical": name}
        ),
        source=_directory_source(data["as_of"]),
        source_date=data["as_of"],
        unit=pgettext("unit after a count", "case studies"),
        categories=[str(year) for year, _ in years],
        series=[{"name": gettext("Case studies"), "data": [n for _, n in years]}],
        columns=[gettext("Year"), gettext("Case studies")],
        rows=[[year, n] for year, n in years],
        csv_url=_url("insights:vertical_csv", vertical=vertical.slug, chart="cases-per-year"),
    )
    return [by_tier, per_year]


VERTICAL_CHARTS = {"by-tier": 0, "cases-per-year": 1}


# ── a model's lineage ───────────────────────────────────────────────────────────────────


def _tree_node(node: dict, current: bool = False) -> dict:
    return {
        "name": _pick(node, "name"),
        "tier": node["tier"],
        "url": _url("directory:model_detail", slug=node["slug"]),
        "current": current,
        "children": [],
    }


def lineage_chart(model) -> Chart | None:
    """The model's published base models and derived models; None when it stands alone."""
    data = aggregates.model_lineage(model.pk)
    if data["model"] is None or not (data["ancestors"] or data["descendants"]):
        return None
    chain = [*data["ancestors"], data["model"]]
    root = node = _tree_node(chain[0], current=len(chain) == 1)
    for step in chain[1:]:
        child = _tree_node(step, current=step is data["model"])
        node["children"].append(child)
        node = child
    by_pk = {data["model"]["pk"]: node}
    for derived in data["descendants"]:
        child = _tree_node(derived)
        by_pk[derived["base"]]["children"].append(child)
        by_pk[derived["pk"]] = child
    everyone = [*chain, *data["descendants"]]
    names = {n["pk"]: _pick(n, "name") for n in everyone}
    this = _pick(data["model"], "name")
    base = names.get(data["model"]["base"]) if data["ancestors"] else None
    derived = sum(1 for d in data["descendants"] if d["base"] == data["model"]["pk"])
    if base and derived:
        takeaway = ngettext(
            "%(model)s is built on %(base)s; %(n)d published model builds on it.",
            "%(model)s is built on %(base)s; %(n)d published models build on it.",
            derived,
        ) % {"model": this, "base": base, "n": derived}
    elif base:
        takeaway = gettext("%(model)s is built on %(base)s.") % {"model": this, "base": base}
    else:
        takeaway = ngettext(
            "%(n)d published model builds on %(model)s.",
            "%(n)d published models build on %(model)s.",
            derived,
        ) % {"n": derived, "model": this}
    return Chart(
        slug="lineage",
        element_id=f"lineage-{model.slug}",
        kind="tree",
        title=gettext("Lineage of %(model)s") % {"model": this},
        takeaway=takeaway,
        source=_directory_source(data["as_of"]),
        tree=root,
        columns=[gettext("Model"), gettext("Built on"), gettext("Tier"), gettext("Vendor")],
        rows=[
            [
                _pick(n, "name"),
                names.get(n["base"], ""),
                n["tier"],
                _pick(n, "vendor") if n["vendor_published"] else "",
            ]
            for n in everyone
        ],
        csv_url=_url("insights:lineage_csv", slug=model.slug),
    )
