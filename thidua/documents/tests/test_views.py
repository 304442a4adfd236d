"""Pages: list in scope, detail, downloads, generation, gallery, press editor — with the permission matrix."""

import pytest
from django.urls import reverse

from thidua.documents import kinds, services
from thidua.documents.models import GeneratedDocument, PressRelease

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _login(client, user):
    client.force_login(user)
    return client


# role → can see the Cụm 11 plan (filed under leader Sóc Trăng + the term)
VISIBILITY = [
    ("admin", True),
    ("board", True),
    ("cluster_staff", True),
    ("officer", True),  # member of the term (Tiền Giang)
    ("unit_leader", True),
    ("viewer", True),
    ("foreign_officer", False),
    ("nobody", False),
]


@pytest.mark.parametrize(("role", "visible"), VISIBILITY)
def test_document_is_visible_to_owner_unit_viewers_and_cluster_members(
    client, users, plan_document, role, visible
):
    _login(client, users[role])
    listing = client.get(reverse("documents:index"))
    assert (plan_document.title in listing.content.decode()) is visible
    detail = client.get(reverse("documents:detail", args=[plan_document.pk]))
    assert detail.status_code == (200 if visible else 404)
    download = client.get(reverse("documents:download", args=[plan_document.pk, "docx"]))
    assert download.status_code == (200 if visible else 404)


def test_document_of_a_foreign_unit_is_hidden_from_cluster_members(client, users, foreign_document):
    _login(client, users["officer"])
    assert client.get(reverse("documents:detail", args=[foreign_document.pk])).status_code == 404
    _login(client, users["foreign_officer"])
    assert client.get(reverse("documents:detail", args=[foreign_document.pk])).status_code == 200


def test_docx_download_is_a_word_attachment(client, users, plan_document):
    _login(client, users["officer"])
    response = client.get(reverse("documents:download", args=[plan_document.pk, "docx"]))
    assert response["Content-Type"] == DOCX
    assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_unknown_format_is_not_found(client, users, plan_document):
    _login(client, users["officer"])
    assert client.get(reverse("documents:download", args=[plan_document.pk, "odt"])).status_code == 404


def test_pdf_download_without_libreoffice_explains_in_vietnamese(client, users, plan_document, settings):
    settings.THIDUA_SOFFICE = "/nonexistent/soffice"
    _login(client, users["officer"])
    response = client.get(reverse("documents:download", args=[plan_document.pk, "pdf"]), follow=True)
    page = response.content.decode()
    assert "chưa cài LibreOffice" in page
    assert response.redirect_chain[-1][0] == reverse("documents:detail", args=[plan_document.pk])
    assert (
        'id="pdf-unavailable"'
        in client.get(reverse("documents:detail", args=[plan_document.pk])).content.decode()
    )


@pytest.mark.usefixtures("soffice")
def test_pdf_download_is_a_pdf(client, users, plan_document):
    _login(client, users["officer"])
    response = client.get(reverse("documents:download", args=[plan_document.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_list_filters_by_kind(client, users, plan_document, provinces):
    services.document_render(
        actor=users["officer"],
        kind="decision",
        context=kinds.demo_context("decision"),
        owner=provinces[1],
        title="QĐ thử",
    )
    _login(client, users["officer"])
    page = client.get(reverse("documents:index"), {"kind": "decision"}).content.decode()
    assert "QĐ thử" in page and plan_document.title not in page
    partial = client.get(
        reverse("documents:index"), {"kind": "plan"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert plan_document.title in partial and "<html" not in partial


def test_list_query_count_is_flat_in_rows(client, users, provinces, django_assert_max_num_queries):
    for index in range(3):
        services.document_render(
            actor=users["officer"],
            kind="plan",
            context=kinds.demo_context("plan"),
            owner=provinces[1],
            title=f"KH {index}",
        )
    _login(client, users["officer"])
    with django_assert_max_num_queries(12) as few:
        response = client.get(reverse("documents:index"))
    assert response.status_code == 200 and response.content.decode().count("KH ") >= 3
    for index in range(12):
        services.document_render(
            actor=users["officer"],
            kind="plan",
            context=kinds.demo_context("plan"),
            owner=provinces[1],
            title=f"KH+{index}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("documents:index"))
    assert response.status_code == 200 and response.content.decode().count("KH+") >= 12


@pytest.mark.parametrize(
    ("role", "status"), [("cluster_staff", 302), ("board", 302), ("officer", 403), ("foreign_officer", 404)]
)
def test_generate_requires_the_owning_capabilitys_right(client, users, term, role, status):
    _login(client, users[role])
    response = client.post(reverse("documents:generate", args=["plan", term.pk]))
    if status == 302:
        document = GeneratedDocument.objects.get()
        assert response.status_code == 302 and response.url == reverse("documents:detail", args=[document.pk])
    else:
        assert response.status_code in (302, status)  # full-page POST: flash message and redirect back
        assert not GeneratedDocument.objects.exists()


def test_generate_is_post_only(client, users, term):
    _login(client, users["cluster_staff"])
    assert client.get(reverse("documents:generate", args=["plan", term.pk])).status_code == 405


def test_generate_from_the_index_form(client, users, term):
    _login(client, users["cluster_staff"])
    page = client.get(reverse("documents:index")).content.decode()
    assert "Lập văn bản từ dữ liệu cụm thi đua" in page
    response = client.post(reverse("documents:generate_from_term"), {"kind": "plan", "term": str(term.pk)})
    assert response.status_code == 302 and GeneratedDocument.objects.filter(kind="plan").count() == 1


def test_generate_form_is_not_offered_without_manage_term(client, users, term):
    _login(client, users["officer"])
    assert "Lập văn bản từ dữ liệu cụm thi đua" not in client.get(reverse("documents:index")).content.decode()
    client.post(reverse("documents:generate_from_term"), {"kind": "plan", "term": str(term.pk)})
    assert not GeneratedDocument.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("cluster_staff", True),
        ("board", True),
        ("officer", False),
        ("viewer", False),
        ("foreign_officer", False),
    ],
)
def test_regenerate_needs_the_right_to_manage_the_papers_source(client, users, plan_document, role, allowed):
    _login(client, users[role])
    page = client.get(reverse("documents:detail", args=[plan_document.pk])).content.decode()
    assert ('id="regenerate"' in page) is allowed
    client.post(reverse("documents:regenerate", args=[plan_document.pk]))
    plan_document.refresh_from_db()
    assert (plan_document.regenerated_at is not None) is allowed


def test_gallery_lists_every_kind_and_previews_with_demo_data(client, users):
    _login(client, users["viewer"])
    page = client.get(reverse("documents:gallery")).content.decode()
    for kind in kinds.KINDS.values():
        assert str(kind.label) in page
    response = client.get(reverse("documents:preview", args=["certificate", "docx"]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert client.get(reverse("documents:preview", args=["letter", "docx"])).status_code == 404


def test_pages_need_login(client, plan_document):
    for url in [
        reverse("documents:index"),
        reverse("documents:detail", args=[plan_document.pk]),
        reverse("documents:gallery"),
    ]:
        assert client.get(url).status_code == 302


@pytest.fixture
def conference(term):
    from thidua.conferences.tests.factories import ConferenceFactory

    return ConferenceFactory(term=term, host=term.deputy)


@pytest.fixture
def press(users, conference):
    return services.press_release_draft(actor=users["cluster_staff"], source_id=conference.pk)


def test_press_editor_saves_and_exports(client, users, press):
    _login(client, users["cluster_staff"])
    url = reverse("documents:press_edit", args=[press.pk])
    assert "Bản nháp tin bài" in client.get(url).content.decode()
    client.post(
        url,
        {"title": "Tin đã sửa", "lead": "Sapo", "body": "Đoạn 1\n\nĐoạn 2", "byline": "PV", "action": "save"},
    )
    press.refresh_from_db()
    assert press.title == "Tin đã sửa"
    response = client.post(
        url, {"title": "Tin đã sửa", "lead": "Sapo", "body": "Đoạn 1", "byline": "", "action": "export"}
    )
    document = GeneratedDocument.objects.get(kind="press_release")
    assert response.url == reverse("documents:detail", args=[document.pk])


def test_press_editor_refuses_invalid_form_and_outsiders(client, users, press):
    _login(client, users["cluster_staff"])
    assert client.post(reverse("documents:press_edit", args=[press.pk]), {"title": ""}).status_code == 422
    _login(client, users["foreign_officer"])
    assert client.get(reverse("documents:press_edit", args=[press.pk])).status_code == 404


def test_generate_press_release_opens_the_editor(client, users, conference):
    _login(client, users["cluster_staff"])
    response = client.post(reverse("documents:generate", args=["press_release", conference.pk]))
    assert response.url == reverse("documents:press_edit", args=[PressRelease.objects.get().pk])


def test_dashboard_panel_lists_recent_documents(client, users, plan_document):
    _login(client, users["officer"])
    assert plan_document.title in client.get(reverse("core:dashboard")).content.decode()


def test_gallery_offers_an_editable_starter_template(client, users):
    _login(client, users["viewer"])
    response = client.get(reverse("documents:starter", args=["decision"]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    from .docx_checks import body_text, open_docx

    text = body_text(open_docx(response.content))
    assert "{{ issuer|upper }}" in text and "{{ qr }}" in text and "{%p for item in awards %}" in text


def test_gallery_speaks_to_officers_not_developers(client, users):
    """Issue 15.15: field names, the template engine and codes stay out of the page."""
    _login(client, users["viewer"])
    page = client.get(reverse("documents:gallery")).content.decode()
    main = page.split("<main")[1].split("</main>")[0]
    for word in ("issuer", "place_date", "docxtpl", "period_label", "<code>"):
        assert word not in main, word
    assert "Cơ quan ban hành" in main and "Mẫu Word để sửa" in main


def _many_documents(unit, user, count):
    from thidua.documents.tests.factories import GeneratedDocumentFactory

    return [
        GeneratedDocumentFactory(owner=unit, created_by=user, title=f"Báo cáo tháng {n:02d}", docx="x.docx")
        for n in range(1, count + 1)
    ]


def test_the_document_list_pages_by_fifty_sorts_and_searches(client, users, provinces):
    """15.12: the documents list is paged (50 a page), sortable by title, searchable by title or unit."""
    _many_documents(provinces[1], users["officer"], 53)
    _login(client, users["officer"])
    first = client.get(reverse("documents:index")).content.decode()
    assert first.count("Báo cáo tháng ") == 50
    assert "1–50 / 53" in first and 'rel="next"' in first
    second = client.get(reverse("documents:index"), {"page": "2"}).content.decode()
    assert second.count("Báo cáo tháng ") == 3
    by_title = client.get(reverse("documents:index"), {"sort": "title"}).content.decode()
    assert by_title.index("Báo cáo tháng 01") < by_title.index("Báo cáo tháng 02")
    assert 'aria-sort="ascending"' in by_title
    backwards = client.get(reverse("documents:index"), {"sort": "-title"}).content.decode()
    assert "Báo cáo tháng 53" in backwards and "Báo cáo tháng 01" not in backwards
    found = client.get(reverse("documents:index"), {"q": "tháng 07"}).content.decode()
    assert found.count("Báo cáo tháng ") == 1
    by_unit = client.get(reverse("documents:index"), {"q": provinces[1].name.split()[-1]}).content.decode()
    assert by_unit.count("Báo cáo tháng ") == 50
    junk = client.get(reverse("documents:index"), {"sort": "owner__password", "page": "x"})
    assert junk.status_code == 200 and junk.content.decode().count("Báo cáo tháng ") == 50
    assert client.get(reverse("documents:index"), {"q": "a\x01"}).status_code == 400
    partial = client.get(reverse("documents:index"), {"page": "2"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and partial.count("Báo cáo tháng ") == 3


def test_the_document_list_query_count_does_not_grow_with_pages(
    client, users, provinces, django_assert_max_num_queries
):
    _many_documents(provinces[1], users["officer"], 5)
    _login(client, users["officer"])
    with django_assert_max_num_queries(14) as few:
        assert client.get(reverse("documents:index")).status_code == 200
    _many_documents(provinces[1], users["officer"], 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("documents:index"), {"page": "2"}).content.decode()
    assert page.count("Báo cáo tháng ") == 15
