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
from .signatures import (
    check_can_manage_keys,
    document_sign,
    signature_check,
    signing_identity_create,
    signing_identity_create_token,
    signing_identity_deactivate,
    signing_key_open,
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
    "check_can_manage_keys",
    "document_sign",
    "signature_check",
    "signing_identity_create",
    "signing_identity_create_token",
    "signing_identity_deactivate",
    "signing_key_open",
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
