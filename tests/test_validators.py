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
        ("914403001922038217", "check character should be 6"),
    ],
)
def test_invalid_codes_explain_what_is_wrong(code, message, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as error:
        validate_uscc(code)
    assert message in " ".join(error.value.messages)
