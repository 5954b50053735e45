"""The serving process's heap, settled once the application has loaded (config/wsgi.py).

Python's collector periodically walks every tracked object (a full collection of a loaded
Django process costs ~100 ms of CPU, landing on whichever request happens to be running), though
almost all of them (modules, URL patterns, compiled templates, settings) live as long as the
process. Loading those before the first request and freezing them (`gc.freeze()`) takes them out
of every later collection, so a request pays only for its own garbage.
"""

import contextlib
import gc
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver


def project_templates() -> list[str]:
    """The names of the project's own templates (not the admin's or other packages')."""
    names = []
    for directory in (Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])):
        names += [str(p.relative_to(directory)) for p in directory.rglob("*.html")]
    return sorted(names)


def settle() -> None:
    """Load what every request needs, then freeze it out of the collector's walks."""
    get_resolver().url_patterns  # noqa: B018 (imports the URL conf and every view module)
    for name in project_templates():
        # Compiled once into the cached loader; a broken template still fails on the request
        # that uses it, as it would without this.
        with contextlib.suppress(TemplateDoesNotExist, TemplateSyntaxError):
            get_template(name)
    gc.collect()
    gc.freeze()
