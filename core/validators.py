"""Validators for identifiers that Chinese records carry."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 31 characters (no I, O, S, V, Z), weights 3^(i) mod 31 for the 17 body characters.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_character(body: str) -> str:
    """The check character for the first 17 characters of a unified social credit code."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    """统一社会信用代码: 18 characters of the GB 32100-2015 alphabet, check character valid."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d."),
            code="uscc_length",
            params={"n": len(code)},
        )
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        raise ValidationError(
            _("Characters not allowed in a unified social credit code: %(chars)s."),
            code="uscc_alphabet",
            params={"chars": " ".join(bad)},
        )
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character should be %(expected)s, not %(got)s: please re-check the code."),
            code="uscc_checksum",
            params={"expected": expected, "got": code[17]},
        )
