"""ETag (a digest of the body) and Last-Modified on every successful read, and 304s for them."""

import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from rest_framework.response import Response


class ConditionalGetMixin:
    last_modified = None  # a view sets it while handling the request

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or not isinstance(response, Response)
        ):
            return response
        response.render()
        etag = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
        response["ETag"] = etag
        last_modified = None
        if self.last_modified is not None:
            last_modified = int(self.last_modified.timestamp())
            response["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
