"""The Chinese catalogue is complete, compiled, and what editors and visitors actually read."""

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from import_export.admin import ImportExportModelAdmin

from tests.factories import (
    AIModelFactory,
    CaseMetricFactory,
    CaseStudyFactory,
    DeploymentOptionFactory,
    ModalityFactory,
    ProductCategoryFactory,
    ProductFactory,
    ScenarioFactory,
    StatPointFactory,
    VerticalFactory,
)

LOCALE = Path(settings.BASE_DIR) / "locale"
MESSAGES = LOCALE / "zh_Hans" / "LC_MESSAGES"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
# What `make messages` ignores; also never copied when re-extracting the sources.
NOT_SOURCE = (
    *(".venv", ".git", "staticfiles", "node_modules", "test-artifacts", "media", "var"),
    "static/vendor",
)
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx%]|\{[\w.\[\]]*(?:![rsa])?\}")


def live_entries(po):
    return [entry for entry in po if not entry.obsolete]


def translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def part_translations():
    """The helpers' not-yet-merged translations: locale/zh_Hans/LC_MESSAGES/*.po.part."""
    found = {}
    for path in sorted(MESSAGES.glob("*.po.part")):
        for entry in polib.pofile(str(path), encoding="utf-8"):
            if all(translations(entry)) and "fuzzy" not in entry.flags:
                found[(entry.msgctxt, entry.msgid)] = entry
    return found


def test_there_is_a_chinese_catalogue_with_one_plural_form():
    assert MESSAGES / "django.po" in CATALOGUES
    for path in CATALOGUES:
        po = polib.pofile(str(path))
        assert po.metadata["Plural-Forms"].startswith("nplurals=1; plural=0"), path


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_message_has_a_checked_translation(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in live_entries(po) if not all(translations(e))]
    fuzzy = [e.msgid for e in live_entries(po) if "fuzzy" in e.flags]
    assert not untranslated, f"untranslated in {path}: {untranslated}"
    assert not fuzzy, f"fuzzy (unchecked) in {path}: {fuzzy}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_translations_keep_every_placeholder(path):
    broken = []
    for entry in live_entries(polib.pofile(str(path))):
        expected = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in translations(entry):
            if text and set(PLACEHOLDER.findall(text)) != expected:
                broken.append((entry.msgid, text))
    assert not broken


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_the_committed_mo_is_compiled_from_the_po(path):
    """A fresh machine needs no gettext, so the .mo is committed: it must match its .po."""

    def messages(catalogue):
        return {
            (e.msgctxt, e.msgid): tuple(translations(e))
            for e in live_entries(catalogue)
            if e.msgid and all(translations(e)) and "fuzzy" not in e.flags
        }

    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"run `make messages` and commit {mo_path}"
    assert messages(polib.mofile(str(mo_path))) == messages(polib.pofile(str(path))), (
        f"{mo_path} is stale: run `make messages` and commit it"
    )


def extracted_catalogue(tmp_path, domain):
    """Run makemessages on a copy of the sources and return the catalogue it would produce."""
    copy = tmp_path / "src"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(*NOT_SOURCE, "*.sqlite3*", "__pycache__", ".*_cache"),
    )
    command = [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "-d", domain]
    command += [f"--ignore={name}" for name in NOT_SOURCE]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True)
    return polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"))


@pytest.mark.parametrize("domain", sorted({path.stem for path in MESSAGES.glob("*.po")}))
def test_every_string_in_the_sources_has_a_chinese_translation(tmp_path, domain):
    """A new gettext string fails CI until it has a translation, merged or in a *.po.part."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext is needed to check the catalogue: apt-get install gettext")
        pytest.skip("GNU gettext (xgettext) is not installed")
    parts = part_translations()
    missing = [
        entry.msgid
        for entry in live_entries(extracted_catalogue(tmp_path, domain))
        if (not all(translations(entry)) or "fuzzy" in entry.flags)
        and (entry.msgctxt, entry.msgid) not in parts
    ]
    assert not missing, (
        "these strings have no Chinese translation: add them with their msgstr to "
        f"locale/zh_Hans/LC_MESSAGES/<your-name>.po.part\n{missing}"
    )


class VisibleText(HTMLParser):
    """The text nodes a person reads (no script or style)."""

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.texts = []

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style", "template")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style", "template")

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data.strip())


@functools.cache
def english_sources():
    """Our English msgids, less those that stay as they are in Chinese (the name Atlas)."""
    return {
        e.msgid.casefold()
        for e in live_entries(polib.pofile(str(MESSAGES / "django.po")))
        if re.search(r"[A-Za-z]{3}", e.msgid) and e.msgstr != e.msgid
    }


def english_sources_shown(html):
    """Text nodes that are one of our English msgids, i.e. a label left untranslated."""
    sources = english_sources()
    parser = VisibleText()
    parser.feed(html)
    return sorted({t for t in parser.texts if t.rstrip(":：").strip().casefold() in sources})


@pytest.fixture
def one_of_everything(db):
    case = CaseStudyFactory(ai_models=[AIModelFactory()], scenarios=[ScenarioFactory()])
    CaseMetricFactory(case=case)
    ProductFactory(verticals=[VerticalFactory()])
    ModalityFactory()
    DeploymentOptionFactory()
    ProductCategoryFactory()
    StatPointFactory()


def our_admin_pages():
    apps = {"directory", "cases", "insights", "core"}
    for model in admin.site._registry:
        if model._meta.app_label in apps:
            info = (model._meta.app_label, model._meta.model_name)
            obj = model.objects.first()
            yield reverse("admin:{}_{}_changelist".format(*info))
            yield reverse("admin:{}_{}_add".format(*info))
            if obj:
                yield reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
                yield reverse("admin:{}_{}_history".format(*info), args=[obj.pk])
            if isinstance(admin.site._registry[model], ImportExportModelAdmin):
                yield reverse("admin:{}_{}_import".format(*info))
                yield reverse("admin:{}_{}_export".format(*info))


def test_a_publisher_reads_the_admin_in_chinese(client, publisher, one_of_everything):
    client.force_login(publisher)
    untranslated = {}
    for url in [reverse("admin:index"), *our_admin_pages()]:
        response = client.get(url)
        assert response.status_code == 200, url
        if shown := english_sources_shown(response.content.decode()):
            untranslated[url] = shown
    assert not untranslated

    changelist = client.get(reverse("admin:directory_vendor_changelist")).content.decode()
    assert "发布所选条目" in changelist and "服务商" in changelist
    # The two-box pickers' labels come from the admin's JavaScript catalogue.
    scripts = client.get(reverse("admin:jsi18n")).content.decode()
    assert f"{json.dumps('Choose all %s')}: {json.dumps('全选%s')}" in scripts


def test_the_public_site_is_chinese_by_default_and_english_on_request(client, db):
    chinese = client.get("/")
    assert chinese.headers["Content-Language"] == "zh-hans"
    assert not english_sources_shown(chinese.content.decode())

    english = client.get("/en/")
    assert english.headers["Content-Language"] == "en"
    assert re.search(r'<html lang="en"', english.content.decode())
