"""Every API error is JSON: `detail`, a machine-readable `code`, and `errors` per parameter."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.views import exception_handler


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = gettext_lazy("This entry has been retired.")
    default_code = "gone"

    def __init__(self, detail=None, successor: str | None = None):
        super().__init__(detail)
        self.successor = successor


def api_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {
            "detail": _("Invalid query parameters."),
            "code": "invalid_parameters",
            "errors": errors,
        }
        return response
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    data = {"detail": str(detail), "code": codes if isinstance(codes, str) else "error"}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        data["retry_after"] = int(response["Retry-After"])
    if isinstance(exc, Gone):
        data["successor"] = exc.successor
    response.data = data
    return response


def invalid(param: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({param: [message]})
