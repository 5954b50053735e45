"""Reading CAC filing numbers, 属地 names and printed dates: pure functions, no database.

A 备案 number is `{Region}-{Name}-{YYYYMMDD}` (since 2024-04 with a 4-digit serial appended:
`…-202404280005`); a 登记 number is `{Region}-{Name}-{YYYYMMDD}S{nnnn}`. The name part may itself
contain `-` (`Beijing-MiniCPM-V-202510200133`), so a number is read from both ends.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

BEIAN, DENGJI = "beian", "dengji"

# 属地 as printed → the Province value (core.regions) it names; 国资委 files central SOEs.
SASAC = "sasac"
REGION_NAMES = {
    "北京": "beijing", "天津": "tianjin", "河北": "hebei", "山西": "shanxi",
    "内蒙古": "inner-mongolia", "辽宁": "liaoning", "吉林": "jilin", "黑龙江": "heilongjiang",
    "上海": "shanghai", "江苏": "jiangsu", "浙江": "zhejiang", "安徽": "anhui", "福建": "fujian",
    "江西": "jiangxi", "山东": "shandong", "河南": "henan", "湖北": "hubei", "湖南": "hunan",
    "广东": "guangdong", "广西": "guangxi", "海南": "hainan", "重庆": "chongqing",
    "四川": "sichuan", "贵州": "guizhou", "云南": "yunnan", "西藏": "tibet", "陕西": "shaanxi",
    "甘肃": "gansu", "青海": "qinghai", "宁夏": "ningxia", "新疆": "xinjiang", "香港": "hong-kong",
    "澳门": "macao", "台湾": "taiwan", "国资委": SASAC,
}  # fmt: skip

# A number's region prefix, case-folded → the provinces it may stand for. `ShanXi` is printed
# for both 山西 (Shanxi) and 陕西 (Shaanxi) in the register, so it stands for either.
REGION_PREFIXES = {
    **{slug.replace("-", ""): {slug} for slug in REGION_NAMES.values()},
    "shanxi": {"shanxi", "shaanxi"},
    "neimenggu": {"inner-mongolia"},
    "neimeng": {"inner-mongolia"},
    "xizang": {"tibet"},
    "zhongyangqiye": {SASAC},
}

NUMBER_TAIL = re.compile(r"^(?P<date>\d{8})(?:(?P<s>[Ss])(?P<dserial>\d{4})|(?P<serial>\d*))$")
DATE_RE = re.compile(r"^\s*(\d{4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})\s*日?\s*(.*)$")
LATE_MARK = "补登"


def fold(text: str) -> str:
    """NFKC, case folding and no spaces: how names and numbers are compared."""
    return "".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def region_slug(printed: str) -> str:
    """The Province value of a printed 属地 (北京市, 宁夏回族自治区, 国资委), or ''."""
    text = (printed or "").strip()
    for name in sorted(REGION_NAMES, key=len, reverse=True):
        if text.startswith(name):
            return REGION_NAMES[name]
    return ""


@dataclass(frozen=True)
class Number:
    printed: str
    key: str
    prefix: str
    name: str
    kind: str | None  # None: the number does not say (truncated)
    date: datetime.date | None
    serial: str
    problem: str = ""  # "truncated" or "malformed", when the tail is not a date (+ serial)

    @property
    def regions(self) -> set[str]:
        return REGION_PREFIXES.get(fold(self.prefix), set())


def parse_number(printed: str) -> Number:
    text = (printed or "").strip()
    parts = text.split("-")
    prefix = parts[0] if len(parts) > 1 else ""
    tail = parts[-1] if len(parts) > 2 else ""
    name = "-".join(parts[1:-1]) if len(parts) > 2 else "-".join(parts[1:])
    key = _key(prefix, text)
    match = NUMBER_TAIL.match(tail)
    if not match:
        return Number(text, key, prefix, name, None, None, "", "truncated")
    date = _date(match["date"])
    if match["s"]:
        serial, kind = match["dserial"], DENGJI
    else:
        serial, kind = match["serial"], BEIAN
    problem = ""
    if date is None or (kind == BEIAN and len(serial) not in (0, 4)):
        problem = "malformed"
    return Number(text, key, prefix, name, kind, date, serial, problem)


def _key(prefix: str, text: str) -> str:
    """Case and region spelling variants (ZheJiang/Zhejiang, Xizang/Tibet) fold to one key."""
    folded = fold(text)
    regions = REGION_PREFIXES.get(fold(prefix))
    if prefix and regions and len(regions) == 1:
        canonical = next(iter(regions)).replace("-", "")
        folded = canonical + folded[len(fold(prefix)) :]
    return folded


def number_key(printed: str) -> str:
    return parse_number(printed).key


def _date(digits: str) -> datetime.date | None:
    try:
        return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


@dataclass(frozen=True)
class PrintedDate:
    date: datetime.date | None
    mark: str  # what followed the date, e.g. （补登）

    @property
    def late(self) -> bool:
        return LATE_MARK in self.mark


def parse_date(printed) -> PrintedDate:
    """`2025/6/30（补登）` → 2025-06-30 with its mark; a spreadsheet date passes through."""
    if isinstance(printed, datetime.datetime):
        return PrintedDate(printed.date(), "")
    if isinstance(printed, datetime.date):
        return PrintedDate(printed, "")
    text = unicodedata.normalize("NFKC", str(printed or "")).strip()
    match = DATE_RE.match(text)
    if not match:
        return PrintedDate(None, text)
    try:
        day = datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return PrintedDate(None, text)
    return PrintedDate(day, match[4].strip())
