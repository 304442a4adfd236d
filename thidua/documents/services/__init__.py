"""Writes of the documents capability: render, regenerate, convert to PDF, templates, press drafts.

Contract for the other capabilities: `document_render(*, actor, kind, context, title="", owner=None,
source=None) -> GeneratedDocument`.
"""

from .documents import (
    document_generate,
    document_pdf,
    document_regenerate,
    document_render,
    documents_pdf_batch,
    snapshot,
)
from .press_releases import (
    press_release_draft,
    press_release_export,
    press_release_reset,
    press_release_update,
)
from .templates import (
    SAMPLE_NOTE,
    check_can_upload,
    layout_as_dict,
    layout_for,
    preview,
    preview_pdf,
    template_for,
    template_upload,
)

__all__ = [
    "SAMPLE_NOTE",
    "check_can_upload",
    "document_generate",
    "document_pdf",
    "document_regenerate",
    "document_render",
    "documents_pdf_batch",
    "layout_as_dict",
    "layout_for",
    "preview",
    "preview_pdf",
    "press_release_draft",
    "press_release_export",
    "press_release_reset",
    "press_release_update",
    "snapshot",
    "template_for",
    "template_upload",
]
