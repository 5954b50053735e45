"""Who may set status and editorial fields: every write path × role × transition.

The rule lives in `core.editorial` and `PublishableModel.save()` asks it, so every path below
meets it. Each case starts from an entry in a known state, tries one change through one path as
one role, and checks the database afterwards: the change landed exactly when the rule allows it,
and no path answered with a 5xx. `test_every_write_path_is_in_the_matrix` fails when an admin
view, an API route or a management command appears that the matrix does not know.
"""

import contextlib
import io
import pathlib
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command, get_commands
from django.test import Client
from django.urls import get_resolver, reverse

from cases.models import CaseStudy
from core import editorial
from core.editorial import SYSTEM, EditorialPermissionDenied, acting_as
from core.models import PublicationStatus, PublishableModel
from core.services import (
    entry_archive,
    entry_publish,
    entry_send_back,
    entry_set_featured,
    entry_submit_for_review,
)
from directory.models import AIModel, Product, Vendor
from insights.models import StatSeries
from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    ProductFactory,
    StatSeriesFactory,
    VendorFactory,
)
from tests.test_editorial_safety import form_data

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW = PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW
PUBLISHED, ARCHIVED = PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED
SUCCESSOR = "<successor>"  # stands for another published model, made per case


@dataclass(frozen=True)
class Transition:
    name: str
    before: dict
    after: dict
    editor_may: bool
    creates: bool = False

    def __str__(self):
        return self.name


TRANSITIONS = [
    Transition("draft→in_review", {"status": DRAFT}, {"status": IN_REVIEW}, True),
    Transition("in_review→draft", {"status": IN_REVIEW}, {"status": DRAFT}, True),
    Transition("draft→published", {"status": DRAFT}, {"status": PUBLISHED}, False),
    Transition("in_review→published", {"status": IN_REVIEW}, {"status": PUBLISHED}, False),
    Transition("published→draft", {"status": PUBLISHED}, {"status": DRAFT}, False),
    Transition("published→in_review", {"status": PUBLISHED}, {"status": IN_REVIEW}, False),
    Transition("published→archived", {"status": PUBLISHED}, {"status": ARCHIVED}, False),
    Transition("archived→published", {"status": ARCHIVED}, {"status": PUBLISHED}, False),
    Transition("archived→draft", {"status": ARCHIVED}, {"status": DRAFT}, False),
    Transition("feature", {"status": PUBLISHED}, {"featured": True}, False),
    Transition("unfeature", {"status": PUBLISHED, "featured": True}, {"featured": False}, False),
    Transition("sample flag of published", {"status": PUBLISHED}, {"is_sample": True}, False),
    Transition("successor of archived", {"status": ARCHIVED}, {"successor": SUCCESSOR}, False),
    Transition("sample flag of draft", {"status": DRAFT}, {"is_sample": True}, True),
    Transition("successor of draft", {"status": DRAFT}, {"successor": SUCCESSOR}, True),
    Transition("new draft", {}, {"status": DRAFT}, True, creates=True),
    Transition("new published", {}, {"status": PUBLISHED}, False, creates=True),
]
ROLES = ["editor", "publisher"]


# ── the paths ─────────────────────────────────────────────────────────────────────────────


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_form(client, url, values: dict, drop_version=False):
    """Load an admin form, change `values` (adding fields the form hides: a forged post)."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = form_data(page)
    for name, value in values.items():
        if isinstance(value, bool):
            data.pop(name, None)
            if value:
                data[name] = "on"
        else:
            data[name] = str(value.pk if hasattr(value, "pk") else value)
    return client.post(url, data)


def via_save(user, entry, change):
    with acting_as(user):
        for name, value in change.items():
            setattr(entry, name, value)
        with contextlib.suppress(EditorialPermissionDenied):
            entry.save()


def via_service(user, entry, change):
    services = {
        (IN_REVIEW,): lambda: entry_submit_for_review(entry=entry, by=user),
        (PUBLISHED,): lambda: entry_publish(entry=entry, by=user),
        (ARCHIVED,): lambda: entry_archive(entry=entry, by=user),
    }
    try:
        if "featured" in change:
            entry_set_featured(entry=entry, by=user, featured=change["featured"])
        elif change.get("status") == DRAFT:
            entry_send_back(entry=entry, by=user, comment="Needs sources.")
        else:
            services[(change["status"],)]()
    except Exception as error:  # PermissionDenied / ValidationError: refused, nothing saved
        assert "PermissionDenied" in type(error).__name__ or "ValidationError" in repr(error)


def via_change_form(user, entry, change):
    url = reverse("admin:directory_aimodel_change", args=[entry.pk])
    response = post_form(client_for(user), url, change)
    assert response.status_code < 500


def via_add_form(user, entry, change):
    response = post_form(
        client_for(user),
        reverse("admin:directory_aimodel_add"),
        {
            "name_zh": "新模型",
            "name_en": "New model",
            "slug": "new-model",
            "vendor": VendorFactory(),
            "tier": "L0",
            **change,
        },
    )
    assert response.status_code < 500


def via_inline(user, entry, change):
    """The vendor page's model rows; status is read-only there, so the change is forged."""
    client = client_for(user)
    url = reverse("admin:directory_vendor_change", args=[entry.vendor_id])
    page = client.get(url)
    data = form_data(page)
    prefix = next(
        f.formset.prefix
        for f in page.context["inline_admin_formsets"]
        if f.formset.model is AIModel
    )
    for index, form in enumerate(page.context["inline_admin_formsets"][0].formset.forms):
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[f"{prefix}-{index}-{name}"] = str(value)
        if form.instance.pk == entry.pk:
            for name, value in change.items():
                data[f"{prefix}-{index}-{name}"] = str(getattr(value, "pk", value))
    response = client.post(url, data)
    assert response.status_code < 500


def via_history_revert(user, entry, change):
    """Revert to a history record that holds `change`, saved before the current state."""
    record = entry.history.filter(version=entry.history_version_with_change).get()
    url = reverse("admin:directory_aimodel_simple_history", args=[entry.pk, record.history_id])
    response = post_form(client_for(user), url, change)
    assert response.status_code < 500


ACTIONS = {
    ("status", IN_REVIEW): "submit_for_review",
    ("status", PUBLISHED): "publish",
    ("status", ARCHIVED): "archive",
    ("featured", True): "feature",
    ("featured", False): "unfeature",
}


def via_admin_action(user, entry, change):
    ((name, value),) = change.items()
    response = client_for(user).post(
        reverse("admin:directory_aimodel_changelist"),
        {"action": ACTIONS[(name, value)], "_selected_action": [entry.pk]},
    )
    assert response.status_code < 500


def via_import(user, entry, change):
    client = client_for(user)
    row = {
        "slug": entry.slug if entry else "imported",
        "name_zh": entry.name_zh if entry else "导入",
        "name_en": entry.name_en if entry else "Imported",
        "vendor": entry.vendor.slug if entry else VendorFactory().slug,
        "tier": "L0",
        "status": entry.status if entry else DRAFT,
        "is_sample": str(entry.is_sample if entry else False).lower(),
    }
    row.update({k: str(v).lower() if isinstance(v, bool) else v for k, v in change.items()})
    text = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
    upload = io.BytesIO(text.encode())
    upload.name = "models.csv"
    response = client.post(
        reverse("admin:directory_aimodel_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert response.status_code < 500
    confirm = response.context.get("confirm_form") if response.context else None
    if confirm is not None and not response.context["result"].has_validation_errors():
        response = client.post(
            reverse("admin:directory_aimodel_process_import"),
            {**confirm.initial, "resource": "0"},
        )
        assert response.status_code < 500


def via_review_queue(user, entry, change):
    decision = "approve" if change["status"] == PUBLISHED else "send_back"
    response = client_for(user).post(
        reverse("admin_review_queue"),
        {
            "content_type": ContentType.objects.get_for_model(AIModel).pk,
            "object_id": entry.pk,
            "decision": decision,
            "comment": "Needs sources.",
        },
    )
    assert response.status_code < 500


def via_api(user, entry, change):
    """The API is read-only: every unsafe method is refused, whoever asks."""
    client = client_for(user)
    body = {k: getattr(v, "slug", v) for k, v in change.items()}
    for url in (reverse("api:model-list"), reverse("api:model-detail", args=[entry.slug])):
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, body, content_type="application/json")
            assert response.status_code in (401, 403, 405), (method, url, response.status_code)


@dataclass(frozen=True)
class Path:
    """A write path; `supports`: the changes it can be asked to make (forged ones included);
    `offers(role, t)`: whether it lets a role make an allowed change (read-only fields, a
    service's own preconditions and a read-only API offer nothing, however allowed)."""

    name: str
    run: object
    supports: object = field(default=lambda t: not t.creates)
    offers: object = field(default=lambda role, t: True)

    def __str__(self):
        return self.name


def _editable_by_editor(t):
    """What an editor's admin form edits: the sample flag and successor of a draft."""
    return set(t.after) <= {"is_sample", "successor"}


def _submits(t):
    return (
        t.before.get("status", DRAFT) in (DRAFT, IN_REVIEW) and t.after.get("status") == IN_REVIEW
    )


PATHS = [
    Path("model save", via_save),
    Path(
        "service",
        via_service,
        lambda t: (
            not t.creates
            and (
                set(t.after) == {"featured"}
                or t.after.get("status") in (IN_REVIEW, PUBLISHED, ARCHIVED)
                or (t.before.get("status") == IN_REVIEW and t.after.get("status") == DRAFT)
            )
        ),
        lambda role, t: _submits(t) or (role == "publisher" and t.after.get("status") != IN_REVIEW),
    ),
    Path(
        "change form",
        via_change_form,
        offers=lambda role, t: role == "publisher" or _editable_by_editor(t),
    ),
    Path("add form", via_add_form, lambda t: t.creates),
    Path(
        "inline",
        via_inline,
        lambda t: not t.creates and "successor" not in t.after,
        lambda role, t: False,  # rows show status read-only: nothing editorial is offered
    ),
    Path(
        "history revert",
        via_history_revert,
        offers=lambda role, t: role == "publisher" or _editable_by_editor(t),
    ),
    Path(
        "admin action",
        via_admin_action,
        lambda t: not t.creates and next(iter(t.after.items())) in ACTIONS,
        lambda role, t: _submits(t) or (role == "publisher" and t.after.get("status") != IN_REVIEW),
    ),
    Path("import", via_import, lambda t: set(t.after) <= {"status", "is_sample"}),
    Path(
        "review queue",
        via_review_queue,
        lambda t: (
            t.before.get("status") == IN_REVIEW and t.after.get("status") in (DRAFT, PUBLISHED)
        ),
        lambda role, t: role == "publisher",
    ),
    Path("API", via_api, offers=lambda role, t: False),
]

CASES = [
    pytest.param(path, role, transition, id=f"{path}-{role}-{transition}")
    for path in PATHS
    for transition in TRANSITIONS
    if path.supports(transition)
    for role in ROLES
]


def resolve(values: dict, successor) -> dict:
    return {k: (successor if v == SUCCESSOR else v) for k, v in values.items()}


def state(entry) -> dict:
    values = editorial.entry_values(entry)
    values.pop("published_at")
    return values


@pytest.mark.parametrize(("path", "role", "transition"), CASES)
def test_write_path_matrix(request, path, role, transition):
    user = request.getfixturevalue(role)
    successor = AIModelFactory()
    change = resolve(transition.after, successor)
    allowed = role == "publisher" or transition.editor_may
    lands = allowed and path.offers(role, transition)
    if transition.creates:
        path.run(user, None, change)
        created = AIModel.objects.exclude(pk=successor.pk)
        assert created.filter(status=change["status"]).exists() == lands
        return
    before = {"status": DRAFT, "featured": False, "is_sample": False, "successor": None}
    before.update(transition.before)
    entry = AIModelFactory(**before)
    if path.name == "history revert":
        # History holds the changed state first, then the entry moved to `before`.
        for name, value in {**before, **change}.items():
            setattr(entry, name, value)
        entry.save()
        entry.history_version_with_change = entry.version
        for name, value in before.items():
            setattr(entry, name, value)
        entry.save()
    expected_before = state(AIModel.objects.get(pk=entry.pk))
    path.run(user, entry, change)
    after = state(AIModel.objects.get(pk=entry.pk))
    wanted = {**expected_before, **{k: getattr(v, "pk", v) for k, v in change.items()}}
    if lands:
        assert after == wanted, f"{path} should let a {role} make {transition}"
    else:
        assert after == expected_before, f"{path} let a {role} make {transition}"


# ── every model, every path is known ──────────────────────────────────────────────────────

FACTORIES = [
    (VendorFactory, Vendor),
    (AIModelFactory, AIModel),
    (ProductFactory, Product),
    (CaseStudyFactory, CaseStudy),
    (StatSeriesFactory, StatSeries),
]


@pytest.mark.parametrize(("factory", "model"), FACTORIES)
def test_every_publishable_model_refuses_an_editor_who_publishes(editor, factory, model):
    entry = factory(status=DRAFT, published_at=None)
    entry.status = PUBLISHED
    with acting_as(editor), pytest.raises(EditorialPermissionDenied):
        entry.save()
    with acting_as(editor), pytest.raises(EditorialPermissionDenied):
        model.objects.filter(pk=entry.pk).update(status=PUBLISHED)
    entry.refresh_from_db()
    assert entry.status == DRAFT
    entry.status = PUBLISHED
    with acting_as(None), pytest.raises(EditorialPermissionDenied):  # no actor: like an editor
        entry.save()


# Every admin view of a publishable model, every custom admin view, every management command:
# the matrix path that covers it (or why it writes no entry). A new one fails this test until
# it is added here — and given a row in the matrix when it writes.
ADMIN_VIEWS = {
    "changelist": "admin action",
    "add": "add form",
    "change": "change form",
    "history": "read-only",
    "delete": "deletion (drafts only: test_editorial_safety.py)",
    "simple_history": "history revert",
    "import": "import",
    "process_import": "import",
    "export": "read-only",
}
ADMIN_PAGES = {"admin_review_queue": "review queue"}  # admin pages outside the admin site
COMMANDS = {
    "backup": "read-only",
    "restore": "operator: replaces the database with a backup",
    "create_editor": "users only",
    "load_seed": "operator (SYSTEM, @as_operator)",
    "generate_demo": "operator (SYSTEM, @as_operator)",
    "rebuild_search_index": "index only",
    "rebuild_facets": "facet counts only",
    "import_cac_filings": "register rows; new organisations as draft vendors only",
}
PROJECT_APPS = (
    "core",
    "directory",
    "cases",
    "search",
    "insights",
    "partners",
    "public",
    "filings",
)


def test_every_write_path_is_in_the_matrix():
    known_paths = {p.name for p in PATHS}
    for model, model_admin in admin.site._registry.items():
        if not issubclass(model, PublishableModel):
            continue
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if not name:
                continue
            view = name.removeprefix(prefix)
            assert view in ADMIN_VIEWS, f"admin view {name} is not in the write-path matrix"
            covered = ADMIN_VIEWS[view]
            assert covered in known_paths or " " in covered or covered == "read-only"
        for inline in model_admin.inlines:
            if issubclass(inline.model, PublishableModel):
                assert "inline" in known_paths
    site_names = {p.name for p in admin.site.get_urls() if getattr(p, "name", None)}
    assert site_names <= {
        "index", "login", "logout", "password_change", "password_change_done",
        "autocomplete", "jsi18n", "view_on_site", "app_list",
    }, site_names  # fmt: skip
    pages = {
        p.name
        for p in get_resolver().url_patterns
        if str(p.pattern).startswith("admin/") and getattr(p, "name", None)
    }
    assert pages == set(ADMIN_PAGES), pages ^ set(ADMIN_PAGES)
    commands = {name for name, app in get_commands().items() if app.split(".")[0] in PROJECT_APPS}
    assert commands == set(COMMANDS), commands ^ set(COMMANDS)


def test_the_api_accepts_no_writes():
    from config.api_router import router

    for pattern in router.urls:
        callback = pattern.callback
        actions = getattr(callback, "actions", None) or {}
        assert set(actions) <= {"get", "head", "options"}, pattern


def test_management_commands_write_as_the_operator():
    """`manage.py` runs every command as SYSTEM, and the commands that write entries say so
    themselves for in-process calls; without an actor a write has no publisher's rights."""
    import manage

    assert "acting_as(SYSTEM)" in pathlib.Path(manage.__file__).read_text()
    with acting_as(None):
        call_command("load_seed", verbosity=0)
    assert Vendor.objects.published().exists()
    entry = AIModelFactory(status=DRAFT, published_at=None)
    entry.status = PUBLISHED
    with acting_as(SYSTEM):
        entry.save()
    assert AIModel.objects.get(pk=entry.pk).status == PUBLISHED
