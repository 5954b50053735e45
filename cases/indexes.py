"""What the case studies put in the search index (registered from CasesConfig.ready)."""

import search
from search import Related


def register_all():
    from directory.indexes import PUBLISHED
    from directory.models import AIModel, Product, Vendor

    from .models import CaseMetric, CaseStudy

    search.register(
        CaseStudy,
        title=["title_zh", "title_en"],
        summary=["summary_zh", "summary_en", "client_name"],
        body=[
            "challenge_zh",
            "solution_zh",
            "outcome_zh",
            "challenge_en",
            "solution_en",
            "outcome_en",
            Related("vertical"),
            Related("scenarios"),
            Related("vendors", **PUBLISHED),
            Related("ai_models", **PUBLISHED),
            Related("products", **PUBLISHED),
            Related("metrics"),
        ],
        boosts={"featured": 365},
        date_field="published_at",
        queryset=lambda: (
            CaseStudy.objects.published()
            .select_related("vertical")
            .prefetch_related("scenarios", "vendors", "ai_models", "products", "metrics")
        ),
        is_public=lambda case: case.is_published,
        m2m=["scenarios", "vendors", "ai_models", "products"],
        depends_on=[
            (Vendor, lambda vendor: vendor.cases.all()),
            (AIModel, lambda model: model.cases.all()),
            (Product, lambda product: product.cases.all()),
            (CaseMetric, lambda metric: [metric.case]),
        ],
    )
