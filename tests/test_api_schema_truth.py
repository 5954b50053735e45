"""The OpenAPI schema describes what the API really answers (audit finding 10): JSON 404s for
any unknown slug, 414, the parameter rules; and an empty parameter is refused, not ignored."""

import pytest
import yaml
from django.test import Client

from tests.factories import AIModelFactory

pytestmark = pytest.mark.django_db

RESOURCES = ["vendors", "models", "products", "cases", "verticals", "scenarios", "statistics"]


@pytest.fixture
def schema(client):
    return yaml.safe_load(client.get("/api/v1/schema/").content)


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("slug", ["no-such-entry", "ü", "a.b", "%E2%80%8B", "with%20space", "~"])
def test_an_unknown_slug_is_a_json_404_whatever_its_characters(client, resource, slug):
    response = client.get(f"/api/v1/{resource}/{slug}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_an_unknown_api_path_is_a_json_404_and_a_page_stays_html():
    client = Client()
    api = client.get("/api/v1/no-such-thing/")
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("param", ["ordering", "q", "tier", "vendor", "page", "page_size"])
def test_an_empty_parameter_is_a_400_that_names_it(client, param):
    AIModelFactory()
    response = client.get(f"/api/v1/models/?{param}=")
    assert response.status_code == 400
    assert param in response.json()["errors"]


def test_an_unknown_insights_language_is_a_400(client):
    assert client.get("/api/v1/insights/", {"lang": "fr"}).status_code == 400
    assert client.get("/api/v1/insights/", {"lang": "en"}).status_code == 200


def test_the_schema_states_the_parameter_rules(schema):
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert "414" in operation["responses"], path
            assert "404" in operation["responses"] or "{" not in path, path
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                value = parameter["schema"]
                value = value.get("items", value) if value.get("type") == "array" else value
                if value.get("type") == "string" and "enum" not in value:
                    assert value.get("minLength") == 1, (path, parameter["name"])
    listing = {p["name"]: p for p in schema["paths"]["/api/v1/models/"]["get"]["parameters"]}
    assert listing["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert listing["page"]["schema"]["minimum"] == 1
    assert listing["q"]["schema"]["maxLength"] == 200
    assert "cursor" in listing["updated_since"]["description"]
    assert "updated_since" in listing["cursor"]["description"]
    assert "400" in schema["paths"]["/api/v1/insights/"]["get"]["responses"]
