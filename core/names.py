"""Names as people type them: pinyin slugs, and one folded form to compare names by.

`fold_name()` is what "the same name" means for duplicate warnings and exact-match search:
the search normalisation (NFKC, case, traditional → simplified) with every separator removed,
so 悟道·天鹰, 悟道 天鹰 and 悟道天鹰 are one name, as are GPT-4o and gpt4o.
"""

import re

from django.utils.text import slugify
from pypinyin import lazy_pinyin

from search.text import CJK_RANGES, normalize

MAX_SLUG = 120
_WORD_RE = re.compile(r"[^\W_]+")
_RUN_RE = re.compile(rf"([{CJK_RANGES}]+)|([^{CJK_RANGES}]+)")
_NON_WORD_RE = re.compile(r"[\W_]+")


def fold_name(name: str) -> str:
    return "".join(_WORD_RE.findall(normalize(name or "")))  # search.text.exact_key, uncapped


def pinyin_slug(text: str) -> str:
    """`悟道·天鹰 3.0` → `wudao-tianying-3-0`: a CJK run's syllables joined, runs by hyphens."""
    groups = []
    for match in _RUN_RE.finditer(normalize(text or "")):
        cjk, other = match.groups()
        if cjk:
            groups.append("".join(lazy_pinyin(cjk)))
        else:
            groups.append(slugify(_NON_WORD_RE.sub("-", other)))
    return "-".join(g for g in groups if g)[:MAX_SLUG].strip("-")


def slug_from_names(*, name_zh: str = "", name_en: str = "") -> str:
    """The slug an entry gets when none is given: its English name, else its Chinese
    name's pinyin."""
    return (slugify(name_en or "")[:MAX_SLUG].strip("-")) or pinyin_slug(name_zh)


def unique_slug(model, base: str, taken: set[str] = frozenset()) -> str:
    """`base`, or `base-2`, `base-3` … : the first not used by any row of `model` nor `taken`."""
    base = base or model._meta.model_name
    used = set(
        model._base_manager.filter(slug__startswith=base).values_list("slug", flat=True)
    ) | set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base[: MAX_SLUG - 1 - len(str(n))]}-{n}" in used:
        n += 1
    return f"{base[: MAX_SLUG - 1 - len(str(n))]}-{n}"


NAME_FIELDS = ("name_zh", "name_en", "title_zh", "title_en")


class DuplicateFinder:
    """Existing entries of `model` that a new one may duplicate: the same folded name or
    other name (alias, legal entity), or the same unified social credit code.

    Reads every name of the model once (a few thousand rows), then answers from memory: one
    finder serves a whole import file.
    """

    def __init__(self, model):
        self.model = model
        self._index: dict[str, set[int]] | None = None

    def _build(self) -> dict[str, set[int]]:
        index: dict[str, set[int]] = {}
        fields = [f for f in NAME_FIELDS if _has_field(self.model, f)]
        for pk, *names in self.model._base_manager.values_list("pk", *fields).iterator():
            for name in names:
                if key := fold_name(name):
                    index.setdefault(key, set()).add(pk)
        if _has_field(self.model, "names"):
            relation = self.model._meta.get_field("names")
            fk = relation.field.attname
            for pk, name in relation.related_model._base_manager.values_list(fk, "name"):
                if key := fold_name(name):
                    index.setdefault(key, set()).add(pk)
        return index

    def matches(self, *, names, uscc: str = "", exclude_pk=None) -> list:
        if self._index is None:
            self._index = self._build()
        pks: set[int] = set()
        for name in names:
            pks |= self._index.get(fold_name(name), set())
        if uscc and _has_field(self.model, "uscc"):
            code = uscc.strip().upper()
            pks |= set(self.model._base_manager.filter(uscc=code).values_list("pk", flat=True))
        pks.discard(exclude_pk)
        return list(self.model._base_manager.filter(pk__in=pks).order_by("pk")[:10])

    def warnings(self, *, names, uscc: str = "", exclude_pk=None) -> list[dict]:
        from django.urls import reverse
        from django.utils.translation import gettext as _

        opts = self.model._meta
        return [
            {
                "text": _("Possible duplicate of %(kind)s “%(entry)s” (%(status)s).")
                % {
                    "kind": opts.verbose_name,
                    "entry": entry,
                    "status": entry.get_status_display(),
                },
                "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk]),
            }
            for entry in self.matches(names=names, uscc=uscc, exclude_pk=exclude_pk)
        ]


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True
