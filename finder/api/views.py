from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.params import check_known
from insights.api.views import LANGUAGE_PARAMETERS, request_language

from .. import scoring
from ..forms import MULTIPLE, PARAMS, FinderForm
from .serializers import FinderSerializer

PARAMETERS = [
    OpenApiParameter("vertical", OpenApiTypes.STR, description="Vertical slug (hard)."),
    OpenApiParameter("scenario", OpenApiTypes.STR, description="Scenario slug (ranks)."),
    OpenApiParameter("client_type", OpenApiTypes.STR, description="Client type (ranks)."),
    OpenApiParameter("region", OpenApiTypes.STR, description="Province code (ranks)."),
    OpenApiParameter(
        "deployment", OpenApiTypes.STR, many=True,
        description="public_api, dedicated_cloud, private, appliance, on_device; each given is "
        "required.",
    ),
    OpenApiParameter("xinchuang", OpenApiTypes.BOOL, description="A valid 信创 adaptation."),
    OpenApiParameter(
        "platform", OpenApiTypes.STR, many=True,
        description="信创 platform slugs; a valid adaptation to each is required.",
    ),
    OpenApiParameter("filing", OpenApiTypes.BOOL, description="A filed model is required."),
    OpenApiParameter("dengbao", OpenApiTypes.INT, description="Minimum 等保 level, 1–5."),
    OpenApiParameter("modality", OpenApiTypes.STR, description="Modality slug of a model."),
    OpenApiParameter(
        "max_price", OpenApiTypes.NUMBER, description="CNY per million input tokens, at most."
    ),
    OpenApiParameter("open_weights", OpenApiTypes.BOOL, description="An open-weights model."),
    OpenApiParameter(
        "limit", OpenApiTypes.INT, description=f"Results, 1–{scoring.MAX_RESULTS} (default "
        f"{scoring.DEFAULT_RESULTS})."
    ),
    *LANGUAGE_PARAMETERS,
]  # fmt: skip


def _plain(value):
    if hasattr(value, "slug"):
        return value.slug
    if isinstance(value, list | tuple) or hasattr(value, "model"):
        return [_plain(v) for v in value]
    return value if isinstance(value, bool | int | str) or value is None else str(value)


@extend_schema(tags=["finder"])
class FinderView(APIView):
    """The vendor finder (选型向导): ranked vendors for a set of requirements, with the points of
    each factor, the reasons and their evidence, and what is missing. The same ranking as the
    `/finder/` page; the score's rules are in `weights`."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override(request_language(request)):
            return super().dispatch(request, *args, **kwargs)

    @extend_schema(summary="Rank vendors for requirements", parameters=PARAMETERS,
                   responses=FinderSerializer)  # fmt: skip
    def get(self, request):
        params = request.query_params
        check_known(params, {*PARAMS, "limit", "lang"})
        for name in set(PARAMS) - set(MULTIPLE):
            if len(params.getlist(name)) > 1:
                raise exceptions.ValidationError({name: [_("Give this parameter once.")]})
        form = FinderForm.bound(params)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {name: [str(e) for e in errors] for name, errors in form.errors.items()}
            )
        limit = params.get("limit", str(scoring.DEFAULT_RESULTS))
        if not limit.isdigit() or not 1 <= int(limit) <= scoring.MAX_RESULTS:
            raise exceptions.ValidationError(
                {"limit": [_("A whole number from 1 to %(max)d.") % {"max": scoring.MAX_RESULTS}]}
            )
        outcome = scoring.find(form.cleaned_data, limit=int(limit))
        for result in outcome.results:
            for reason in result.reasons:
                for link in reason.evidence:
                    if not link.external:
                        link.url = request.build_absolute_uri(link.url)
        requirements = {
            name: _plain(value)
            for name, value in form.cleaned_data.items()
            if value not in (None, "", False, []) and not (hasattr(value, "exists") and not value)
        }
        data = {
            "as_of": outcome.as_of,
            "requirements": requirements,
            "candidates": outcome.candidates,
            "weights": outcome.applicable,
            "results": outcome.results,
        }
        return Response(FinderSerializer(data, context={"request": request}).data)
