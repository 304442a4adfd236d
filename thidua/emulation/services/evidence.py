"""Evidence files: checked by core.uploads (size, type by content, zip package; the extension must be
listed and agree), stored under a random name."""

import os
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core import uploads
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


# extension → the content kind of core.uploads it must hold
_KIND_OF = {extension: kind.code for kind in uploads.KINDS.values() for extension in kind.extensions}


def max_upload_bytes() -> int:
    return uploads.max_upload_bytes()


def check_upload(*, uploaded: Any, allowed: dict[str, tuple[str, tuple[bytes, ...]]]) -> tuple[str, str]:
    """Refuse empty, oversized, unlisted or disguised files. Returns (extension, content type).

    The name's extension must be listed; everything else (size, type by content, zip package)
    is core.uploads.check_upload, the one place for upload checks.
    """
    name = os.path.basename(getattr(uploaded, "name", "") or "")
    extension = os.path.splitext(name)[1].lower()
    uploads.check_size(uploads.size_of(uploaded), name=name)
    if extension not in allowed or extension not in _KIND_OF:
        raise UploadRejected(
            _("Tệp “{name}” không đúng định dạng cho phép ({allowed})."),
            field="file",
            name=name,
            allowed=", ".join(sorted(allowed)),
        )
    checked = uploads.check_upload(uploaded, allowed=sorted({_KIND_OF[e] for e in allowed if e in _KIND_OF}))
    return checked.extension, checked.content_type


@transaction.atomic
def evidence_upload(*, actor: User, report: PeriodReport, uploaded: Any, description: str = "") -> Evidence:
    report = _lock_report(report)
    access.require(actor, Action.EDIT, report.unit)
    _require_editable(report)
    extension, content_type = check_upload(uploaded=uploaded, allowed=ALLOWED_EVIDENCE)
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
def evidence_delete(*, actor: User, evidence: Evidence) -> None:
    report = _lock_report(evidence.report)
    access.require(actor, Action.EDIT, report.unit)
    _require_editable(report)
    delete_with_file(evidence, "file")
