"""Evidence files: size- and type-checked (extension and content signature), stored under a random name."""

import os
import zipfile
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thidua.core.files import delete_with_file, save_with_file
from thidua.organisation import access
from thidua.organisation.access import Action

from ..errors import UploadRejected
from ..models import Evidence, PeriodReport
from .submissions import _lock_report, _require_editable

# extension → (content type, accepted leading bytes)
ALLOWED_EVIDENCE: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
}


# Office files are zip packages: the package must hold the part that makes it that kind of file.
PACKAGE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


def _package_has(uploaded: Any, part: str) -> bool:
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as package:
            return part in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded.seek(0)


def max_upload_bytes() -> int:
    return int(getattr(settings, "THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def check_upload(uploaded: Any, allowed: dict[str, tuple[str, tuple[bytes, ...]]]) -> tuple[str, str]:
    """Refuse empty, oversized, unlisted or disguised files. Returns (extension, content type)."""
    name = os.path.basename(getattr(uploaded, "name", "") or "")
    extension = os.path.splitext(name)[1].lower()
    size = getattr(uploaded, "size", None) or 0
    limit = max_upload_bytes()
    if size <= 0:
        raise UploadRejected(_("Tệp “{name}” rỗng."), field="file", name=name)
    if size > limit:
        raise UploadRejected(
            _("Tệp “{name}” dung lượng {size} MB, vượt mức cho phép {limit} MB."),
            field="file",
            name=name,
            size=round(size / 1024 / 1024, 1),
            limit=round(limit / 1024 / 1024, 1),
        )
    if extension not in allowed:
        raise UploadRejected(
            _("Tệp “{name}” không đúng định dạng cho phép ({allowed})."),
            field="file",
            name=name,
            allowed=", ".join(sorted(allowed)),
        )
    content_type, signatures = allowed[extension]
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise UploadRejected(
            _("Nội dung tệp “{name}” không khớp với định dạng {extension}."),
            field="file",
            name=name,
            extension=extension,
        )
    if extension in PACKAGE_PARTS and not _package_has(uploaded, PACKAGE_PARTS[extension]):
        raise UploadRejected(
            _("Tệp “{name}” không phải tệp {extension} hợp lệ."), field="file", name=name, extension=extension
        )
    return extension, content_type


@transaction.atomic
def evidence_upload(*, actor, report: PeriodReport, uploaded: Any, description: str = "") -> Evidence:
    report = _lock_report(report)
    access.require(actor, Action.EDIT, report.unit)
    _require_editable(report)
    extension, content_type = check_upload(uploaded, ALLOWED_EVIDENCE)
    original_name = os.path.basename(uploaded.name)[:255]
    evidence = Evidence(
        report=report,
        original_name=original_name,
        size=uploaded.size,
        content_type=content_type,
        extension=extension,
        description=description.strip()[:255],
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    save_with_file(evidence, "file", original_name, uploaded)  # upload_to gives a random name
    return evidence


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    report = _lock_report(evidence.report)
    access.require(actor, Action.EDIT, report.unit)
    _require_editable(report)
    delete_with_file(evidence, "file")
