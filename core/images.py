"""Uploaded images (vendor logos, case images): the one place they are checked and re-encoded.

An upload is trusted by its bytes only, never by its name or Content-Type: Pillow must identify
it as JPEG, PNG or WebP, its extension must agree, its pixel count must stay under a limit far
below Pillow's own bomb threshold, and it must decode completely. What is stored is a fresh
encoding of the pixels (no EXIF, GPS, comments or profiles) under a random name, plus a
thumbnail beside it.
"""

import io
import posixpath
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# format Pillow reports → (canonical extension, extensions a file of that format may carry)
FORMATS = {
    "JPEG": ("jpg", {"jpg", "jpeg", "jfif"}),
    "PNG": ("png", {"png"}),
    "WEBP": ("webp", {"webp"}),
}
# Formats Pillow reports for variants of the ones above. A phone's multi-picture JPEG (MPO: a
# photo plus depth or preview frames) is a JPEG whose first frame is the photo.
VARIANTS = {"MPO": "JPEG"}
MARKUP_PREFIXES = (b"<", b"\xef\xbb\xbf<")  # SVG, HTML, XML (optionally after a UTF-8 BOM)


def max_upload_bytes() -> int:
    return getattr(settings, "IMAGE_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)


def max_pixels() -> int:
    # Pillow warns at ~89 million pixels and refuses at twice that; we refuse at 16.7 million.
    return getattr(settings, "IMAGE_UPLOAD_MAX_PIXELS", 4096 * 4096)


def thumbnail_size() -> int:
    return getattr(settings, "IMAGE_THUMBNAIL_SIZE", 320)


def thumbnail_name(name: str) -> str:
    """Where the thumbnail of a stored image lives: `<dir>/thumbs/<file>`."""
    directory, filename = posixpath.split(name)
    return posixpath.join(directory, "thumbs", filename)


def _read(upload) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    limit = max_upload_bytes()
    data = upload.read(limit + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s."),
            code="image_too_large",
            params={"limit": filesizeformat(limit)},
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="image_empty")
    return data


def _open_checked(data: bytes, name: str) -> Image.Image:
    if data.lstrip(b" \t\r\n").startswith(MARKUP_PREFIXES):
        raise ValidationError(
            _("This is a text or markup file (SVG or HTML, for instance), not a photo or logo."),
            code="image_markup",
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_many_pixels() from error
        except Exception as error:
            raise ValidationError(
                _("Upload a JPEG, PNG or WebP image; this file is not one."),
                code="image_unknown_format",
            ) from error
    fmt = VARIANTS.get(image.format, image.format)
    if fmt not in FORMATS:
        raise ValidationError(
            _("Upload a JPEG, PNG or WebP image; this file is not one."),
            code="image_unknown_format",
        )
    width, height = image.size
    if width * height > max_pixels():
        raise _too_many_pixels()
    extension = posixpath.splitext(name or "")[1].lstrip(".").lower()
    if extension not in FORMATS[fmt][1]:
        raise ValidationError(
            _("The file's name says .%(extension)s but its content is %(format)s."),
            code="image_extension_mismatch",
            params={"extension": extension or "?", "format": fmt},
        )
    try:
        image.seek(0)  # the first frame of a multi-frame file (MPO, animated WebP)
        image.load()  # decodes every byte: truncated or corrupt data fails here
    except Exception as error:
        raise ValidationError(
            _("The image is damaged or incomplete (truncated); export it again."),
            code="image_truncated",
        ) from error
    image.atlas_format = fmt
    return image


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image has more than %(limit)s pixels; scale it down first."),
        code="image_too_many_pixels",
        params={"limit": f"{max_pixels():,}"},
    )


def _encode(image: Image.Image, fmt: str) -> bytes:
    image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF we drop asked for
    if fmt == "JPEG":
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    image.info = {}  # no EXIF, XMP, ICC, text chunks or comments are carried over
    out = io.BytesIO()
    options = {"JPEG": {"quality": 88, "optimize": True}, "PNG": {"optimize": True}}
    image.save(out, fmt, **options.get(fmt, {"quality": 88}))
    return out.getvalue()


class CleanImage(ContentFile):
    """A re-encoded upload: safe bytes under a generated name, with its thumbnail's bytes."""

    atlas_clean = True

    def __init__(self, content: bytes, name: str, thumbnail: bytes, size: tuple[int, int]):
        super().__init__(content, name=name)
        self.thumbnail = thumbnail
        self.image_size = size


def clean_image(upload) -> CleanImage:
    """Check an upload by content and return its re-encoded copy, or raise ValidationError."""
    if getattr(upload, "atlas_clean", False):
        return upload
    data = _read(upload)
    image = _open_checked(data, getattr(upload, "name", ""))
    fmt = image.atlas_format
    try:
        content = _encode(image, fmt)
        thumb = ImageOps.exif_transpose(image)
        thumb.thumbnail((thumbnail_size(), thumbnail_size()))
        thumb_content = _encode(thumb, fmt)
    except Exception as error:  # an exotic pixel mode Pillow cannot convert
        raise ValidationError(
            _("This image could not be processed; save it as an ordinary RGB JPEG or PNG."),
            code="image_unprocessable",
        ) from error
    name = f"{uuid.uuid4().hex}.{FORMATS[fmt][0]}"
    return CleanImage(content, name, thumb_content, image.size)


def validate_image_upload(value) -> None:
    """Model-field validator: new (uncommitted) files must pass the content checks."""
    if value and not getattr(value, "_committed", True):
        clean_image(value.file if hasattr(value, "file") else value)


class SafeImageFormField(forms.ImageField):
    """Checks and re-encodes in the form, so a bad upload is a form error and nothing is saved."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        return clean_image(data)


class SafeImageFieldFile(ImageFieldFile):
    @property
    def thumbnail_url(self) -> str:
        """Computed, not looked up: no storage round trip per image on a list page."""
        return self.storage.url(thumbnail_name(self.name))

    def save(self, name, content, save=True):
        content = clean_image(content)
        super().save(content.name, content, save=False)
        self.storage.save(thumbnail_name(self.name), ContentFile(content.thumbnail))
        if save:
            self.instance.save()


class SafeImageField(models.ImageField):
    """An ImageField whose every new file goes through `clean_image`, whatever path it took."""

    attr_class = SafeImageFieldFile
    default_validators = [validate_image_upload]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})
