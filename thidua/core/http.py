"""HTTP helpers shared by every capability: file downloads."""

import os
from typing import Any

from django.http import FileResponse, HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, filename: str, content_type: str = XLSX_CONTENT_TYPE) -> HttpResponse:
    """A download response (Content-Disposition: attachment) for generated Excel/Word/PDF bytes."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def stored_file(field_file: Any, filename: str, content_type: str = "") -> FileResponse:
    """Stream a stored upload as a download; the browser must not sniff it into something else."""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=filename or os.path.basename(field_file.name),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
