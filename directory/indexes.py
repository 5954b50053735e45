"""What the directory puts in the search index (registered from DirectoryConfig.ready)."""

import search
from search import Related

# Only published related entries lend their names to a row's index text.
PUBLISHED = {"only": {"status": "published"}}


def register_all():
    from .models import AIModel, AIModelName, Product, Vendor, VendorName

    def published(obj):
        return obj.is_published

    search.register(
        Vendor,
        # Other names (简称, former, English, legal entities shared with the CAC register)
        # are names: a match on one ranks like a match on the name.
        title=["name_zh", "name_en", "ticker", Related("names", "name")],
        summary=["summary_zh", "summary_en"],
        body=["description_zh", "description_en", "city", lambda v: v.get_province_display()],
        boosts={"verified": 730, "featured": 365},
        date_field="published_at",
        queryset=lambda: Vendor.objects.published(),
        is_public=published,
        depends_on=[(VendorName, lambda name: [Vendor(pk=name.vendor_id)])],
    )
    search.register(
        AIModel,
        title=["name_zh", "name_en", Related("names", "name")],
        summary=["summary_zh", "summary_en", Related("vendor", **PUBLISHED)],
        body=[
            "description_zh",
            "description_en",
            "licence",
            "cac_filing_number",
            Related("base_model", **PUBLISHED),
            Related("verticals"),
            Related("modalities"),
        ],
        boosts={"vendor.verified": 730, "featured": 365},
        date_field="published_at",
        queryset=lambda: (
            AIModel.objects.published()
            .select_related("vendor", "base_model")
            .prefetch_related("verticals", "modalities")
        ),
        is_public=published,
        m2m=["verticals", "modalities"],
        depends_on=[
            (Vendor, lambda vendor: vendor.ai_models.all()),
            (AIModel, lambda model: model.derived_models.all()),
            (AIModelName, lambda name: [AIModel(pk=name.ai_model_id)]),
        ],
    )
    search.register(
        Product,
        title=["name_zh", "name_en"],
        summary=["summary_zh", "summary_en", Related("vendor", **PUBLISHED), Related("category")],
        body=[
            "description_zh",
            "description_en",
            Related("ai_models", **PUBLISHED),
            Related("verticals"),
            Related("scenarios"),
        ],
        boosts={"vendor.verified": 730, "featured": 365},
        date_field="published_at",
        queryset=lambda: (
            Product.objects.published()
            .select_related("vendor", "category")
            .prefetch_related("ai_models", "verticals", "scenarios")
        ),
        is_public=published,
        m2m=["ai_models", "verticals", "scenarios"],
        depends_on=[
            (Vendor, lambda vendor: vendor.products.all()),
            (AIModel, lambda model: model.products.all()),
        ],
    )
