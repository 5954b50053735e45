"""The Bootstrap CSS Atlas ships is a build (`make css`) that leaves out the rules no source
names: a template, widget or script that starts using one of those classes must rebuild it."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
REMOVED = ROOT / "frontend" / "bootstrap" / "removed-classes.txt"
TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}")
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
PYTHON_CLASS = re.compile(r"""["']class["']\]?\s*[:=]\s*["']([^"']+)["']""")
SCRIPT_CLASS = re.compile(r"""classList\.(?:add|toggle|remove|contains)\(\s*["']([^"']+)["']""")
SOURCE_DIRS = [p for p in ROOT.iterdir() if p.is_dir() and (p / "apps.py").exists()]


def used_classes() -> dict[str, set[Path]]:
    used: dict[str, set[Path]] = {}

    def note(names: str, path: Path):
        for name in names.split():
            used.setdefault(name, set()).add(path.relative_to(ROOT))

    templates = [*(ROOT / "templates").rglob("*.html")]
    for app in SOURCE_DIRS:
        templates += (app / "templates").rglob("*.html")
        for path in app.rglob("*.py"):
            for match in PYTHON_CLASS.finditer(path.read_text(encoding="utf-8")):
                note(match.group(1), path)
    for path in templates:
        for match in CLASS_ATTRIBUTE.finditer(path.read_text(encoding="utf-8")):
            note(TEMPLATE_TAG.sub(" ", match.group(1)), path)
    for path in (ROOT / "static" / "js").glob("*.js"):
        for match in SCRIPT_CLASS.finditer(path.read_text(encoding="utf-8")):
            note(match.group(1), path)
    return used


def test_every_bootstrap_class_the_sources_use_is_in_the_build():
    left_out = set(REMOVED.read_text(encoding="utf-8").split())
    used = used_classes()
    assert {"btn", "form-control", "visually-hidden"} <= set(used)  # the scan sees real uses
    missing = {name: sorted(map(str, paths)) for name, paths in used.items() if name in left_out}
    assert not missing, f"run `make css` and commit its output: {missing}"
