"""Logos and case images: real JPEG/PNG/WebP only, checked by content, re-encoded, thumbnailed."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from cases.models import CaseImage
from core.images import clean_image, thumbnail_name
from directory.models import Vendor
from tests.factories import CaseStudyFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list[Path]:
    return [p for p in Path(media).rglob("*") if p.is_file()] if Path(media).exists() else []


def picture(fmt="PNG", size=(64, 48), mode="RGB", **save) -> bytes:
    image = Image.new(mode, size, "teal" if mode != "L" else 128)
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def with_png_dimensions(data: bytes, width: int, height: int) -> bytes:
    """The same small PNG whose header claims other dimensions (a decompression bomb's trick)."""
    ihdr = bytearray(data[8:33])  # length, b"IHDR", 13 bytes of fields, CRC
    ihdr[8:16] = struct.pack(">II", width, height)
    ihdr[21:25] = struct.pack(">I", zlib.crc32(bytes(ihdr[4:21])))
    return data[:8] + bytes(ihdr) + data[33:]


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"

REJECTED = {
    "svg named .png": ("logo.png", SVG, "image_markup"),
    "svg as .svg": ("logo.svg", SVG, "image_markup"),
    "html named .jpg": ("photo.jpg", b"\n  " + HTML, "image_markup"),
    "jpeg named .png": ("logo.png", picture("JPEG"), "image_extension_mismatch"),
    "png named .webp": ("logo.webp", picture("PNG"), "image_extension_mismatch"),
    "no extension": ("logo", picture("PNG"), "image_extension_mismatch"),
    "truncated png": ("logo.png", picture("PNG", size=(400, 300))[:-200], "image_truncated"),
    "truncated jpeg": (
        "photo.jpg",
        picture("JPEG", size=(800, 600), mode="L")[:1500],
        "image_truncated",
    ),
    "gif (real, not allowed)": ("anim.gif", picture("GIF"), "image_unknown_format"),
    "random bytes": ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "image_unknown_format"),
    "empty": ("logo.png", b"", "image_empty"),
    "bomb over our limit": (
        "bomb.png",
        with_png_dimensions(picture("PNG", size=(8, 8)), 5000, 5000),
        "image_too_many_pixels",
    ),
    "bomb over Pillow's limit": (
        "bomb.png",
        with_png_dimensions(picture("PNG", size=(8, 8)), 30000, 30000),
        "image_too_many_pixels",
    ),
}


@pytest.mark.parametrize("case", REJECTED, ids=list(REJECTED))
def test_each_hostile_or_broken_upload_is_refused_by_content(case, media):
    name, data, code = REJECTED[case]
    with pytest.raises(ValidationError) as refused:
        clean_image(SimpleUploadedFile(name, data, content_type="image/png"))
    assert refused.value.code == code
    assert stored_files(media) == []


def test_files_over_the_size_limit_are_refused(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 10_000
    noisy = Image.effect_noise((200, 200), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    assert len(out.getvalue()) > 10_000
    with pytest.raises(ValidationError) as refused:
        clean_image(SimpleUploadedFile("big.png", out.getvalue()))
    assert refused.value.code == "image_too_large"
    assert "9.8" in refused.value.messages[0]  # the limit, in words an editor reads


def test_the_pixel_limit_is_well_under_pillows():
    from core.images import max_pixels

    assert max_pixels() * 4 < Image.MAX_IMAGE_PIXELS


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_whole_valid_image_over_the_pixel_limit_is_refused(settings, media, fmt):
    """A real image that decodes completely, one pixel over the limit (not a forged header)."""
    settings.IMAGE_UPLOAD_MAX_PIXELS = 64 * 48 - 1
    name = f"wide.{fmt.lower()}"
    with pytest.raises(ValidationError) as refused:
        clean_image(SimpleUploadedFile(name, picture(fmt, size=(64, 48))))
    assert refused.value.code == "image_too_many_pixels"
    assert "3,071" in refused.value.messages[0]  # the limit, as the editor reads it
    assert stored_files(media) == []
    settings.IMAGE_UPLOAD_MAX_PIXELS = 64 * 48  # exactly at the limit is fine
    clean_image(SimpleUploadedFile(name, picture(fmt, size=(64, 48))))


def exif_with_gps() -> bytes:
    image = Image.new("RGB", (120, 80), "orange")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"secret comment")
    return out.getvalue()


def test_accepted_jpeg_is_reencoded_without_metadata_under_a_generated_name(media):
    vendor = VendorFactory()
    vendor.logo = SimpleUploadedFile("我的 logo.JPG", exif_with_gps())
    vendor.full_clean()
    vendor.save()
    stored = Path(media) / vendor.logo.name
    assert vendor.logo.name.startswith("logos/") and "logo" not in Path(stored).stem
    assert len(Path(stored).stem) == 32 and stored.suffix == ".jpg"
    with Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (120, 80)
        assert not image.getexif() and "comment" not in image.info and "exif" not in image.info
    assert b"SpyCam" not in stored.read_bytes()


def test_accepted_images_get_a_thumbnail(media):
    case = CaseStudyFactory()
    image = CaseImage(case=case, image=SimpleUploadedFile("wide.png", picture(size=(1600, 900))))
    image.full_clean()
    image.save()
    thumb = Path(media) / thumbnail_name(image.image.name)
    with Image.open(thumb) as small:
        assert max(small.size) == 320 and small.format == "PNG"
    assert image.image.thumbnail_url.endswith(thumbnail_name(image.image.name))


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        ("a.png", picture("PNG", mode="RGBA"), "PNG"),
        ("b.webp", picture("WEBP"), "WEBP"),
        ("c.jpeg", picture("JPEG"), "JPEG"),
        ("d.png", picture("PNG", mode="P"), "PNG"),
    ],
)
def test_real_jpeg_png_and_webp_are_accepted(name, data, fmt):
    cleaned = clean_image(SimpleUploadedFile(name, data))
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.format == fmt


def test_a_disguised_file_set_in_code_is_refused_too(media):
    vendor = VendorFactory()
    vendor.logo = ContentFile(SVG, name="logo.png")
    with pytest.raises(ValidationError):
        vendor.save()
    assert stored_files(media) == []


# ── through the forms editors use ───────────────────────────────────────────────────────


def test_admin_shows_a_form_error_and_saves_nothing(client, publisher, media):
    client.force_login(publisher)
    response = client.post(
        reverse("admin:directory_vendor_add"),
        {
            "name_zh": "恶意公司",
            "name_en": "Evil",
            "slug": "evil",
            "kind": "ai_native",
            "status": "draft",
            "logo": SimpleUploadedFile("logo.png", SVG, content_type="image/png"),
            "names-TOTAL_FORMS": 0,
            "names-INITIAL_FORMS": 0,
            "ai_models-TOTAL_FORMS": 0,
            "ai_models-INITIAL_FORMS": 0,
            "products-TOTAL_FORMS": 0,
            "products-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    with translation.override("zh-hans"):
        expected = gettext(
            "This is a text or markup file (SVG or HTML, for instance), not a photo or logo."
        )
    assert expected in response.content.decode()
    assert not Vendor.objects.filter(slug="evil").exists()
    assert stored_files(media) == []


@pytest.mark.parametrize("case", REJECTED, ids=list(REJECTED))
def test_case_image_form_refuses_each_class(case, media):
    name, data, _code = REJECTED[case]
    form_class = modelform_factory(CaseImage, fields=["case", "image", "position"])
    form = form_class(
        {"case": CaseStudyFactory().pk, "position": 0},
        {"image": SimpleUploadedFile(name, data, content_type="image/jpeg")},
    )
    assert not form.is_valid() and "image" in form.errors
    assert CaseImage.objects.count() == 0 and stored_files(media) == []


def test_admin_accepts_a_real_logo_and_stores_it_clean(client, publisher, media):
    client.force_login(publisher)
    client.post(
        reverse("admin:directory_vendor_add"),
        {
            "name_zh": "好公司",
            "name_en": "Good",
            "slug": "good",
            "kind": "ai_native",
            "status": "draft",
            "logo": SimpleUploadedFile("logo.jpg", exif_with_gps(), content_type="image/jpeg"),
            "names-TOTAL_FORMS": 0,
            "names-INITIAL_FORMS": 0,
            "ai_models-TOTAL_FORMS": 0,
            "ai_models-INITIAL_FORMS": 0,
            "products-TOTAL_FORMS": 0,
            "products-INITIAL_FORMS": 0,
        },
    )
    vendor = Vendor.objects.get(slug="good")
    assert sorted(p.name for p in stored_files(media)) == sorted(
        [Path(vendor.logo.name).name] * 2
    )  # the image and its thumbnail
    assert b"SpyCam" not in (Path(media) / vendor.logo.name).read_bytes()
