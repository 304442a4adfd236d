"""Issue 13.10: generated papers and templates are stored under unguessable names, reached only through
permission-checked views; nothing under MEDIA_ROOT is served by URL, in development either."""

import importlib
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, clear_url_caches, resolve, reverse

from thidua.documents import services
from thidua.documents.models import DocumentTemplate

from .factories import docx_bytes

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^documents/(generated|templates)/\d{4}/\d{2}/[0-9a-f]{32}\.(docx|pdf)$")
PRESS = ("{{ headline }}", "{{ lead }}", "{% for p in paragraphs %}{{ p }}{% endfor %}")


def test_generated_word_file_has_an_unguessable_name(plan_document):
    assert RANDOM_NAME.match(plan_document.docx.name), plan_document.docx.name
    assert "plan" not in plan_document.docx.name.split("/")[-1]


@pytest.mark.usefixtures("soffice")
def test_generated_pdf_has_an_unguessable_name(client, users, plan_document):
    client.force_login(users["cluster_staff"])
    assert client.get(reverse("documents:download", args=[plan_document.pk, "pdf"])).status_code == 200
    plan_document.refresh_from_db()
    assert RANDOM_NAME.match(plan_document.pdf.name), plan_document.pdf.name


def test_uploaded_template_is_not_stored_under_the_uploaders_file_name(users):
    template = services.template_upload(
        actor=users["admin"],
        kind="press_release",
        name="Mẫu",
        data=docx_bytes(*PRESS),
        filename="Mau tin bai.docx",
    )
    assert template.file.name is not None
    assert RANDOM_NAME.match(template.file.name) and "Mau" not in template.file.name


def test_admin_pages_link_downloads_not_media_urls(admin_client, plan_document):
    admin_client.post(
        reverse("admin:documents_documenttemplate_add"),
        {
            "kind": "press_release",
            "name": "Mẫu tin bài",
            "is_active": "on",
            "file": SimpleUploadedFile("tin.docx", docx_bytes(*PRESS)),
        },
    )
    template = DocumentTemplate.objects.get()
    pages = [
        admin_client.get(reverse("admin:documents_generateddocument_change", args=[plan_document.pk])),
        admin_client.get(reverse("admin:documents_documenttemplate_change", args=[template.pk])),
    ]
    for page in pages:
        text = page.content.decode()
        assert page.status_code == 200
        assert (
            "/media/" not in text and plan_document.docx.name not in text and template.file.name not in text
        )
    assert reverse("documents:download", args=[plan_document.pk, "docx"]) in pages[0].content.decode()
    download = admin_client.get(reverse("admin:documents_documenttemplate_download", args=[template.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"


def test_template_download_in_the_admin_needs_the_view_permission(client, make_user, users):
    template = services.template_upload(
        actor=users["admin"], kind="press_release", name="Mẫu", data=docx_bytes(*PRESS), filename="tin.docx"
    )
    staff = make_user(None, is_staff=True)
    client.force_login(staff)
    url = reverse("admin:documents_documenttemplate_download", args=[template.pk])
    assert client.get(url).status_code == 404
    staff.user_permissions.add(Permission.objects.get(codename="view_documenttemplate"))
    assert client.get(url).status_code == 200


def test_no_url_serves_media_even_with_debug_on(settings, plan_document):
    import config.urls

    settings.DEBUG = True
    try:
        importlib.reload(config.urls)
        clear_url_caches()
        with pytest.raises(Resolver404):
            resolve("/media/" + plan_document.docx.name)
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
        clear_url_caches()
