import pytest

from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role="editor")


@pytest.fixture
def publisher(db):
    return UserFactory(username="publisher", role="publisher")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture(autouse=True)
def _operator_by_default():
    """Fixtures write as the operator (like `manage.py load_seed`); requests, services and
    `acting_as` blocks inside a test act as their own user."""
    from core.editorial import SYSTEM, acting_as

    with acting_as(SYSTEM):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the database is rolled back, the cache is not."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's default language: a request to an /en/ page leaves English
    active in the thread (LocaleMiddleware activates, nothing deactivates), which code called
    outside a request in the next test would otherwise speak."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def api_key(db):
    """A partner API key and its raw value (what the partner sends in X-API-Key)."""
    from partners.services import api_key_create

    return api_key_create(name="Sync", owner="Example procurement portal")
