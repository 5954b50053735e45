"""Name order as a Chinese reader expects: by pinyin, Latin names among them (百度 < OpenAI < 智谱).

The key is computed once when a row is saved and stored in an indexed column (`name_sort`), so a
list ordered by name is an index walk, never a sort of every row in Python or in the database.
"""

import re

from pypinyin import Style, lazy_pinyin

NAME_SORT_MAX_LENGTH = 255
_NOT_KEY = re.compile(r"[^0-9a-z]+")


def pinyin_sort_key(name: str) -> str:
    """`阿里云` → `aliyun`, `OpenAI` → `openai`, `360集团` → `360jituan` (ASCII, any collation)."""
    syllables = lazy_pinyin((name or "").casefold(), style=Style.NORMAL, errors="default")
    return _NOT_KEY.sub("", "".join(syllables))[:NAME_SORT_MAX_LENGTH]


def fill_name_sort(rows) -> list:
    """Set the key on unsaved rows before a bulk_create (which calls no save())."""
    rows = list(rows)
    for row in rows:
        row.name_sort = pinyin_sort_key(row.name_zh or row.name_en)
    return rows
