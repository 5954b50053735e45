"""Bulk export of a resource's full published set, streamed as CSV or NDJSON in constant memory."""

import json

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from core import spreadsheet

from .schema import ErrorSerializer, ThrottledSerializer

CHUNK_SIZE = 1000
FORMATS = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson; charset=utf-8"}


class _Echo:
    def write(self, value):
        return value


def flat_cell(value) -> str:
    """One CSV cell: related entries become their slugs joined with `|`, JSON for the rest."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict) and "slug" in value:
        return value["slug"]
    if isinstance(value, list) and all(isinstance(v, dict) and "slug" in v for v in value):
        return "|".join(v["slug"] for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class ExportView(APIView):
    """`/api/v1/export/<resource>.<csv|ndjson>`: every published entry, for API-key holders."""

    permission_classes = [IsAuthenticated]
    viewsets: dict = {}  # resource name → viewset class, filled in by the router

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="export",
        summary="Export every published entry of a resource",
        description=(
            "Streams the full published set as CSV (related entries as `|`-joined slugs) or "
            "NDJSON (one JSON object per line, as in the list). Needs an API key."
        ),
        parameters=[
            OpenApiParameter(
                "resource",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=[
                    "vendors",
                    "models",
                    "products",
                    "cases",
                    "verticals",
                    "scenarios",
                    "product-categories",
                    "statistics",
                    "filings",
                ],
            ),
            OpenApiParameter(
                "extension", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(FORMATS)
            ),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, "CSV with a header row."),
            (200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.STR, "One entry per line."),
            (401, "application/json"): OpenApiResponse(ErrorSerializer, "No or unknown API key."),
            (403, "application/json"): OpenApiResponse(ErrorSerializer, "Revoked API key."),
            (404, "application/json"): OpenApiResponse(ErrorSerializer, "No such resource."),
            (429, "application/json"): OpenApiResponse(ThrottledSerializer, "Rate limit or quota."),
        },
    )
    def get(self, request, resource: str, extension: str):
        viewset_class = self.viewsets.get(resource)
        if viewset_class is None or extension not in FORMATS:
            raise NotFound(_("No such export."))
        viewset = viewset_class(request=request, action="list", format_kwarg=None, kwargs={})
        queryset = viewset.get_queryset().order_by("pk")
        serializer = viewset_class.serializer_class(context={"request": request})
        rows = (serializer.to_representation(obj) for obj in queryset.iterator(CHUNK_SIZE))
        lines = self.csv_lines(serializer, rows) if extension == "csv" else self.ndjson_lines(rows)
        response = StreamingHttpResponse(lines, content_type=FORMATS[extension])
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="atlas-{resource}-{stamp}.{extension}"'
        )
        return response

    @staticmethod
    def csv_lines(serializer, rows):
        writer = spreadsheet.writer(_Echo())
        yield writer.writerow(list(serializer.fields))
        for row in rows:
            yield writer.writerow([flat_cell(value) for value in row.values()])

    @staticmethod
    def ndjson_lines(rows):
        for row in rows:
            yield json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
