"""HTTP helpers shared by every capability: file downloads."""

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, filename: str, content_type: str = XLSX_CONTENT_TYPE) -> HttpResponse:
    """A download response (Content-Disposition: attachment) for generated Excel/Word/PDF bytes."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
