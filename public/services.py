"""Writes the public site makes: a visitor's suggestion becomes a draft, never a public entry."""

import secrets

from django.db import transaction
from django.utils.translation import get_language

from cases.models import CaseStudy
from core.models import PublicationStatus
from directory.models import AIModel, Product, Vendor

SUGGESTED_REASON = "suggested by a visitor"


@transaction.atomic
def suggestion_create(*, data: dict):
    """Create the draft a SuggestionForm describes; editors find it in the admin's drafts."""
    lang = "en" if (get_language() or "").startswith("en") else "zh"
    kind = data["kind"]
    slug = f"suggested-{secrets.token_hex(5)}"
    note_lines = ["Visitor suggestion via the public form."]
    if data.get("source_url"):
        note_lines.append(f"Source: {data['source_url']}")
    if data.get("contact"):
        note_lines.append(f"Contact: {data['contact']}")
    common = {
        "slug": slug,
        "status": PublicationStatus.DRAFT,
        "featured": False,
        "review_comment": "\n".join(note_lines),
    }
    text = data["description"]
    if kind == "casestudy":
        entry = CaseStudy(
            **common,
            title_zh=data["name"],
            client_name=data["client_name"],
            client_type=data["client_type"],
            vertical=data["vertical"],
            tier=data["tier"],
            source_url=data.get("source_url") or "",
            **{f"solution_{lang}": text},
        )
    else:
        fields = {"name_zh": data["name"], f"description_{lang}": text}
        if kind == "vendor":
            entry = Vendor(**common, **fields, kind=data["vendor_kind"], website=data["website"])
        elif kind == "aimodel":
            entry = AIModel(
                **common,
                **fields,
                vendor=data["vendor"],
                tier=data["tier"],
                website=data["website"],
            )
        else:
            entry = Product(
                **common,
                **fields,
                vendor=data["vendor"],
                category=data["category"],
                website=data["website"],
            )
    entry._change_reason = SUGGESTED_REASON  # read by django-simple-history
    entry.full_clean()
    entry.save()
    if kind == "casestudy" and data.get("vendor"):
        entry.vendors.set([data["vendor"]])
    return entry
