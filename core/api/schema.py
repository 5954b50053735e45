"""The OpenAPI description of the shared list/sync/detail behaviour, applied to each resource."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers

from .params import MAX_PAGE_SIZE
from .serializers import TombstoneSerializer


@extend_schema_serializer(many=False)
class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()


@extend_schema_serializer(many=False)
class ValidationErrorSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per query parameter.",
    )


@extend_schema_serializer(many=False)
class ThrottledSerializer(ErrorSerializer):
    retry_after = serializers.IntegerField(help_text="Seconds to wait, as in Retry-After.")


@extend_schema_serializer(many=False)
class GoneSerializer(ErrorSerializer):
    successor = serializers.CharField(
        allow_null=True, help_text="Slug of the published entry that replaces this one."
    )


def _header(name: str, description: str, codes: list[int]) -> OpenApiParameter:
    return OpenApiParameter(
        name, OpenApiTypes.STR, OpenApiParameter.HEADER, description=description, response=codes
    )


RESPONSE_HEADERS = [
    _header("ETag", "A digest of the body; send it back in If-None-Match.", [200]),
    _header("Last-Modified", "The latest change behind the body.", [200]),
    _header("Retry-After", "Seconds to wait before trying again.", [429]),
]

ERRORS = {
    400: OpenApiResponse(ValidationErrorSerializer, "An unknown or malformed query parameter."),
    401: OpenApiResponse(ErrorSerializer, "The API key is unknown (or missing, for exports)."),
    403: OpenApiResponse(ErrorSerializer, "The API key has been revoked."),
    429: OpenApiResponse(
        ThrottledSerializer, "Rate limit or daily quota exceeded; see Retry-After."
    ),
}
NOT_MODIFIED = {
    304: OpenApiResponse(description="Not modified since If-None-Match / If-Modified-Since.")
}

SYNC_PARAMETERS = [
    OpenApiParameter(
        "updated_since",
        OpenApiTypes.DATETIME,
        description=(
            "Sync mode: everything published or changed at or after this time (with a UTC "
            "offset, between 0001-01-02T00:00:00Z and 9999-12-30T00:00:00Z), oldest first, "
            "plus tombstones for entries that left the published set. Cannot be combined "
            "with cursor, filters, ordering or page; only page_size goes with it."
        ),
    ),
    OpenApiParameter(
        "cursor",
        OpenApiTypes.STR,
        description=(
            "Sync mode: the next page of a sync walk (copy the `next` link). Cannot be "
            "combined with updated_since, filters, ordering or page."
        ),
    ),
]


def _page_serializer(name: str, item_serializer):
    return extend_schema_serializer(many=False)(
        type(
            f"{name}Page",
            (serializers.Serializer,),
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": item_serializer(many=True),
            },
        )
    )


def _sync_serializer(name: str, item_serializer):
    return extend_schema_serializer(many=False)(
        type(
            f"{name}SyncPage",
            (serializers.Serializer,),
            {
                "next": serializers.URLField(
                    allow_null=True, help_text="The next page of this walk; null when done."
                ),
                "next_updated_since": serializers.DateTimeField(
                    help_text="Pass as updated_since next time (it overlaps a little: harmless)."
                ),
                "results": item_serializer(many=True),
                "tombstones": TombstoneSerializer(many=True),
            },
        )
    )


def describe_resource(viewset):
    """Add the list/sync/detail contract to a PublishedReadOnlyViewSet subclass."""
    name = viewset.model.__name__
    item = viewset.serializer_class
    detail = viewset.detail_serializer_class or item
    ordering = [value for value, _label in viewset.filterset_class.ordering_choices()]
    list_response = PolymorphicProxySerializer(
        component_name=f"{name}ListOrSync",
        serializers=[_page_serializer(name, item), _sync_serializer(name, item)],
        resource_type_field_name=None,
        many=False,
    )
    return extend_schema_view(
        list=extend_schema(
            parameters=[
                OpenApiParameter("ordering", OpenApiTypes.STR, enum=ordering),
                OpenApiParameter(
                    "page_size",
                    OpenApiTypes.INT,
                    description=f"Entries per page, 1 to {MAX_PAGE_SIZE}.",
                ),
                *SYNC_PARAMETERS,
                *RESPONSE_HEADERS,
            ],
            responses={
                200: OpenApiResponse(list_response, "A page of entries, or a sync page."),
                **NOT_MODIFIED,
                **ERRORS,
                404: OpenApiResponse(ErrorSerializer, "No such page."),
            },
        ),
        retrieve=extend_schema(
            parameters=RESPONSE_HEADERS,
            responses={
                200: detail,
                **NOT_MODIFIED,
                **ERRORS,
                404: OpenApiResponse(ErrorSerializer, "No published entry has this slug."),
                410: OpenApiResponse(GoneSerializer, "The entry was retired (archived)."),
            },
        ),
    )(viewset)


def add_common_responses(result, generator, request, public):
    """Every /api/v1 operation can answer 401, 403 and 429, and one with a slug 404 (the
    throttles, key check and lookups are shared), whatever view produced it."""
    ref = {"$ref": "#/components/schemas/Error"}
    common = {
        "401": ("The API key is unknown (or missing, for exports).", ref),
        "403": ("The API key has been revoked.", ref),
        "429": (
            "Rate limit or daily quota exceeded; see Retry-After.",
            {"$ref": "#/components/schemas/Throttled"},
        ),
    }
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            wanted = dict(common)
            if "{" in path:
                wanted["404"] = ("Not found.", ref)
            for code, (description, schema) in wanted.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": schema}},
                    },
                )
            responses["429"].setdefault("headers", {}).setdefault(
                "Retry-After",
                {
                    "schema": {"type": "string"},
                    "description": "Seconds to wait before trying again.",
                },
            )
    return result


URI_TOO_LONG = {
    "description": (
        "The request line is longer than the server accepts (gunicorn's limit_request_line, "
        "4094 bytes), answered by the server before the API sees it."
    ),
    "content": {"text/html": {"schema": {"type": "string"}}},
}


def describe_parameter_rules(result, generator, request, public):
    """What the API checks, written into the schema: a query parameter that is sent has a
    value (an empty one is a 400), the FilterSets' length limits, the page bounds, and the 414
    a too-long URL gets from the server."""
    from config.api_router import router

    filtersets = {
        f"/api/v1/{prefix}/": viewset.filterset_class
        for prefix, viewset, _basename in router.registry
        if getattr(viewset, "filterset_class", None)
    }
    for path, operations in result.get("paths", {}).items():
        filterset = filtersets.get(path)
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                schema = parameter.setdefault("schema", {})
                value = schema.get("items", schema) if schema.get("type") == "array" else schema
                if value.get("type") == "string" and "enum" not in value:
                    value.setdefault("minLength", 1)
                filter_ = filterset.base_filters.get(parameter["name"]) if filterset else None
                if filter_ is not None and filter_.extra.get("max_length"):
                    value["maxLength"] = filter_.extra["max_length"]
                if parameter["name"] == "page":
                    schema["minimum"] = 1
                elif parameter["name"] == "page_size":
                    schema.update(minimum=1, maximum=MAX_PAGE_SIZE)
            responses = operation.setdefault("responses", {})
            responses.setdefault("414", URI_TOO_LONG)
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                responses.setdefault(
                    "400",
                    {
                        "description": "An unknown or malformed query parameter.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ValidationError"}
                            }
                        },
                    },
                )
    return result
