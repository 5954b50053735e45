"""Swagger UI and ReDoc under the site's CSP: no inline script, no inline <style>, no font CDN.

drf-spectacular's own templates put their start-up code in an inline <script> (and ReDoc's asks
Google Fonts for a font), which the policy in settings blocks. These pages load the bundles the
sidecar package ships in static/, start them from static files that read the schema's URL from
a data attribute, and give ReDoc the request's nonce for the <style> elements it generates.
"""

from csp.constants import NONCE
from csp.decorators import csp_update
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView


class SwaggerView(SpectacularSwaggerView):
    template_name = "api/swagger.html"


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"


def swagger_view(**kwargs):
    return SwaggerView.as_view(**kwargs)


# The two <style> elements the ReDoc bundle (sidecar 2.x) inserts while it loads, before it can
# be given the nonce: an empty one and perfect-scrollbar's. tests/browser/test_api_docs_browser.py
# fails on a CSP refusal, so an upgrade that changes them is noticed.
REDOC_LOAD_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
]


def redoc_view(**kwargs):
    # ReDoc renders with styled-components, which adds <style> elements: they carry the nonce.
    # Its search index runs in a worker it creates from a blob: URL.
    return csp_update(
        {"style-src": [NONCE, *REDOC_LOAD_STYLE_HASHES], "worker-src": ["'self'", "blob:"]}
    )(RedocView.as_view(**kwargs))
