"""Issue 13.16: PDF conversions are limited per user (clear Vietnamese 429) and a PDF once made is kept:
a document's PDF until it is regenerated, a gallery preview as long as its content is the same."""

import types

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse

from thidua.documents import kinds, services, throttle
from thidua.documents.services.templates import PREVIEW_DIRECTORY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("soffice")]


@pytest.fixture(autouse=True)
def _fresh_counters_and_previews(settings, monkeypatch):
    settings.THIDUA_PDF_CONVERSIONS_PER_MINUTE = 1
    # One fixed minute for the whole test: a slow conversion on a loaded machine must not carry the
    # test across a minute boundary, where the allowance starts again.
    monkeypatch.setattr(throttle, "time", types.SimpleNamespace(time=lambda: 1_800_000_000.0))
    cache.clear()
    try:
        _dirs, files = default_storage.listdir(PREVIEW_DIRECTORY)
    except FileNotFoundError:
        files = []
    for name in files:
        default_storage.delete(f"{PREVIEW_DIRECTORY}/{name}")
    yield
    cache.clear()


def _document(users, term):
    return services.document_render(
        actor=users["admin"], kind="plan", context=kinds.demo_context("plan"), cluster_term=term
    )


def test_a_documents_pdf_is_made_once_and_kept_while_the_document_is_unchanged(client, users, term):
    document = _document(users, term)
    client.force_login(users["cluster_staff"])
    url = reverse("documents:download", args=[document.pk, "pdf"])
    first = client.get(url)
    assert first.status_code == 200 and b"".join(first.streaming_content)[:5] == b"%PDF-"
    document.refresh_from_db()
    kept, updated = document.pdf.name, document.updated_at
    again = client.get(url)  # allowance of 1 already used: a kept PDF is served without counting
    assert again.status_code == 200
    document.refresh_from_db()
    assert document.pdf.name == kept and document.updated_at == updated


def test_pdf_conversions_past_the_limit_get_a_vietnamese_429_per_user(client, users, term):
    first, second = _document(users, term), _document(users, term)
    client.force_login(users["cluster_staff"])
    assert client.get(reverse("documents:download", args=[first.pk, "pdf"])).status_code == 200
    refused = client.get(reverse("documents:download", args=[second.pk, "pdf"]))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "quá nhiều bản PDF" in refused.content.decode()
    api = client.get(f"/api/v1/documents/{second.pk}/download/pdf")
    assert api.status_code == 429 and api.json()["code"] == "pdf_rate_limited"
    second.refresh_from_db()
    assert not second.pdf
    client.force_login(users["board"])  # another user has an allowance of their own
    assert client.get(reverse("documents:download", args=[second.pk, "pdf"])).status_code == 200


def test_gallery_pdf_preview_is_converted_once_then_served_from_storage(client, users):
    client.force_login(users["officer"])
    url = reverse("documents:preview", args=["plan", "pdf"])
    first = client.get(url)
    assert first.status_code == 200 and first.content[:5] == b"%PDF-"
    again = client.get(url)  # the allowance of 1 is used: served from storage, not converted again
    assert again.status_code == 200 and again.content == first.content
    _dirs, files = default_storage.listdir(PREVIEW_DIRECTORY)
    assert len(files) == 1
    refused = client.get(reverse("documents:preview", args=["decision", "pdf"]))
    assert refused.status_code == 429 and "quá nhiều bản PDF" in refused.content.decode()
