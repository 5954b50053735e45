"""Reads of the procurement facts: what counts as published evidence, what is still valid."""

import datetime

from django.db.models import Q
from django.utils import timezone

from core.querysets import PublishableQuerySet

EXPIRY_WARNING_DAYS = 60


def today() -> datetime.date:
    return timezone.localdate()


class HeldFactQuerySet(PublishableQuerySet):
    """Facts held by a vendor, optionally about one of its models or products."""

    def evidence(self):
        """Published facts whose vendor, model and product (when named) are published too:
        the only ones a public page, a facet or the finder may count or link to."""
        return self.filter(
            status="published",
            vendor__status="published",
        ).filter(
            Q(ai_model__isnull=True) | Q(ai_model__status="published"),
            Q(product__isnull=True) | Q(product__status="published"),
        )

    def shown_with(self, *, vendor=None, ai_model=None, product=None):
        """What a vendor, model or product page lists: everything the vendor holds on its own
        page, the model's or product's own facts on theirs."""
        if vendor is not None:
            found = self.filter(vendor=vendor)
        elif ai_model is not None:
            found = self.filter(ai_model=ai_model)
        else:
            found = self.filter(product=product)
        return found.evidence().select_related(*self.shown_relations)

    shown_relations: tuple[str, ...] = ("ai_model", "product")


class CertificationQuerySet(HeldFactQuerySet):
    shown_relations = ("ai_model", "product", "platform")

    def valid(self, on: datetime.date | None = None):
        """In force on a day (today): started (or no start recorded) and not yet expired (or no
        expiry stated)."""
        on = on or today()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        )

    def expired(self, on: datetime.date | None = None):
        return self.filter(valid_until__lt=on or today())

    def expiring(self, days: int = EXPIRY_WARNING_DAYS, on: datetime.date | None = None):
        """Still valid, but not for more than `days` days."""
        on = on or today()
        return self.filter(valid_until__gte=on, valid_until__lte=on + datetime.timedelta(days))

    def of_kind(self, kind: str):
        return self.filter(kind=kind)


class DeploymentOfferQuerySet(HeldFactQuerySet):
    pass


# -- what a vendor, model or product holds, as the lists' facets and filters read it -------------
# `holder` names the field of the fact that points to the entry: "vendor", "ai_model" or
# "product". The facet bitmaps (directory.facets) and the FilterSets (directory.filters) select
# with the same querysets, so counts equal results. Validity is read on the day the bitmaps are
# computed, and `validity_changes` tells the index on which coming days an entry's valid facts
# change by themselves, so that it recomputes that entry on the day (core.facets: `changes`).

DENGBAO_LEVELS = (1, 2, 3, 4, 5)


def valid_certifications():
    from .models import Certification

    return Certification.objects.evidence().valid()


def published_offers():
    from .models import DeploymentOffer

    return DeploymentOffer.objects.evidence()


def adapted(platform_slugs=None, *, holder="vendor"):
    """Holders with a valid, published 信创 adaptation to any of these platforms (or to any)."""
    found = valid_certifications().filter(kind="xinchuang")
    if platform_slugs is not None:
        found = found.filter(platform__slug__in=platform_slugs)
    return found.values(f"{holder}_id")


def dengbao_at_least(min_level: int, *, holder="vendor"):
    """Holders with a valid, published 等保 certification of at least this level."""
    found = valid_certifications().filter(kind="dengbao", level__gte=min_level)
    return found.values(f"{holder}_id")


def certified(kinds, *, holder="vendor"):
    """Holders with a valid, published certification of any of these kinds."""
    return valid_certifications().filter(kind__in=kinds).values(f"{holder}_id")


def offering(modes, *, holder="vendor"):
    """Holders with a published offer of any of these deployment modes."""
    return published_offers().filter(mode__in=modes).values(f"{holder}_id")


def _held(facts, holders, holder):
    return facts.filter(**{f"{holder}__in": holders.values("pk")}).order_by()


def platform_pairs(holders, *, holder="vendor"):
    rows = _held(valid_certifications().filter(kind="xinchuang"), holders, holder)
    return set(rows.values_list(f"{holder}_id", "platform__slug"))


def dengbao_pairs(holders, *, holder="vendor"):
    """A holder at 等保 level 3 is in the options 1, 2 and 3 (“level n or higher”)."""
    rows = _held(valid_certifications().filter(kind="dengbao"), holders, holder)
    best: dict[int, int] = {}
    for pk, level in rows.values_list(f"{holder}_id", "level"):
        best[pk] = max(best.get(pk, 0), level or 0)
    return {(pk, str(n)) for pk, level in best.items() for n in range(1, level + 1)}


def offer_pairs(holders, *, holder="vendor"):
    return set(_held(published_offers(), holders, holder).values_list(f"{holder}_id", "mode"))


def certification_pairs(holders, *, holder="vendor"):
    rows = _held(valid_certifications(), holders, holder)
    return set(rows.values_list(f"{holder}_id", "kind"))


def validity_changes(holders, *, holder="vendor"):
    """(holder, day) for each coming day on which one of its published certifications becomes
    valid (its first day) or lapses (the day after its last)."""
    from .models import Certification

    on = today()
    rows = _held(Certification.objects.evidence(), holders, holder)
    rows = rows.filter(Q(valid_from__gt=on) | Q(valid_until__gte=on))
    days = set()
    for pk, start, end in rows.values_list(f"{holder}_id", "valid_from", "valid_until"):
        if start is not None and start > on:
            days.add((pk, start))
        if end is not None and end >= on:
            days.add((pk, end + datetime.timedelta(days=1)))
    return days
