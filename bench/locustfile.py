"""The traffic mix of Atlas's real users, for locust (driven by bench/loadtest.py).

Visitors (closed loop, no think time: the concurrency is the number of users) read the home page,
search cases with facets, open detail pages and list pages; partners page through the API with
their key; one editor signs in to the admin and saves a case every few seconds. `FloorUser` asks
for /healthz only: the framework's floor on the same server.

The URLs come from a targets file that bench/loadtest.py writes from the database under test
(LOAD_TARGETS): real slugs, the verticals, a partner key and the editor's credentials.
"""

import json
import os
import random
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, between, constant, task

TARGETS = json.loads(Path(os.environ["LOAD_TARGETS"]).read_text(encoding="utf-8"))
# Short queries are what clients type (金融, 政务, 客服); the popular ones repeat, the tail doesn't.
QUERIES = ["金融", "银行", "政务", "医疗", "客服", "教育", "智能", "大模型", "营销", "风控", "制造"]
TIERS = ["L0", "L1", "L2"]
LANGUAGES = ["", "/en"]


def _zipf_choice(items):
    """Popular items first: item k is chosen with weight 1/(k+1)."""
    weights = [1 / (k + 1) for k in range(len(items))]
    return random.choices(items, weights=weights)[0]


def _page(total: int, most: int) -> int:
    """A page number that exists (20 entries a page), at most `most`."""
    return random.randint(1, max(1, min(most, total // 20)))


class Visitor(FastHttpUser):
    weight = 10
    wait_time = constant(0)

    def _get(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task(2)
    def home(self):
        self._get(random.choice(LANGUAGES) + "/", "home")

    @task(4)
    def search_with_facets(self):
        params = [f"q={_zipf_choice(QUERIES)}"]
        if random.random() < 0.6:
            params.append(f"vertical={_zipf_choice(TARGETS['verticals'])}")
        if random.random() < 0.3:
            params.append(f"tier={random.choice(TIERS)}")
        self._get(f"{random.choice(LANGUAGES)}/cases/?{'&'.join(params)}", "search with facets")

    @task(4)
    def case_detail(self):
        self._get(f"{random.choice(LANGUAGES)}/cases/{_zipf_choice(TARGETS['cases'])}/", "detail")

    @task(1)
    def vendor_or_model_detail(self):
        kind = random.choice(["vendors", "models"])
        slug = random.choice(TARGETS[kind])
        self._get(f"{random.choice(LANGUAGES)}/{kind}/{slug}/", "detail")

    @task(1)
    def list_page(self):
        kind = random.choice(["vendors", "models", "products"])
        self._get(f"/{kind}/?page={_page(TARGETS['totals'][kind], 3)}", "list")

    @task(2)
    def api_page(self):
        headers = {"X-API-Key": TARGETS["api_key"]}
        roll = random.random()
        if roll < 0.25:
            url = f"/api/v1/cases/?vertical={random.choice(TARGETS['verticals'])}"
        elif roll < 0.5:
            url = f"/api/v1/cases/?page={_page(TARGETS['totals']['cases'], 50)}"
        else:
            url = f"/api/v1/cases/{random.choice(TARGETS['cases'])}/"
        with self.client.get(url, name="api", headers=headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class _Form(HTMLParser):
    """The fields of the admin change form, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image"):
                self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None


class Editor(FastHttpUser):
    """One editor saving a published case in the admin a few times a minute (each save retires
    every cached page)."""

    fixed_count = 1
    wait_time = between(10, 20)

    def on_start(self):
        page = self.client.get("/admin/login/", name="editor login")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/admin/login/?next=/admin/",
            data=urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "username": TARGETS["editor"][0],
                    "password": TARGETS["editor"][1],
                    "next": "/admin/",
                }
            ),
            headers={
                "Referer": self.host + "/admin/login/",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            name="editor login",
        )

    @task
    def save_a_case(self):
        url = f"/admin/cases/casestudy/{random.choice(TARGETS['editable_case_ids'])}/change/"
        page = self.client.get(url, name="editor open")
        form = _Form()
        form.feed(page.text)
        # Saved as it stands: the save, its history row and the cache invalidation are the load.
        fields = [(k, v) for k, v in form.fields if k not in ("_addanother", "_continue")]
        fields.append(("_save", "Save"))
        with self.client.post(
            url,
            data=urlencode(fields),
            headers={
                "Referer": self.host + url,
                "Content-Type": "application/x-www-form-urlencoded",
            },
            name="editor save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"save not accepted: HTTP {response.status_code}")


class FloorUser(FastHttpUser):
    """The framework's floor: a constant answer through the whole middleware stack."""

    wait_time = constant(0)

    @task
    def floor(self):
        self.client.get("/healthz", name="floor")
