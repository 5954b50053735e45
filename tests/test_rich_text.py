"""Rich text reaches visitors through nh3: an editor's script or event handler never runs."""

import re

import pytest
from django.template import engines

HOSTILE = {
    "script tag": "Hello <script>alert(document.cookie)</script>",
    "img onerror": '<img src="x" onerror="alert(1)">',
    "onerror unquoted": "<img src=x onerror=alert(1)//>",
    "svg onload": '<svg onload="alert(1)"><circle r="1"/></svg>',
    "javascript link": "[click me](javascript:alert(1))",
    "javascript href": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "data url": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "onclick on allowed tag": '<a href="https://example.com" onclick="steal()">ok</a>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "style block": "<style>body{background:url(//evil.example/x)}</style>",
    "inline style": '<p style="position:fixed;top:0">overlay</p>',
    "object": '<object data="evil.swf"></object>',
    "form": '<form action="https://evil.example"><input name="pw"></form>',
    "broken nesting": "<scr<script>ipt>alert(1)</script>",
    "entity trick": "&lt;script&gt;alert(1)&lt;/script&gt;",
}
EXECUTABLE = re.compile(
    r"<\s*(script|style|iframe|object|embed|svg|form|input)\b|\son[a-z]+\s*=|javascript:|data:",
    re.IGNORECASE,
)


def markdown_filters():
    """Every template library that offers `markdownify` (today: the site's `atlas`)."""
    libraries = engines["django"].engine.template_libraries
    found = [name for name, library in libraries.items() if "markdownify" in library.filters]
    assert "atlas" in found  # the site's filter, core/templatetags/atlas.py
    return found


@pytest.mark.parametrize("library", markdown_filters())
@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_rich_text_is_rendered_inert(library, case):
    template = engines["django"].from_string(f"{{% load {library} %}}{{{{ text|markdownify }}}}")
    html = template.render({"text": HOSTILE[case]})
    assert not EXECUTABLE.search(html), html


@pytest.mark.parametrize("library", markdown_filters())
def test_ordinary_markdown_still_renders(library):
    template = engines["django"].from_string(f"{{% load {library} %}}{{{{ text|markdownify }}}}")
    html = template.render(
        {"text": "**准确率** 提升至 *95%*\n\n- 客服\n- 营销\n\n[官网](https://example.com)"}
    )
    assert "<strong>准确率</strong>" in html and "<em>95%</em>" in html and "<li>客服</li>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">官网</a>' in html


def test_no_template_marks_text_safe_by_hand():
    """Editor text reaches a page through markdownify or autoescaping, never `|safe`."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = [
        str(path.relative_to(root))
        for folder in ("templates", "core", "directory", "cases", "insights", "search")
        for path in (root / folder).rglob("*.html")
        if re.search(r"\|\s*safe\b|autoescape\s+off", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_hostile_editor_text_stays_inert_on_public_pages(client):
    from tests.factories import CaseStudyFactory, VendorFactory

    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    vendor = VendorFactory(
        name_zh=f"服务商{payload}",
        summary_zh=payload,
        description_zh=payload,
        description_en=payload,
    )
    case = CaseStudyFactory(
        title_zh=f"案例{payload}", vendors=[vendor], challenge_zh=payload, solution_zh=payload,
        outcome_zh=payload, summary_zh=payload,
    )  # fmt: skip
    for url in [vendor.get_absolute_url(), case.get_absolute_url(), "/vendors/", "/cases/", "/"]:
        html = client.get(url).content.decode()
        assert '<script>alert("x")' not in html, url
        assert not re.search(r"<img[^>]*onerror", html), url
