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
IMAGE_EXTENSIONS = set(IMAGE_FORMATS.values())
# The documents Zhiben keeps (checked by content, stored under the detected extension, served
# as a download of this type). Nothing else is accepted: no HTML, SVG, XHTML or script.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "txt": "text/plain; charset=utf-8",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
DOCUMENT_ACCEPT = ".pdf,.docx,.xlsx,.doc,.xls,.txt,image/jpeg,image/png,image/webp"
DOCUMENT_KINDS = "PDF、Word、Excel、文本文件或图片（JPG、PNG、WEBP）"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OFFICE_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}
# An Office file is a zip: refuse archives that unpack far beyond their size (bombs).
ZIP_MAX_MEMBERS = 2000
ZIP_MAX_UNPACKED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200
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


def zip_refusal(data, limit=ZIP_MAX_UNPACKED, xml_limit=None):
    """Why an Office (zip) file must not be opened, or "" — read from the archive's directory
    alone, before anything is unpacked: too many members, too much unpacked (in all, or in its
    XML parts, which the readers parse), too high a ratio."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return ""  # not a zip at all: the reader says so in its own words
    if len(infos) > ZIP_MAX_MEMBERS:
        return "文件内部条目过多"
    unpacked = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if unpacked > limit or unpacked > ZIP_MAX_RATIO * max(len(data), 1) or (xml_limit and xml > xml_limit):
        return "文件解压后过大（疑似压缩炸弹）"
    return ""


def _office_zip(f, data):
    import zipfile

    refusal = zip_refusal(data)
    if refusal:
        raise ServiceError(f"附件“{f.name}”{refusal}，请检查后重新上传。", field="files")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ServiceError(f"附件“{f.name}”已损坏，无法读取。", field="files") from None
    for part, ext in OFFICE_PARTS.items():
        if part in names:
            return ext
    return None


def _text(data):
    if b"\x00" in data:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def document_extension(f):
    """The real type of an uploaded document (one of CONTENT_TYPES), by content — the name
    only tells the two old Office formats apart — or a Chinese error."""
    check_size(f, "附件")
    data = _read(f)
    name = (f.name or "").lower()
    ext = None
    if data.startswith(b"%PDF-"):
        ext = "pdf"
    elif data.startswith(b"PK\x03\x04"):
        ext = _office_zip(f, data)
    elif data.startswith(OLE_MAGIC):
        ext = "xls" if name.endswith((".xls", ".et")) else "doc"
    elif name.endswith(".txt") and _text(data):
        ext = "txt"
    else:
        try:
            ext = image_extension(f, "附件")
        except ServiceError:
            ext = None
    if ext is None:
        raise ServiceError(f"附件“{f.name}”的格式不受支持，只能上传{DOCUMENT_KINDS}。", field="files")
    return ext


def serve(fieldfile, original_name=""):
    """A stored upload as the browser should get it: the type detected at upload (the stored
    file's extension, never the uploader's name), `nosniff`, a sandboxing policy, and — but
    for re-encoded images, which are shown on the page — as a download named after the original
    with the true extension ("整改报告.html" that was a PDF downloads as "整改报告.pdf")."""
    from django.http import FileResponse

    ext = fieldfile.name.rsplit(".", 1)[-1].lower() if "." in fieldfile.name else ""
    content_type = CONTENT_TYPES.get(ext, "application/octet-stream")
    stem = (original_name or "附件").rsplit(".", 1)[0] if "." in (original_name or "") else (original_name or "附件")
    filename = f"{stem}.{ext}" if ext in CONTENT_TYPES else stem
    response = FileResponse(fieldfile.open("rb"), as_attachment=ext not in IMAGE_EXTENSIONS, filename=filename,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


def stored(f, ext):
    """What goes into the media store for an upload whose type `ext` was checked:
    images re-encoded without metadata (turned upright first, as the phone meant);
    documents as they are."""
    if ext not in IMAGE_EXTENSIONS:
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


STAMP_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # Debian fonts-noto-cjk (make deps)


def _rational(value):
    try:
        return float(value[0]) / float(value[1]) if isinstance(value, tuple) else float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None


def photo_facts(f):
    """What the camera wrote into the photo, read before the metadata is stripped: (taken at, (lat, lng))
    — each None when absent or unreadable."""
    import datetime

    try:
        with Image.open(io.BytesIO(_read(f))) as img:
            exif = img.getexif()
            taken = exif.get_ifd(0x8769).get(36867) or exif.get(306)  # DateTimeOriginal, DateTime
            gps = exif.get_ifd(0x8825)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None, None
    when = None
    if taken:
        try:
            when = datetime.datetime.strptime(str(taken).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
        except ValueError:
            when = None
    where = None
    if gps and 2 in gps and 4 in gps:
        def degrees(parts, ref, negative):
            values = [_rational(p) for p in parts]
            if None in values or len(values) != 3:
                return None
            d = values[0] + values[1] / 60 + values[2] / 3600
            return -d if str(ref).upper().startswith(negative) else d
        lat, lng = degrees(gps[2], gps.get(1, "N"), "S"), degrees(gps[4], gps.get(3, "E"), "W")
        if lat is not None and lng is not None and -90 <= lat <= 90 and -180 <= lng <= 180:
            where = (round(lat, 6), round(lng, 6))
    return when, where


def stamped(f, ext, lines):
    """The evidence copy of a photo: upright, without metadata (as `stored`), with a band along its foot
    carrying `lines` (time, place name, coordinates) in the CJK font, so a print or a forward keeps them."""
    from PIL import ImageDraw, ImageFont

    with Image.open(io.BytesIO(_read(f))) as img:
        img = ImageOps.exif_transpose(img).convert("RGB")
    size = max(14, img.width // 40)
    try:
        font = ImageFont.truetype(STAMP_FONT, size)
    except OSError:
        font = ImageFont.load_default()
    pad = size // 2
    band = (size + pad // 2) * len(lines) + pad
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle([0, img.height - band, img.width, img.height], fill=(0, 0, 0, 140))
    y = img.height - band + pad // 2
    for line in lines:
        draw.text((pad, y), line, font=font, fill=(255, 255, 255, 255))
        y += size + pad // 2
    img = Image.alpha_composite(img.convert("RGBA"), overlay).convert("RGB")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88, optimize=True)
    return ContentFile(out.getvalue())
