"""Snippets with the query's matches wrapped in <mark>, found the way the index finds them."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import CJK_RE, NAME_SEPARATORS, TOKEN_RE, normalize, parse_query

_LETTER_RE = re.compile(r"[^\W\d_]")


def _normalized_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise character by character, remembering where each output character came from."""
    chars, origin = [], []
    for i, char in enumerate(text):
        out = normalize(char) if ord(char) > 0x7F else char.lower()
        chars.append(out)
        origin.extend([i] * len(out))
    return "".join(chars), origin


def _term_pattern(raw_term: str) -> re.Pattern | None:
    runs = [m.group() for m in TOKEN_RE.finditer(normalize(raw_term))]
    if not runs:
        return None
    # Inside a run characters are adjacent, except for the separators folded inside CJK
    # names (悟道天鹰 marks 悟道·天鹰); between runs any separators may stand.
    return re.compile(r"[\W_]*".join(_run_pattern(run) for run in runs))


_NAME_GAP = f"[{re.escape(NAME_SEPARATORS)}]*"


def _run_pattern(run: str) -> str:
    if not CJK_RE.match(run):
        return re.escape(run)
    return _NAME_GAP.join(re.escape(char) for char in run)


def _word_start(normalized: str, start: int) -> bool:
    """A Latin match must start a word (the index matches Latin words by prefix only)."""
    first = normalized[start]
    if CJK_RE.match(first) or start == 0:
        return True
    before = normalized[start - 1]
    if first.isdigit():
        return not before.isdigit()
    return not (_LETTER_RE.match(before) and not CJK_RE.match(before))


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) spans of `text` that match a term of `query`, merged and sorted."""
    if not text or not parse_query(query):
        return []
    normalized, origin = _normalized_with_map(text)
    spans = []
    for raw in unicodedata.normalize("NFKC", query).split():
        pattern = _term_pattern(raw)
        if pattern is None:
            continue
        for m in pattern.finditer(normalized):
            if m.end() > m.start() and _word_start(normalized, m.start()):
                spans.append((origin[m.start()], origin[m.end() - 1] + 1))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, query: str, *, length: int | None = 160) -> SafeString:
    """`text` HTML-escaped with matches in <mark>; cut to about `length` around the first one."""
    text = text or ""
    spans = match_spans(text, query)
    start, end = 0, len(text)
    if length is not None and len(text) > length:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - length // 4, len(text) - length))
        end = start + length
    parts = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts.append(escape(text[cursor:s]))
        parts.append("<mark>" + escape(text[s:e]) + "</mark>")
        cursor = e
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # every piece is escaped above
