import re

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin


class Province(models.TextChoices):
    """China's provincial-level divisions, for HQ, deployment region and filing province."""

    BEIJING = "beijing", _("Beijing")
    TIANJIN = "tianjin", _("Tianjin")
    HEBEI = "hebei", _("Hebei")
    SHANXI = "shanxi", _("Shanxi")
    INNER_MONGOLIA = "inner-mongolia", _("Inner Mongolia")
    LIAONING = "liaoning", _("Liaoning")
    JILIN = "jilin", _("Jilin")
    HEILONGJIANG = "heilongjiang", _("Heilongjiang")
    SHANGHAI = "shanghai", _("Shanghai")
    JIANGSU = "jiangsu", _("Jiangsu")
    ZHEJIANG = "zhejiang", _("Zhejiang")
    ANHUI = "anhui", _("Anhui")
    FUJIAN = "fujian", _("Fujian")
    JIANGXI = "jiangxi", _("Jiangxi")
    SHANDONG = "shandong", _("Shandong")
    HENAN = "henan", _("Henan")
    HUBEI = "hubei", _("Hubei")
    HUNAN = "hunan", _("Hunan")
    GUANGDONG = "guangdong", _("Guangdong")
    GUANGXI = "guangxi", _("Guangxi")
    HAINAN = "hainan", _("Hainan")
    CHONGQING = "chongqing", _("Chongqing")
    SICHUAN = "sichuan", _("Sichuan")
    GUIZHOU = "guizhou", _("Guizhou")
    YUNNAN = "yunnan", _("Yunnan")
    TIBET = "tibet", _("Tibet")
    SHAANXI = "shaanxi", _("Shaanxi")
    GANSU = "gansu", _("Gansu")
    QINGHAI = "qinghai", _("Qinghai")
    NINGXIA = "ningxia", _("Ningxia")
    XINJIANG = "xinjiang", _("Xinjiang")
    HONG_KONG = "hong-kong", _("Hong Kong")
    MACAO = "macao", _("Macao")
    TAIWAN = "taiwan", _("Taiwan")
    NATIONWIDE = "nationwide", _("Nationwide")


def _zh_label(province: str) -> str:
    with translation.override("zh-hans"):
        return str(Province(province).label) if province in Province.values else ""


def city_label(city: str) -> str:
    """A city as the active language writes it: 深圳市 → 深圳, or Shenzhen on English pages."""
    city = (city or "").strip()
    bare = city.removesuffix("市") if len(city) > 2 else city
    if not (translation.get_language() or "").startswith("en") or not re.search(
        r"[\u4e00-\u9fff]", bare
    ):
        return bare
    return "".join(lazy_pinyin(bare)).capitalize()


def place_label(province: str, city: str) -> str:
    """`Guangdong · Shenzhen` or `广东 · 深圳`; a municipality once (not `Beijing · 北京`)."""
    parts = []
    if province in Province.values:
        parts.append(str(Province(province).label))
    bare = (city or "").strip().removesuffix("市")
    if bare and bare != _zh_label(province).removesuffix("市"):
        parts.append(city_label(city))
    return " · ".join(parts)
