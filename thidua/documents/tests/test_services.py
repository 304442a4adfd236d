"""Rendering, storing, regenerating and converting documents; templates, overlays, press drafts."""

import pytest
from django.core.files.base import ContentFile

from thidua.core.errors import AccessDenied, NotFound
from thidua.documents import kinds, pdf, services
from thidua.documents.errors import MissingContext, PdfUnavailable, TemplateInvalid, UnknownKind
from thidua.documents.models import GeneratedDocument, PressRelease

from .docx_checks import body_text, open_docx
from .factories import DocumentTemplateFactory, FormFieldFactory, FormLayoutFactory, docx_bytes


def _text(document: GeneratedDocument) -> str:
    with document.docx.open("rb") as handle:
        return body_text(open_docx(handle.read()))


# -- document_render ----------------------------------------------------------------------------


def test_render_stores_who_when_what_data_and_the_word_file(users, provinces):
    context = kinds.demo_context("period_report")
    document = services.document_render(
        actor=users["officer"],
        kind="period_report",
        context=context,
        owner=provinces[1],
        source=("emulation.x", 7),
    )
    document.refresh_from_db()
    assert document.created_by == users["officer"] and document.created_at is not None
    assert document.owner == provinces[1] and (document.source_app, document.source_id) == ("emulation.x", 7)
    assert document.context["period_label"] == "6 tháng đầu năm 2024"
    assert document.template is None and document.template_label == "built-in"
    assert "6 tháng đầu năm 2024" in _text(document)
    assert not document.pdf


def test_render_snapshots_dates_and_decimals_as_json(users, provinces):
    import datetime
    from decimal import Decimal

    context = kinds.minimal_context("plan") | {"date": datetime.date(2024, 2, 6), "score": Decimal("96.50")}
    document = services.document_render(
        actor=users["officer"], kind="plan", context=context, owner=provinces[1]
    )
    document.refresh_from_db()
    assert document.context["date"] == "2024-02-06" and document.context["score"] == "96.50"
    assert "ngày 06 tháng 02 năm 2024" in _text(document)


def test_render_refuses_context_missing_required_keys(users, provinces):
    context = kinds.minimal_context("vote_count_minutes")
    del context["valid"]
    with pytest.raises(MissingContext) as error:
        services.document_render(
            actor=users["officer"], kind="vote_count_minutes", context=context, owner=provinces[1]
        )
    assert "valid" in str(error.value)
    assert not GeneratedDocument.objects.exists()


def test_render_refuses_unknown_kind(users, provinces):
    with pytest.raises(UnknownKind):
        services.document_render(actor=users["officer"], kind="letter", context={}, owner=provinces[1])


def test_render_refuses_to_file_under_a_unit_outside_the_actors_scope(users, other_province):
    with pytest.raises(AccessDenied):
        services.document_render(
            actor=users["officer"], kind="plan", context=kinds.demo_context("plan"), owner=other_province
        )


def test_member_can_file_a_document_under_its_cluster_term(users, term):
    document = services.document_render(
        actor=users["viewer"], kind="plan", context=kinds.demo_context("plan"), source=term
    )
    assert document.cluster_term == term and document.source_app == "organisation.clusterterm"


# -- generation from cluster data -----------------------------------------------------------------


def test_plan_is_built_from_the_terms_real_facts(plan_document, term):
    context = plan_document.context
    assert not plan_document.is_sample
    assert context["cluster_name"] == "Cụm thi đua số 11" and context["year"] == 2024
    assert context["leader"] == "Công an tỉnh Sóc Trăng" and context["place"] == "Sóc Trăng"
    assert len(context["members"]) == 6
    assert plan_document.owner == term.leader and plan_document.cluster_term == term
    assert "Công an tỉnh Trà Vinh" in _text(plan_document)


@pytest.mark.parametrize("role", ["officer", "unit_leader", "viewer"])
def test_members_without_manage_term_cannot_generate_cluster_papers(users, term, role):
    with pytest.raises(AccessDenied):
        services.document_generate(actor=users[role], kind="plan", source_id=term.pk)


def test_outsider_gets_not_found_for_a_foreign_cluster_term(users, term):
    with pytest.raises(NotFound):
        services.document_generate(actor=users["foreign_officer"], kind="plan", source_id=term.pk)


@pytest.mark.parametrize("role", ["cluster_staff", "board", "admin"])
def test_leader_staff_and_board_can_generate_cluster_papers(users, term, role):
    document = services.document_generate(actor=users[role], kind="plan", source_id=term.pk)
    assert document.pk


def test_regenerate_replaces_the_file_from_fresh_data(plan_document, users, term):
    old_name = plan_document.docx.name
    term.name = "Cụm thi đua số 11 (mới)"
    term.save()
    document = services.document_regenerate(actor=users["cluster_staff"], document=plan_document)
    assert document.docx.name != old_name and document.regenerated_at is not None
    assert document.context["cluster_name"] == "Cụm thi đua số 11 (mới)"
    assert document.history.count() >= 2


def test_regenerate_without_a_source_rerenders_the_snapshot(users, provinces):
    document = services.document_render(
        actor=users["officer"], kind="decision", context=kinds.demo_context("decision"), owner=provinces[1]
    )
    document.pdf.save("x.pdf", ContentFile(b"%PDF-1.4"), save=True)
    document = services.document_regenerate(actor=users["officer"], document=document)
    assert document.context["number"] == "1234" and not document.pdf


# -- PDF ------------------------------------------------------------------------------------------


def test_pdf_unavailable_raises_a_clear_vietnamese_error(plan_document, users, settings):
    settings.THIDUA_SOFFICE = "/nonexistent/soffice"
    assert not pdf.is_available()
    with pytest.raises(PdfUnavailable) as error:
        services.document_pdf(actor=users["cluster_staff"], document=plan_document)
    assert "LibreOffice" in str(error.value) and "DOCX" in str(error.value)


@pytest.mark.usefixtures("soffice")
def test_pdf_is_converted_once_and_stored(plan_document, users):
    document = services.document_pdf(actor=users["cluster_staff"], document=plan_document)
    with document.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    name = document.pdf.name
    assert services.document_pdf(actor=users["cluster_staff"], document=document).pdf.name == name


# -- uploaded templates ---------------------------------------------------------------------------


def test_uploaded_template_is_validated_and_used_for_its_owner_subtree(users, provinces, ministry):
    data = docx_bytes(
        "{{ headline }} / {{ lead }}", "{% for p in paragraphs %}{{ p }}{% endfor %}", "MẪU TỈNH"
    )
    template = services.template_upload(
        actor=users["board"],
        kind="press_release",
        name="Mẫu tin Bộ",
        data=data,
        filename="tin.docx",
        owner=ministry,
    )
    document = services.document_render(
        actor=users["officer"],
        kind="press_release",
        context=kinds.demo_context("press_release"),
        owner=provinces[1],
    )
    assert document.template == template and document.template_label == "Mẫu tin Bộ"
    assert "MẪU TỈNH" in _text(document)


def test_nearest_owner_template_wins_over_global_one(users, provinces):
    DocumentTemplateFactory(
        owner=None,
        file=ContentFile(docx_bytes("CHUNG {{ headline }}{{ lead }}{{ paragraphs }}"), name="a.docx"),
    )
    own = DocumentTemplateFactory(
        owner=provinces[1],
        file=ContentFile(docx_bytes("RIÊNG {{ headline }}{{ lead }}{{ paragraphs }}"), name="b.docx"),
    )
    DocumentTemplateFactory(
        owner=provinces[2],
        file=ContentFile(docx_bytes("KHÁC {{ headline }}{{ lead }}{{ paragraphs }}"), name="c.docx"),
    )
    assert services.template_for(kind="press_release", owner=provinces[1]) == own
    fallback = services.template_for(kind="press_release", owner=provinces[3])
    assert fallback is not None and fallback.owner is None


def test_inactive_template_falls_back_to_built_in_layout(users, provinces):
    DocumentTemplateFactory(owner=None, is_active=False)
    document = services.document_render(
        actor=users["officer"],
        kind="press_release",
        context=kinds.demo_context("press_release"),
        owner=provinces[1],
    )
    assert document.template is None


def test_template_upload_requires_the_kinds_placeholders(users, ministry):
    with pytest.raises(TemplateInvalid):
        services.template_upload(
            actor=users["board"],
            kind="decision",
            name="QĐ",
            data=docx_bytes("{{ issuer }}"),
            filename="qd.docx",
            owner=ministry,
        )


def test_only_board_or_admin_uploads_templates(users, provinces):
    data = docx_bytes("{{ headline }}{{ lead }}{{ paragraphs }}")
    with pytest.raises(AccessDenied):
        services.template_upload(
            actor=users["officer"],
            kind="press_release",
            name="x",
            data=data,
            filename="x.docx",
            owner=provinces[1],
        )
    with pytest.raises(AccessDenied):
        services.template_upload(
            actor=users["board"], kind="press_release", name="x", data=data, filename="x.docx", owner=None
        )


# -- overlay layouts ------------------------------------------------------------------------------


def test_overlay_uses_the_form_layout_of_the_owner(users, provinces):
    from docx.oxml.ns import qn

    layout = FormLayoutFactory(owner=provinces[1], form="bang_khen", page_width_mm=297, page_height_mm=210)
    FormFieldFactory(layout=layout, key="recipient", x_mm=33, y_mm=77)
    document = services.document_render(
        actor=users["officer"],
        kind="certificate_overlay",
        context=kinds.demo_context("certificate_overlay"),
        owner=provinces[1],
    )
    with document.docx.open("rb") as handle:
        frames = open_docx(handle.read()).element.body.findall(".//" + qn("w:framePr"))
    assert [f.get(qn("w:x")) for f in frames] == [str(int(33 * 56.6929))]


# -- press releases -------------------------------------------------------------------------------


@pytest.fixture
def sample_press(users, term):
    """The news draft of a real conference of Cụm 11."""
    from thidua.conferences.tests.factories import ConferenceFactory

    conference = ConferenceFactory(term=term, host=term.deputy)
    return services.press_release_draft(actor=users["cluster_staff"], source_id=conference.pk)


def test_press_draft_is_composed_once_and_kept_after_edits(sample_press, users, term):
    assert not sample_press.is_sample and sample_press.cluster_term == term
    assert sample_press.title.startswith("Cụm thi đua số 11")
    services.press_release_update(
        actor=users["cluster_staff"],
        press_release=sample_press,
        title="Tiêu đề đã sửa",
        lead="Sapo",
        body="A\n\nB",
    )
    again = services.press_release_draft(actor=users["cluster_staff"], source_id=sample_press.source_id)
    assert again.pk == sample_press.pk and again.title == "Tiêu đề đã sửa" and again.paragraphs == ["A", "B"]
    assert PressRelease.objects.count() == 1


def test_press_export_renders_the_edited_text(sample_press, users):
    services.press_release_update(
        actor=users["cluster_staff"],
        press_release=sample_press,
        title="Tin đã biên tập",
        lead="Sapo",
        body="Đoạn 1\n\nĐoạn 2",
        byline="PV",
    )
    document = services.press_release_export(actor=users["cluster_staff"], press_release=sample_press)
    text = _text(document)
    assert document.kind == "press_release" and "Tin đã biên tập" in text and "Đoạn 2" in text
    sample_press.refresh_from_db()
    assert sample_press.document == document


def test_press_reset_recomposes_from_conference_data(sample_press, users):
    services.press_release_update(
        actor=users["cluster_staff"], press_release=sample_press, title="X", lead="Y", body="Z"
    )
    services.press_release_reset(actor=users["cluster_staff"], press_release=sample_press)
    assert sample_press.title.startswith("Cụm thi đua số 11")


def test_press_draft_cannot_be_edited_by_a_member_without_manage_term(sample_press, users):
    with pytest.raises(AccessDenied):
        services.press_release_update(
            actor=users["officer"], press_release=sample_press, title="X", lead="Y", body="Z"
        )


def test_file_names_are_safe_and_short_whatever_the_title(users, provinces):
    document = services.document_render(
        actor=users["officer"],
        kind="plan",
        context=kinds.demo_context("plan"),
        owner=provinces[1],
        title="Biên bản: bỏ phiếu kín xếp loại Quý I/2021 – " + "rất dài " * 30,
    )
    stem = document.filename_stem
    assert "/" not in stem and ":" not in stem and len(stem) <= 60
    assert stem.startswith(f"plan-{document.pk}-bien-ban-bo-phieu-kin")
