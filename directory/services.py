"""Writes with side effects for the directory (publication transitions live in core.services)."""

from collections import Counter

from django.db import transaction

from core.seeding import upsert

from .models import (
    AIModel,
    DeploymentOption,
    Modality,
    Product,
    ProductCategory,
    Scenario,
    Vendor,
    VendorName,
    Vertical,
    name_key,
)

TAXONOMIES = (
    ("verticals", Vertical),
    ("scenarios", Scenario),
    ("product_categories", ProductCategory),
    ("modalities", Modality),
)


@transaction.atomic
def directory_seed_load(*, data: dict, tally: Counter) -> None:
    """Upsert the report's taxonomy, vendors, models and products (all published)."""
    for key, model in TAXONOMIES:
        for position, (slug, name_zh, name_en, *rest) in enumerate(data.get(key, [])):
            values = {"name_zh": name_zh, "name_en": name_en, "position": position}
            if rest:
                values["description_zh"] = rest[0]
            upsert(model, lookup={"slug": slug}, values=values, tally=tally)
    for position, (slug, name_zh, name_en, xinchuang) in enumerate(data["deployment_options"]):
        upsert(
            DeploymentOption,
            lookup={"slug": slug},
            values={
                "name_zh": name_zh,
                "name_en": name_en,
                "position": position,
                "is_xinchuang": xinchuang,
            },
            tally=tally,
        )
    by_slug = lambda model, slugs: list(model.objects.filter(slug__in=slugs))  # noqa: E731

    for row in data["vendors"]:
        row = dict(row)
        upsert(Vendor, lookup={"slug": row.pop("slug")}, values=_published(row), tally=tally)

    vendors = {
        v.slug: v for v in Vendor.objects.filter(slug__in=[r["slug"] for r in data["vendors"]])
    }
    for vendor_slug, name, kind in data.get("vendor_names", []):
        upsert(
            VendorName,
            lookup={"key": name_key(name)},
            values={"vendor": vendors[vendor_slug], "name": name, "kind": kind},
            tally=tally,
        )

    for row in sorted(data["models"], key=lambda r: "base_model" in r):
        row = dict(row)
        m2m = {
            "modalities": by_slug(Modality, row.pop("modalities", [])),
            "verticals": by_slug(Vertical, row.pop("verticals", [])),
            "deployment_options": by_slug(DeploymentOption, row.pop("deployment_options", [])),
        }
        row["vendor"] = Vendor.objects.get(slug=row["vendor"])
        if "base_model" in row:
            row["base_model"] = AIModel.objects.get(slug=row["base_model"])
        upsert(
            AIModel,
            lookup={"slug": row.pop("slug")},
            values=_published(row),
            m2m=m2m,
            tally=tally,
        )

    for row in data["products"]:
        row = dict(row)
        m2m = {
            "ai_models": by_slug(AIModel, row.pop("ai_models", [])),
            "verticals": by_slug(Vertical, row.pop("verticals", [])),
            "scenarios": by_slug(Scenario, row.pop("scenarios", [])),
        }
        row["vendor"] = Vendor.objects.get(slug=row["vendor"])
        row["category"] = ProductCategory.objects.get(slug=row["category"])
        upsert(
            Product,
            lookup={"slug": row.pop("slug")},
            values=_published(row),
            m2m=m2m,
            tally=tally,
        )


def _published(row: dict) -> dict:
    return {**row, "status": "published"}
