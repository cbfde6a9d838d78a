"""Files people attach (an appeal's evidence, a project's documents): checked whole before anything is
written — count, type by extension and by content (magic bytes), size — and stored under a random
name (settings.LIANDONG_ATTACHMENT_TYPES, LIANDONG_ATTACHMENT_MAX_BYTES)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from liandong.core.errors import ApplicationError

MAGIC = {".pdf": (b"%PDF",), ".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
         ".docx": (b"PK\x03\x04",), ".xlsx": (b"PK\x03\x04",)}


def check_files(files: list[UploadedFile], *, field: str, max_count: int) -> None:
    """Refuse the whole set, naming ``field`` and the file, when one file breaks a rule."""
    if len(files) > max_count:
        raise ApplicationError(_("At most %(n)d attachments.") % {"n": max_count}, {"field": field})
    for f in files:
        suffix = Path(f.name or "").suffix.lower()
        if suffix not in settings.LIANDONG_ATTACHMENT_TYPES:
            raise ApplicationError(_("This file type is not accepted: %(name)s. Accepted: %(types)s.")
                                   % {"name": f.name, "types": " ".join(sorted(settings.LIANDONG_ATTACHMENT_TYPES))},
                                   {"field": field, "file": f.name})
        if f.size > settings.LIANDONG_ATTACHMENT_MAX_BYTES:
            raise ApplicationError(_("%(name)s is larger than %(mb)d MB.")
                                   % {"name": f.name, "mb": settings.LIANDONG_ATTACHMENT_MAX_BYTES // 2**20},
                                   {"field": field, "file": f.name})
        head = f.read(8)
        f.seek(0)
        if suffix in MAGIC and not head.startswith(MAGIC[suffix]):
            raise ApplicationError(_("%(name)s is not really a %(type)s file.") % {"name": f.name, "type": suffix},
                                   {"field": field, "file": f.name})


def store_file(target: FieldFile, f: UploadedFile) -> tuple[str, int, str]:
    """Save ``f`` into ``target`` under a random name; returns (original name, size, content type)."""
    suffix = Path(f.name).suffix.lower()
    target.save(f"{uuid.uuid4().hex}{suffix}", f, save=False)
    return Path(f.name).name[:200], f.size, settings.LIANDONG_ATTACHMENT_TYPES[suffix]
