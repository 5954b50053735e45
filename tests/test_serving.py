"""Serving at scale: health checks, the public page cache, conditional GET, the replica router."""

import os
import re
import time
import uuid

import pytest
import redis
from asgiref.local import Local
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.db import transaction
from django.test import Client

from core import pagecache
from core.middleware import PRIMARY_COOKIE
from core.models import PublicationStatus
from core.routers import PrimaryReplicaRouter, use_primary
from directory.models import Vendor, Vertical
from tests.factories import UserFactory, VendorFactory

pytestmark = pytest.mark.urls("tests.serving_urls")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.delete(pagecache.CONTENT_VERSION_KEY)  # a fresh version: no page cached before


def test_healthz_is_a_constant_answer(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.urls("config.urls")
def test_readyz_checks_the_database_and_cache(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ready\n"


def test_anonymous_pages_are_served_from_the_cache(
    client, db, page_cache, django_assert_num_queries
):
    Vertical.objects.create(slug="finance", name_zh="金融", name_en="Finance")
    first = client.get("/verticals/")
    assert first["X-Atlas-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get("/verticals/")
    assert second["X-Atlas-Cache"] == "hit"
    assert "金融;" in second.content.decode()


def test_cache_is_per_language_and_query(client, db, page_cache):
    Vertical.objects.create(slug="finance", name_zh="金融", name_en="Finance")
    assert "金融;" in client.get("/verticals/").content.decode()
    english = client.get("/en/verticals/")
    assert english["X-Atlas-Cache"] == "miss"
    assert "Finance;" in english.content.decode()
    assert client.get("/verticals/?page=2")["X-Atlas-Cache"] == "miss"
    assert client.get("/verticals/", headers={"HX-Request": "true"})["X-Atlas-Cache"] == "miss"


def test_saving_or_deleting_an_entry_refreshes_cached_pages(
    client, db, page_cache, django_capture_on_commit_callbacks
):
    vertical = Vertical.objects.create(slug="finance", name_zh="金融", name_en="Finance")
    client.get("/verticals/")
    assert client.get("/verticals/")["X-Atlas-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        vertical.name_zh = "金融业"
        vertical.save()
    response = client.get("/verticals/")
    assert response["X-Atlas-Cache"] == "miss"
    assert "金融业;" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        vertical.delete()
    assert "金融业" not in client.get("/verticals/").content.decode()


def test_drafts_leave_the_cache_alone_until_they_are_published(
    client, db, page_cache, django_capture_on_commit_callbacks
):
    Vertical.objects.create(slug="finance", name_zh="金融", name_en="Finance")
    client.get("/verticals/")
    with django_capture_on_commit_callbacks(execute=True):
        draft = VendorFactory(status=PublicationStatus.DRAFT)
        draft.summary_zh = "草稿"
        draft.save()
    assert client.get("/verticals/")["X-Atlas-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        draft = Vendor.objects.get(pk=draft.pk)
        draft.status = PublicationStatus.PUBLISHED
        draft.save()
    assert client.get("/verticals/")["X-Atlas-Cache"] == "miss"
    client.get("/verticals/")

    with django_capture_on_commit_callbacks(execute=True):
        unpublished = Vendor.objects.get(pk=draft.pk)
        unpublished.status = PublicationStatus.DRAFT
        unpublished.save()
    assert client.get("/verticals/")["X-Atlas-Cache"] == "miss"


def test_building_the_facet_index_on_a_read_keeps_the_cached_pages(
    db, page_cache, django_capture_on_commit_callbacks
):
    """The first read of a list builds its facet index (core.facets.load): a write derived
    from content, not a change of it, so every cached page stays valid."""
    from core import facets
    from core.models import FacetBitmaps

    VendorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        FacetBitmaps.objects.all().delete()
    version = pagecache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        assert facets.load(Vendor).counts()["all"] == 1
    assert FacetBitmaps.objects.exists()
    assert pagecache.content_version() == version


def test_signed_in_users_and_the_admin_are_never_cached(client, db, page_cache):
    client.force_login(UserFactory(username="ed", role="editor"))
    for _ in range(2):
        assert "X-Atlas-Cache" not in client.get("/verticals/")
    anonymous = Client()
    for _ in range(2):
        assert "X-Atlas-Cache" not in anonymous.get("/admin/login/")


def test_a_cached_form_posts_with_the_visitors_own_token(db, page_cache):
    first = Client(enforce_csrf_checks=True)
    first.get("/verticals/")
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/verticals/")
    assert page["X-Atlas-Cache"] == "hit"
    token = TOKEN.search(page.content.decode()).group(1)
    assert pagecache.TOKEN_PLACEHOLDER not in page.content.decode()
    assert visitor.post("/form/post/", {"csrfmiddlewaretoken": token}).status_code == 200


def test_pages_answer_conditional_gets(client, db, page_cache, django_capture_on_commit_callbacks):
    Vertical.objects.create(slug="finance", name_zh="金融", name_en="Finance")
    etag = client.get("/verticals/")["ETag"]
    # The ETag survives the per-visitor CSRF token, so a revisit is a 304 with no body.
    assert Client().get("/verticals/")["ETag"] == etag
    assert client.get("/verticals/", headers={"If-None-Match": etag}).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        Vertical.objects.create(slug="health", name_zh="医疗", name_en="Healthcare")
    assert client.get("/verticals/", headers={"If-None-Match": etag}).status_code == 200


# -- the replica router's decisions (no database needed) ------------------------------------------


def test_router_reads_from_a_replica_and_writes_to_the_primary(settings):
    settings.DATABASE_REPLICAS = ["replica"]
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Vertical) == "replica"
    assert router.db_for_write(Vertical) == "default"
    with use_primary():
        assert router.db_for_read(Vertical) == "default"
    assert router.allow_migrate("replica", "directory") is False
    assert router.allow_migrate("default", "directory") is True


def test_router_without_replicas_uses_the_primary(settings):
    settings.DATABASE_REPLICAS = []
    assert PrimaryReplicaRouter().db_for_read(Vertical) == "default"


# -- the router against two real PostgreSQL databases ---------------------------------------------

postgres_only = pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="runs in the PostgreSQL pass (DATABASE_URL) beside the real Redis and a 2nd database",
)


@pytest.fixture
def replicated(settings):
    """`replica` is a second real database; rows differ on purpose to show which one answered."""
    settings.DATABASE_REPLICAS = ["replica"]
    settings.DATABASE_ROUTERS = ["core.routers.PrimaryReplicaRouter"]
    Vertical.objects.using("default").create(slug="written", name_zh="主库", name_en="primary")
    Vertical.objects.using("replica").create(slug="written", name_zh="从库", name_en="replica")


@postgres_only
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reads_go_to_the_replica_and_transactions_to_the_primary(replicated):
    assert Vertical.objects.get(slug="written").name_en == "replica"
    with transaction.atomic():
        assert Vertical.objects.get(slug="written").name_en == "primary"
    with use_primary():
        assert Vertical.objects.get(slug="written").name_en == "primary"
    Vertical.objects.create(slug="new", name_zh="新", name_en="new")
    assert Vertical.objects.using("default").filter(slug="new").exists()
    assert not Vertical.objects.using("replica").filter(slug="new").exists()


@postgres_only
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_client_reads_its_own_write_then_returns_to_the_replica(replicated, settings):
    settings.PAGE_CACHE_ENABLED = False
    client = Client()
    assert "replica;" in client.get("/en/verticals/").content.decode()

    response = client.post("/form/post/")
    assert response.status_code == 200
    assert response.cookies[PRIMARY_COOKIE]["max-age"] == settings.DATABASE_REPLICA_PIN_SECONDS
    # The write went to the primary; this client now reads it there.
    assert "written by a post;" in client.get("/en/verticals/").content.decode()
    # Other visitors keep reading the replica.
    assert "replica;" in Client().get("/en/verticals/").content.decode()
    # Once the window is over, this client is back on the replica.
    client.cookies[PRIMARY_COOKIE] = str(int(time.time()) - 1)
    assert "replica;" in client.get("/en/verticals/").content.decode()


@postgres_only
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_admin_always_reads_the_primary(replicated):
    user = UserFactory(username="chief", is_superuser=True)  # on the primary only
    client = Client()
    client.force_login(user)
    page = client.get("/admin/directory/vertical/")
    assert page.status_code == 200
    assert "primary" in page.content.decode() or "主库" in page.content.decode()


# -- the cache, sessions, rate limits and page cache on the real local Redis ----------------------

REDIS_URL = os.environ.get("ATLAS_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def redis_cache(settings):
    """Point the default cache at Redis under a prefix of this test's own; clean it up after."""
    prefix = f"atlas-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    raw = redis.Redis.from_url(REDIS_URL)
    yield raw, prefix
    for key in raw.scan_iter(f"{prefix}:*"):
        raw.delete(key)


def _other_app_server():
    """Forget this process's cache connections, as a second app server would have its own."""
    caches._connections = Local()


@postgres_only
def test_the_cache_is_shared_through_redis(redis_cache):
    raw, prefix = redis_cache
    cache.set("greeting", "你好", timeout=60)
    assert raw.exists(f"{prefix}:1:greeting")
    _other_app_server()
    assert cache.get("greeting") == "你好"


@postgres_only
def test_sessions_live_in_redis_and_survive_another_server(redis_cache, db, settings):
    raw, prefix = redis_cache
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = Client()
    client.force_login(UserFactory(username="ed", role="editor"))
    session_key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert raw.exists(f"{prefix}:1:django.contrib.sessions.cached_db{session_key}")
    _other_app_server()
    assert client.get("/admin/").status_code == 200


@postgres_only
def test_api_rate_limits_count_in_redis(redis_cache, db):
    raw, prefix = redis_cache
    codes = []
    for _ in range(4):
        _other_app_server()  # each request lands on a different app server
        codes.append(Client().get("/api/throttled/").status_code)
    assert codes == [200, 200, 200, 429]
    assert raw.exists(f"{prefix}:1:throttle_anon_127.0.0.1")


@postgres_only
def test_cached_pages_are_shared_through_redis(redis_cache, db, page_cache):
    Vertical.objects.create(slug="finance", name_zh="金融", name_en="Finance")
    assert Client().get("/verticals/")["X-Atlas-Cache"] == "miss"
    _other_app_server()
    assert Client().get("/verticals/")["X-Atlas-Cache"] == "hit"


@pytest.mark.urls("config.urls")
def test_the_sites_pages_are_cached_and_their_forms_still_post(db, page_cache):
    VendorFactory(slug="zhipu", name_zh="智谱", name_en="Zhipu")
    Client().get("/vendors/")
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/vendors/")
    assert page.status_code == 200
    assert page["X-Atlas-Cache"] == "hit"
    assert "智谱" in page.content.decode()
    token = TOKEN.search(page.content.decode()).group(1)
    switched = visitor.post("/i18n/setlang/", {"csrfmiddlewaretoken": token, "language": "en"})
    assert switched.status_code == 302
