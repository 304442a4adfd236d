"""API: list, detail, generate, download — scoped like the pages."""

import pytest

from thidua.documents.models import GeneratedDocument

pytestmark = pytest.mark.django_db


def test_api_lists_only_documents_in_scope(
    client, users, plan_document, foreign_document, django_assert_max_num_queries
):
    client.force_login(users["officer"])
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/documents").json()
    assert [d["id"] for d in data] == [plan_document.pk]
    assert data[0]["kind"] == "plan" and data[0]["docx_url"].endswith(
        f"/documents/{plan_document.pk}/download/docx"
    )


def test_api_detail_includes_the_context_and_hides_foreign_documents(
    client, users, plan_document, foreign_document
):
    client.force_login(users["officer"])
    assert (
        client.get(f"/api/v1/documents/{plan_document.pk}").json()["context"]["cluster_name"]
        == "Cụm thi đua số 11"
    )
    response = client.get(f"/api/v1/documents/{foreign_document.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_api_generate_checks_rights_and_returns_the_document(client, users, term):
    client.force_login(users["officer"])
    denied = client.post(
        "/api/v1/documents/generate", {"kind": "plan", "source_id": term.pk}, content_type="application/json"
    )
    assert denied.status_code == 403 and denied.json()["code"] == "access_denied"
    client.force_login(users["cluster_staff"])
    created = client.post(
        "/api/v1/documents/generate", {"kind": "plan", "source_id": term.pk}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["id"] == GeneratedDocument.objects.get().pk
    unknown = client.post(
        "/api/v1/documents/generate",
        {"kind": "letter", "source_id": term.pk},
        content_type="application/json",
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_document_kind"


def test_api_download_docx_and_pdf_unavailable_error(client, users, plan_document, settings):
    client.force_login(users["officer"])
    response = client.get(f"/api/v1/documents/{plan_document.pk}/download/docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    settings.THIDUA_SOFFICE = "/nonexistent/soffice"
    response = client.get(f"/api/v1/documents/{plan_document.pk}/download/pdf")
    assert response.status_code == 503 and response.json()["code"] == "pdf_unavailable"
    assert "LibreOffice" in response.json()["message"]


def test_api_kinds_describe_required_keys(client, users):
    client.force_login(users["viewer"])
    kinds = {k["code"]: k for k in client.get("/api/v1/documents/kinds").json()}
    assert "achievement_report" in kinds  # declared by awards/papers.py (17.5)
    assert len(kinds) == 12 and "public_id" in kinds["decision"]["required"] and kinds["decision"]["has_qr"]


def test_api_needs_login(client, plan_document):
    assert client.get("/api/v1/documents").status_code == 401


def test_api_list_is_paged_sorted_and_searched_like_the_page(client, users, provinces):
    """15.12: GET /documents takes the page's q and sort, and limit/offset."""
    from thidua.documents.tests.factories import GeneratedDocumentFactory

    for n in range(1, 8):
        GeneratedDocumentFactory(owner=provinces[1], title=f"Báo cáo tháng {n:02d}", docx="x.docx")
    client.force_login(users["officer"])
    titles = [d["title"] for d in client.get("/api/v1/documents", {"sort": "title", "limit": 3}).json()]
    assert titles == ["Báo cáo tháng 01", "Báo cáo tháng 02", "Báo cáo tháng 03"]
    rest = client.get("/api/v1/documents", {"sort": "-title", "limit": 2, "offset": 1}).json()
    assert [d["title"] for d in rest] == ["Báo cáo tháng 06", "Báo cáo tháng 05"]
    assert [d["title"] for d in client.get("/api/v1/documents", {"q": "tháng 04"}).json()] == [
        "Báo cáo tháng 04"
    ]
    default = client.get("/api/v1/documents", {"sort": "nonsense"}).json()
    assert default[0]["title"] == "Báo cáo tháng 07"  # newest first
    assert client.get("/api/v1/documents", {"sort": "x" * 500}).status_code == 422
