"""Writes with side effects for procurement facts: the report's offers, and demo data at scale."""

import random
from collections import Counter
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from core.models import PublicationStatus
from core.seeding import upsert
from directory.models import AIModel, Product, Vendor

from .models import Certification, DeploymentOffer, Platform

# The report's deployment options (fixtures/seed.json, per model) that are deployment offers.
SEED_MODES = {
    "public-api": DeploymentOffer.Mode.PUBLIC_API,
    "private": DeploymentOffer.Mode.PRIVATE,
}


@transaction.atomic
def offers_seed_load(*, data: dict, tally: Counter) -> None:
    """The offers the report states: a model's public API and private deployment (its 信创
    option names no platform, so it is left to editors as a certification)."""
    source = data.get("source", "")
    models = {
        m.slug: m for m in AIModel.objects.filter(slug__in=[r["slug"] for r in data["models"]])
    }
    for row in data["models"]:
        model = models.get(row["slug"])
        if model is None:
            continue
        for option in row.get("deployment_options") or []:
            mode = SEED_MODES.get(option)
            if mode is None:
                continue
            upsert(
                DeploymentOffer,
                lookup={"ai_model": model, "mode": mode},
                values={
                    "vendor": model.vendor,
                    "source_title": source[:200],
                    "status": "published",
                },
                tally=tally,
            )


# -- demo data -------------------------------------------------------------------------------

ISSUERS = {
    Certification.Kind.SECURITY_ASSESSMENT: "中国信息安全测评中心",
    Certification.Kind.DENGBAO: "公安机关网络安全保卫部门",
    Certification.Kind.ISO27001: "中国网络安全审查认证和市场监管大数据中心",
    Certification.Kind.CMMI: "CMMI Institute",
    Certification.Kind.TRUSTED_AI: "中国信息通信研究院",
}
DEMO_SOURCE = "示例数据 · sample data"


def _day(rng, start: date, span_days: int) -> date:
    return start + timedelta(days=rng.randrange(0, span_days))


def demo_fill(*, vendor_slug_prefix: str, seed: int = 1, log=print) -> dict:
    """Plausible procurement facts for demo vendors (bulk: the caller rebuilds the facet index).

    About half the vendors have 信创 adaptations (big tech and cloud vendors more often), a third
    an 等保 record (levels 2–4), some ISO 27001 / CMMI / 可信AI; a few of them expired or expiring.
    Most published models get a public API offer, many a private deployment, some an appliance;
    a third of the models get a filing number and two in three an input price.
    """
    rng = random.Random(seed * 7919 + 16)  # its own sequence: the other demo rows do not move
    platforms = list(Platform.objects.order_by("position"))
    now = timezone.now()
    today = timezone.localdate()
    vendors = list(
        Vendor.objects.filter(slug__startswith=vendor_slug_prefix).only("pk", "slug", "kind")
    )
    models = list(
        AIModel.objects.filter(vendor__slug__startswith=vendor_slug_prefix).only(
            "pk", "slug", "vendor_id", "release_date", "cac_filing_number"
        )
    )
    products = list(
        Product.objects.filter(vendor__slug__startswith=vendor_slug_prefix).only(
            "pk", "slug", "vendor_id"
        )
    )

    def entry(model, **values):
        published = rng.random() < 0.92
        return model(
            status=PublicationStatus.PUBLISHED if published else PublicationStatus.DRAFT,
            published_at=now if published else None,
            is_sample=True,
            source_title=DEMO_SOURCE,
            **values,
        )

    certifications = []
    for vendor in vendors:
        strong = vendor.kind in ("big_tech", "cloud", "soe")
        if platforms and rng.random() < (0.8 if strong else 0.4):
            for platform in rng.sample(platforms, rng.randrange(1, 5)):
                start = _day(rng, date(2021, 1, 1), 1200)
                expiry = None if rng.random() < 0.5 else start + timedelta(days=365 * 3)
                certifications.append(
                    entry(
                        Certification,
                        slug=f"{vendor.slug}-xinchuang-{platform.slug}",
                        vendor_id=vendor.pk,
                        kind=Certification.Kind.XINCHUANG,
                        platform=platform,
                        issuer=f"{platform.name_zh}生态兼容性认证",
                        number=f"XC-{platform.slug.upper()}-{rng.randrange(10000, 99999)}",
                        valid_from=start,
                        valid_until=expiry,
                    )
                )
        if rng.random() < (0.6 if strong else 0.3):
            start = _day(rng, today - timedelta(days=900), 880)
            certifications.append(
                entry(
                    Certification,
                    slug=f"{vendor.slug}-dengbao",
                    vendor_id=vendor.pk,
                    kind=Certification.Kind.DENGBAO,
                    level=rng.choice([2, 3, 3, 3, 4]),
                    issuer=ISSUERS[Certification.Kind.DENGBAO],
                    number=f"{rng.randrange(11000, 65000)}-{rng.randrange(10000, 99999)}-00001",
                    valid_from=start,
                    valid_until=start + timedelta(days=365 * 2),
                )
            )
        for kind, share in (
            (Certification.Kind.ISO27001, 0.35),
            (Certification.Kind.CMMI, 0.2),
            (Certification.Kind.TRUSTED_AI, 0.15),
            (Certification.Kind.SECURITY_ASSESSMENT, 0.1),
        ):
            if rng.random() >= share:
                continue
            start = _day(rng, date(2022, 1, 1), 1000)
            certifications.append(
                entry(
                    Certification,
                    slug=f"{vendor.slug}-{kind.replace('_', '-')}",
                    vendor_id=vendor.pk,
                    kind=kind,
                    level=rng.choice([3, 5]) if kind == Certification.Kind.CMMI else None,
                    grade={
                        "trusted_ai": rng.choice(["良好级", "优秀级"]),
                        "security_assessment": "通过",
                    }.get(kind, ""),
                    issuer=ISSUERS[kind],
                    number=f"{kind[:3].upper()}-{rng.randrange(100000, 999999)}",
                    valid_from=start,
                    valid_until=start + timedelta(days=365 * 3),
                )
            )
    Certification.objects.bulk_create(certifications, batch_size=1000)

    offers = []
    for model in models:
        for mode, share in (
            (DeploymentOffer.Mode.PUBLIC_API, 0.75),
            (DeploymentOffer.Mode.PRIVATE, 0.5),
            (DeploymentOffer.Mode.DEDICATED_CLOUD, 0.2),
            (DeploymentOffer.Mode.APPLIANCE, 0.12),
            (DeploymentOffer.Mode.ON_DEVICE, 0.05),
        ):
            if rng.random() < share:
                offers.append(
                    entry(
                        DeploymentOffer,
                        slug=f"{model.slug}-{mode.replace('_', '-')}",
                        vendor_id=model.vendor_id,
                        ai_model_id=model.pk,
                        mode=mode,
                    )
                )
    for product in products:
        if rng.random() < 0.3:
            mode = rng.choice([DeploymentOffer.Mode.PRIVATE, DeploymentOffer.Mode.APPLIANCE])
            offers.append(
                entry(
                    DeploymentOffer,
                    slug=f"{product.slug}-{mode.replace('_', '-')}",
                    vendor_id=product.vendor_id,
                    product_id=product.pk,
                    mode=mode,
                )
            )
    DeploymentOffer.objects.bulk_create(offers, batch_size=1000)

    # Filing numbers and prices on the models, so the finder's model requirements find some.
    filed, priced = [], []
    for model in models:
        if rng.random() < 0.35:
            day = model.release_date or date(2024, 1, 1)
            model.cac_filing_number = f"Beijing-Demo{model.pk}-{day:%Y%m%d}"
            model.cac_filing_date = day
            filed.append(model)
        if rng.random() < 0.65:
            model.price_input_per_mtok = rng.choice([0.8, 1.5, 2, 4, 8, 12, 20, 40])
            priced.append(model)
    AIModel.objects.bulk_update(filed, ["cac_filing_number", "cac_filing_date"], batch_size=1000)
    AIModel.objects.bulk_update(priced, ["price_input_per_mtok"], batch_size=1000)
    counts = {"certifications": len(certifications), "offers": len(offers)}
    log(f"procurement facts: {counts['certifications']} certifications, {counts['offers']} offers")
    return counts
