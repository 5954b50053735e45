from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from core.review import review_queue
from core.views import favicon, healthz, readyz
from public.sitemaps import sitemap_index, sitemap_section
from public.views import HomeView, robots_txt

handler404 = "core.views.page_not_found"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/review/", admin.site.admin_view(review_queue), name="admin_review_queue"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_router")),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
]

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("", include("directory.urls")),
    path("", include("cases.urls")),
    path("", include("insights.urls")),
    path("", include("filings.urls")),
    path("", include("finder.urls")),
    path("", include("public.urls")),
    path("", include("partners.urls")),
    path("", include("feedback.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
