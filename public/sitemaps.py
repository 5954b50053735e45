"""sitemap.xml: published entries only, each in both languages with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cases.models import CaseStudy
from directory.models import AIModel, Product, Vendor, Vertical
from filings.models import Filing


class LocalizedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(LocalizedSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "home",
            "directory:vendor_list",
            "directory:model_list",
            "directory:product_list",
            "cases:case_list",
            "directory:vertical_list",
            "filings:filing_list",
        ]

    def location(self, item):
        return reverse(item)


class EntrySitemap(LocalizedSitemap):
    model = None
    changefreq = "weekly"

    def items(self):
        return self.model.objects.published().only("slug", "updated").order_by("pk")

    def lastmod(self, item):
        return item.updated


class VendorSitemap(EntrySitemap):
    model = Vendor


class AIModelSitemap(EntrySitemap):
    model = AIModel


class ProductSitemap(EntrySitemap):
    model = Product


class CaseStudySitemap(EntrySitemap):
    model = CaseStudy


class FilingSitemap(EntrySitemap):
    model = Filing
    changefreq = "monthly"


class VerticalSitemap(LocalizedSitemap):
    def items(self):
        return Vertical.objects.all()


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "verticals": VerticalSitemap,
    "vendors": VendorSitemap,
    "models": AIModelSitemap,
    "products": ProductSitemap,
    "cases": CaseStudySitemap,
    "filings": FilingSitemap,
}
