"""What the register puts in the search index (registered from FilingsConfig.ready)."""

import search


def register_all():
    from directory.models import Vendor

    from .models import Filing

    search.register(
        Filing,
        # The number, service and organisation as printed: each is what a buyer types.
        title=["number", "service_name"],
        summary=["organisation"],
        body=["region", lambda f: f.get_kind_display(), "vendor.name_zh", "vendor.name_en"],
        date_field="filed_on",
        queryset=lambda: Filing.objects.select_related("vendor"),
        is_public=lambda filing: True,
        depends_on=[(Vendor, lambda vendor: vendor.filings.all())],
    )
