"""Every JPEG a phone produces is accepted (stored upright) or refused with a form error.

Audit finding 4: a multi-picture JPEG (MPO) was `KeyError: 'MPO'`, a 500, for logos and case
images. Then a hypothesis fuzz of the upload path: any bytes give a clean image or a
ValidationError, never another exception.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from cases.models import CaseImage
from core.images import clean_image
from directory.models import Vendor
from tests.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db

ORIENTATION = 0x0112


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def photo(size=(80, 40), mode="RGB", orientation=None, **save) -> bytes:
    """A landscape picture: left half red, right half blue (so rotation is visible)."""
    image = Image.new(mode, size, "red" if mode == "RGB" else (0, 255, 255, 0))
    image.paste("blue" if mode == "RGB" else (255, 255, 0, 0), (size[0] // 2, 0, *size))
    out = io.BytesIO()
    if orientation is not None:
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        save["exif"] = exif.tobytes()
    image.save(out, "JPEG", **save)
    return out.getvalue()


def mpo() -> bytes:
    """A phone's multi-picture JPEG: the photo plus a second frame (depth map, preview)."""
    first = Image.new("RGB", (80, 40), "red")
    second = Image.new("RGB", (40, 20), "green")
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second])
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).format == "MPO"
    return data


PHONE_JPEGS = {
    "MPO (multi-picture)": (mpo(), (80, 40)),
    "CMYK": (photo(mode="CMYK"), (80, 40)),
    "progressive": (photo(progressive=True), (80, 40)),
    "EXIF rotated 90° (orientation 6)": (photo(orientation=6), (40, 80)),
    "EXIF rotated 270° (orientation 8)": (photo(orientation=8), (40, 80)),
    "EXIF upside down (orientation 3)": (photo(orientation=3), (80, 40)),
    "EXIF mirrored (orientation 2)": (photo(orientation=2), (80, 40)),
    "progressive CMYK rotated": (photo(mode="CMYK", progressive=True, orientation=6), (40, 80)),
}


@pytest.mark.parametrize("kind", PHONE_JPEGS, ids=list(PHONE_JPEGS))
def test_each_phone_jpeg_is_accepted_and_stored_upright(kind):
    data, upright = PHONE_JPEGS[kind]
    cleaned = clean_image(SimpleUploadedFile("photo.jpg", data))
    with Image.open(io.BytesIO(cleaned.read())) as stored:
        assert stored.format == "JPEG" and stored.mode == "RGB"
        assert stored.size == upright
        assert ORIENTATION not in stored.getexif()


def test_orientation_6_puts_the_left_of_the_sensor_on_top():
    cleaned = clean_image(SimpleUploadedFile("photo.jpg", photo(orientation=6)))
    with Image.open(io.BytesIO(cleaned.read())) as stored:
        red, blue = stored.getpixel((20, 5)), stored.getpixel((20, 75))
    # Orientation 6: the camera was turned 90° clockwise, so the sensor's left (red) is on top.
    assert red[0] > 200 and red[2] < 60, red
    assert blue[2] > 200 and blue[0] < 60, blue


@pytest.mark.parametrize("kind", PHONE_JPEGS, ids=list(PHONE_JPEGS))
def test_the_vendor_admin_takes_a_phone_photo_as_logo(client, publisher, kind):
    client.force_login(publisher)
    response = client.post(
        reverse("admin:directory_vendor_add"),
        {
            "name_zh": "手机公司",
            "name_en": "Phone",
            "slug": "phone",
            "kind": "ai_native",
            "status": "draft",
            "logo": SimpleUploadedFile("IMG_0001.JPG", PHONE_JPEGS[kind][0], "image/jpeg"),
            "names-TOTAL_FORMS": 0,
            "names-INITIAL_FORMS": 0,
            "ai_models-TOTAL_FORMS": 0,
            "ai_models-INITIAL_FORMS": 0,
            "products-TOTAL_FORMS": 0,
            "products-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content[:300]
    vendor = Vendor.objects.get(slug="phone")
    assert (vendor.logo.width, vendor.logo.height) == PHONE_JPEGS[kind][1]


@pytest.mark.parametrize("kind", PHONE_JPEGS, ids=list(PHONE_JPEGS))
def test_the_case_image_form_takes_a_phone_photo(kind):
    form_class = modelform_factory(CaseImage, fields=["case", "image", "position"])
    form = form_class(
        {"case": CaseStudyFactory().pk, "position": 0},
        {"image": SimpleUploadedFile("IMG_0001.jpeg", PHONE_JPEGS[kind][0], "image/jpeg")},
    )
    assert form.is_valid(), form.errors
    image = form.save()
    assert (image.image.width, image.image.height) == PHONE_JPEGS[kind][1]


# ── fuzz ──────────────────────────────────────────────────────────────────────────────────

SEEDS = [data for data, _size in PHONE_JPEGS.values()] + [
    photo(size=(16, 16)),
    (lambda out: (Image.new("RGBA", (16, 16), "teal").save(out, "PNG"), out.getvalue())[1])(
        io.BytesIO()
    ),
    (lambda out: (Image.new("RGB", (16, 16), "teal").save(out, "WEBP"), out.getvalue())[1])(
        io.BytesIO()
    ),
]


@st.composite
def uploads(draw):
    """Real images with bytes flipped, cut, inserted or spliced; or arbitrary bytes."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=2048))
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "splice"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 512))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            data[at:] = draw(st.sampled_from(SEEDS))[at:]
    return bytes(data)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(data=uploads(), name=st.sampled_from(["a.jpg", "a.JPEG", "a.png", "a.webp", "a", "a.gif"]))
def test_fuzzed_uploads_are_cleaned_or_refused_never_an_error(data, name):
    try:
        cleaned = clean_image(SimpleUploadedFile(name, data))
    except ValidationError:
        return
    with Image.open(io.BytesIO(cleaned.read())) as stored:
        stored.load()
        assert stored.format in ("JPEG", "PNG", "WEBP")


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(data=uploads())
def test_fuzzed_case_images_through_the_form_are_a_form_error_or_saved(data):
    form_class = modelform_factory(CaseImage, fields=["case", "image", "position"])
    case = CaseStudyFactory()
    form = form_class(
        {"case": case.pk, "position": 0},
        {"image": SimpleUploadedFile("IMG.jpg", data, "image/jpeg")},
    )
    if form.is_valid():
        form.save()
    else:
        assert "image" in form.errors
