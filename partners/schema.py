from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .authentication import HEADER


class APIKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "partners.authentication.APIKeyAuthentication"
    name = "PartnerKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": HEADER}
