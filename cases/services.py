"""Writes with side effects for case studies."""

from collections import Counter

from django.db import transaction

from core.seeding import upsert
from directory.models import AIModel, Product, Scenario, Vendor, Vertical

from .models import CaseMetric, CaseStudy


@transaction.atomic
def cases_seed_load(*, data: dict, tally: Counter) -> None:
    """Upsert the sample case studies (always flagged `is_sample`) and their metrics."""
    for row in data["cases"]:
        row = dict(row)
        metrics = row.pop("metrics", [])
        m2m = {
            "vendors": list(Vendor.objects.filter(slug__in=row.pop("vendors", []))),
            "ai_models": list(AIModel.objects.filter(slug__in=row.pop("ai_models", []))),
            "products": list(Product.objects.filter(slug__in=row.pop("products", []))),
            "scenarios": list(Scenario.objects.filter(slug__in=row.pop("scenarios", []))),
        }
        row["vertical"] = Vertical.objects.get(slug=row["vertical"])
        case = upsert(
            CaseStudy,
            lookup={"slug": row.pop("slug")},
            values={**row, "status": "published", "is_sample": True},
            m2m=m2m,
            tally=tally,
        )
        for position, (name_zh, name_en, before, after, unit) in enumerate(metrics):
            upsert(
                CaseMetric,
                lookup={"case": case, "name_zh": name_zh},
                values={
                    "name_en": name_en,
                    "before": before,
                    "after": after,
                    "unit": unit,
                    "position": position,
                },
                tally=tally,
            )
