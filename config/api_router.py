"""The partner API, `/api/v1/`: one router for every resource, the export and the schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from cases.api.views import CaseStudyViewSet
from core.api.export import ExportView
from directory.api.views import (
    AIModelViewSet,
    ProductCategoryViewSet,
    ProductViewSet,
    ScenarioViewSet,
    VendorViewSet,
    VerticalViewSet,
)
from filings.api.views import FilingViewSet
from finder.api.views import FinderView
from insights.api.series import StatSeriesViewSet
from insights.api.views import InsightChartViewSet
from partners.docs import redoc_view, swagger_view
from procurement.api.views import CertificationViewSet, DeploymentOfferViewSet

app_name = "api"


class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
# Published resources: list (filters, ordering, pages, sync) + detail by slug + bulk export.
RESOURCES = {
    "vendors": (VendorViewSet, "vendor"),
    "models": (AIModelViewSet, "model"),
    "products": (ProductViewSet, "product"),
    "cases": (CaseStudyViewSet, "case"),
    "verticals": (VerticalViewSet, "vertical"),
    "scenarios": (ScenarioViewSet, "scenario"),
    "product-categories": (ProductCategoryViewSet, "product-category"),
    "statistics": (StatSeriesViewSet, "statistic"),
    "filings": (FilingViewSet, "filing"),
    "certifications": (CertificationViewSet, "certification"),
    "deployment-offers": (DeploymentOfferViewSet, "deployment-offer"),
}
for prefix, (viewset, basename) in RESOURCES.items():
    router.register(prefix, viewset, basename=basename)
ExportView.viewsets = {prefix: viewset for prefix, (viewset, _basename) in RESOURCES.items()}

# Other endpoints register here, one line each.
router.register("insights", InsightChartViewSet, basename="insights")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("schema/swagger/", swagger_view(url_name="api:schema"), name="swagger"),
    path("schema/redoc/", redoc_view(url_name="api:schema"), name="redoc"),
    path("export/<str:resource>.<str:extension>", ExportView.as_view(), name="export"),
    path("finder/", FinderView.as_view(), name="finder"),
    *router.urls,
]
