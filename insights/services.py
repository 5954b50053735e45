"""Writes with side effects for market statistics."""

from collections import Counter

from django.db import transaction

from core.seeding import upsert

from .models import StatPoint, StatSeries


@transaction.atomic
def statistics_seed_load(*, data: dict, tally: Counter) -> None:
    """Upsert the report's figures as published statistic series with the report as source."""
    for position, row in enumerate(data["statistics"]):
        row = dict(row)
        points = row.pop("points")
        series = upsert(
            StatSeries,
            lookup={"slug": row.pop("slug")},
            values={
                **row,
                "position": position,
                "source_title": "第一新声研究院整理",
                "status": "published",
            },
            tally=tally,
        )
        for period_start, label_zh, label_en, value, note in points:
            upsert(
                StatPoint,
                lookup={"series": series, "period_start": period_start},
                values={"label_zh": label_zh, "label_en": label_en, "value": value, "note": note},
                tally=tally,
            )
