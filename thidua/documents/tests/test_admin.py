"""Admin: replacement templates are validated on upload and previewed with demo data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.documents.models import DocumentTemplate

from .factories import FormFieldFactory, docx_bytes

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _upload(admin_client, data: bytes, name: str = "tin.docx"):
    return admin_client.post(
        reverse("admin:documents_documenttemplate_add"),
        {
            "kind": "press_release",
            "name": "Mẫu tin bài",
            "is_active": "on",
            "note": "",
            "file": SimpleUploadedFile(name, data, content_type=DOCX),
        },
    )


def test_admin_upload_refuses_a_template_without_required_placeholders(admin_client):
    response = _upload(admin_client, docx_bytes("{{ headline }}"))
    assert response.status_code == 200 and "thiếu trường bắt buộc" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_admin_upload_refuses_a_non_word_file(admin_client):
    response = _upload(admin_client, b"%PDF-1.4", name="tin.pdf")
    assert "docx" in response.content.decode() and not DocumentTemplate.objects.exists()


def test_admin_upload_accepts_a_valid_template_and_previews_it(admin_client):
    response = _upload(
        admin_client,
        docx_bytes("{{ headline }}", "{{ lead }}", "{% for p in paragraphs %}{{ p }}{% endfor %}"),
    )
    assert response.status_code == 302
    template = DocumentTemplate.objects.get()
    assert template.uploaded_by is not None
    preview = admin_client.get(reverse("admin:documents_documenttemplate_preview", args=[template.pk]))
    assert preview.status_code == 200 and preview["Content-Type"] == DOCX and preview.content[:2] == b"PK"


def test_admin_previews_an_overlay_layout(admin_client):
    field = FormFieldFactory()
    response = admin_client.get(reverse("admin:documents_formlayout_preview", args=[field.layout.pk]))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_admin_pages_list_documents_templates_and_layouts(admin_client):
    for name in ["generateddocument", "documenttemplate", "formlayout", "pressrelease"]:
        assert admin_client.get(reverse(f"admin:documents_{name}_changelist")).status_code == 200
