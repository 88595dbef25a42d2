"""Photo and document uploads: checked by content, not by name; size-limited;
images re-encoded before they are stored; thumbnails for photos.

Re-encoding drops everything but the pixels: EXIF (GPS position of the phone,
device serial, owner name), XMP and ICC comments never reach the media store.
The record keeps what it needs itself (uploader, time, original file name, size).
Re-encoding also defuses files that are valid images with something appended.
"""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from core.exceptions import ServiceError

# A phone photo is ~12–50 megapixels; anything far beyond is a decompression bomb.
Image.MAX_IMAGE_PIXELS = 80_000_000

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
DOCUMENT_MAGIC = {b"%PDF": "pdf"}
THUMB_SIZE = (360, 360)


def _read(f):
    f.seek(0)
    data = f.read()
    f.seek(0)
    return data


def check_size(f, label):
    limit = settings.MAX_PHOTO_SIZE
    if f.size > limit:
        raise ServiceError(f"{label}“{f.name}”超过 {limit // 1024 // 1024} MB，请压缩后重新上传。", field="photos")


def image_extension(f, label="照片"):
    """The real format of an uploaded image, or a Chinese error."""
    check_size(f, label)
    data = _read(f)
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
            fmt = img.format
    except Image.DecompressionBombError:
        raise ServiceError(f"{label}“{f.name}”像素过大，请缩小后重新上传。", field="photos") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ServiceError(f"{label}“{f.name}”不是有效的图片，只支持 JPG、PNG、WEBP 格式。", field="photos") from None
    if fmt not in IMAGE_FORMATS:
        raise ServiceError(f"{label}“{f.name}”格式为 {fmt}，只支持 JPG、PNG、WEBP 格式。", field="photos")
    return IMAGE_FORMATS[fmt]


def document_extension(f):
    check_size(f, "附件")
    head = _read(f)[:4]
    for magic, ext in DOCUMENT_MAGIC.items():
        if head.startswith(magic):
            return ext
    return image_extension(f, "附件")


def stored(f, ext):
    """What goes into the media store for an upload whose type `ext` was checked:
    images re-encoded without metadata (turned upright first, as the phone meant);
    PDFs as they are."""
    if ext == "pdf":
        f.seek(0)
        return f
    with Image.open(io.BytesIO(_read(f))) as img:
        img = ImageOps.exif_transpose(img)
        out = io.BytesIO()
        if ext == "jpg":
            img.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
        elif ext == "png":
            img.save(out, "PNG", optimize=True)
        else:
            img.save(out, "WEBP", quality=88)
    return ContentFile(out.getvalue())


def thumbnail(f):
    with Image.open(io.BytesIO(_read(f))) as img:
        img = ImageOps.exif_transpose(img).convert("RGB")
        img.thumbnail(THUMB_SIZE)
        out = io.BytesIO()
        img.save(out, "JPEG", quality=80)
    return ContentFile(out.getvalue())
