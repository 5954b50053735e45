import random

import pytest
from django.core.exceptions import ValidationError

from core.validators import validate_uscc


def test_valid_unified_social_credit_code_passes():
    validate_uscc("914403001922038216")
    validate_uscc("91350100m000100y43")  # lower case is normalised


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91440300192203821", "18 characters"),
        ("9144030019220382I6", "not allowed"),
        ("914403001922038217", "check character should be 6, not 7"),
    ],
)
def test_invalid_codes_explain_what_is_wrong(code, message, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as error:
        validate_uscc(code)
    assert message in " ".join(error.value.messages)


# Real codes of well-known companies (阿里巴巴, 腾讯, 百度, 华为, 小米, and one with letters).
REAL_CODES = [
    "91330100799655058B",
    "9144030071526726XG",
    "91110000802100433B",
    "914403001922038216",
    "91110108558521630L",
    "91310000MA1FL1MMXL",
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_pass_and_any_other_check_character_fails(code):
    validate_uscc(code)
    for other in "0123456789ABCDEFGHJKLMNPQRTUWXY".replace(code[17], ""):
        with pytest.raises(ValidationError):
            validate_uscc(code[:17] + other)


def test_the_check_character_follows_gb_32100_for_any_body():
    """Check character = (31 - Σ value·3^i mod 31) mod 31, as GB 32100-2015 defines it,
    for bodies with every character at every position (real region codes are mostly 0 in
    some places, where a wrong weight would go unnoticed)."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    rng = random.Random(32100)
    for _ in range(300):
        body = "".join(rng.choice(alphabet) for _ in range(17))
        total = sum(alphabet.index(c) * pow(3, i, 31) for i, c in enumerate(body))
        validate_uscc(body + alphabet[(31 - total % 31) % 31])
