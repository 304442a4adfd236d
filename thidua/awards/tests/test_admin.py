"""Admin back office for awards: every model registered and its pages rendering with real rows; the
catalogue editable as data; proposals locked after the draft; decisions' records and files read-only."""

import datetime
from functools import partial

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.awards import services
from thidua.awards.models import Holiday, ImportJob, ProposalBatch, ProposalStatus
from thidua.awards.services.counts import award_count_create
from thidua.core.tests import admin_contract as contract

from .factories import (
    AssessmentFactory,
    BatchFactory,
    CandidateFactory,
    DisciplineFactory,
    PersonFactory,
    RecordFactory,
)

pytestmark = pytest.mark.django_db

APP = "awards"


MODELS = sorted(contract.registered(APP))
url = partial(contract.admin_url, APP)


@pytest.fixture
def rows(seeded, users, ministry, provinces):
    """At least one row of every awards model: the seeded catalogue, then factories and services."""
    unit = provinces[1]
    person = PersonFactory(unit=unit)
    AssessmentFactory(person=person)
    DisciplineFactory(person=person)
    draft = services.batch_create(
        actor=users["officer"], title="Đề nghị khen thưởng 2024", year=2024, unit=unit
    )
    services.candidate_add(
        actor=users["officer"],
        batch=draft,
        award_type=seeded["DVTT"],
        unit=unit,
        achievement="Hoàn thành xuất sắc nhiệm vụ năm 2024",
    )
    services.candidate_add(
        actor=users["officer"],
        batch=draft,
        award_type=seeded["CO-BCA"],
        unit=unit,
        achievement="Dẫn đầu cụm năm 2024",
        leads_cluster=True,
        override_reason="Biên bản suy tôn bản giấy",
    )
    submitted = BatchFactory(unit=unit, status=ProposalStatus.SUBMITTED)
    CandidateFactory(batch=submitted, award_type=seeded["DVTT"])
    decision = services.decision_register(
        actor=users["admin"],
        number="15/QĐ-BCA",
        signed_on=datetime.date(2025, 1, 15),
        signer_name="Lương Tam Quang",
        signer_title="Bộ trưởng",
        authority="Bộ trưởng Bộ Công an",
        summary="Tặng danh hiệu Đơn vị quyết thắng năm 2024",
        issuer=ministry,
        awards=[{"award_type": seeded["DVQT"], "unit": unit, "achievement": "Phá chuyên án ma túy"}],
    )
    other = RecordFactory(award_type=seeded["CSTT"], person=person)
    services.annulment_register(
        actor=users["admin"], records=[other], reason="Khai man", legal_basis="QĐ 1/QĐ-BCA"
    )
    award_count_create(
        actor=users["admin"],
        award_type=seeded["GK-GD-CN"],
        year=2019,
        count=33,
        unit=unit,
        source="Báo cáo 2019",
    )
    attachment = services.decision_attach(
        actor=users["admin"],
        decision=decision,
        uploaded=SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.4 quyet dinh", content_type="application/pdf"),
        title="Quyết định đã ký",
        is_public=True,
    )
    job = ImportJob.objects.create(
        file=ContentFile(b"PK\x03\x04", name="danh-sach.xlsx"),
        original_name="danh-sach.xlsx",
        scope=unit,
        created_by=users["admin"],
    )
    return {
        "draft": draft,
        "submitted": submitted,
        "decision": decision,
        "attachment": attachment,
        "job": job,
    }


def test_every_concrete_model_is_registered():
    contract.check_every_concrete_model_is_registered(APP)


@pytest.mark.parametrize("model_name", MODELS)
def test_changelist_search_and_add_pages_render(admin_client, superuser, rows, model_name):
    contract.check_changelist_search_and_add(admin_client, superuser, APP, model_name)


@pytest.mark.parametrize("model_name", MODELS)
def test_change_and_history_pages_render(admin_client, rows, model_name):
    contract.check_change_and_history(admin_client, APP, model_name)


def test_a_non_staff_user_is_sent_to_the_admin_login(client, users):
    contract.check_non_staff_is_sent_to_login(client, users["officer"], APP)


def test_the_catalogue_is_edited_as_data(admin_client, seeded):
    response = admin_client.post(url("holiday", "add"), {"date": "2030-09-02", "name": "Quốc khánh"})
    assert response.status_code == 302 and Holiday.objects.filter(date=datetime.date(2030, 9, 2)).exists()
    award_type = seeded["CSTDCS"]
    page = admin_client.get(url("awardtype", "change", award_type.pk)).content.decode()
    assert 'name="name"' in page and 'name="rules-0-rule_key"' in page


def test_a_draft_proposal_is_editable_but_not_its_status(admin_client, rows):
    draft = rows["draft"]
    page = admin_client.get(url("proposalbatch", "change", draft.pk)).content.decode()
    assert 'name="title"' in page and 'name="candidates-0-achievement"' in page
    assert 'name="status"' not in page and 'name="due_on"' not in page and 'name="created_by"' not in page
    data = {
        "title": "Đề nghị khen thưởng năm 2024 (sửa)",
        "year": "2024",
        "track": "regular",
        "status": ProposalStatus.DECIDED,
        "candidates-TOTAL_FORMS": "0",
        "candidates-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url("proposalbatch", "change", draft.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.title.endswith("(sửa)") and draft.status == ProposalStatus.DRAFT


def test_a_submitted_proposal_is_view_only(admin_client, rows):
    submitted = rows["submitted"]
    page = admin_client.get(url("proposalbatch", "change", submitted.pk)).content.decode()
    assert 'name="title"' not in page and 'name="candidates-0-achievement"' not in page
    assert admin_client.post(url("proposalbatch", "change", submitted.pk), {"title": "X"}).status_code == 403
    candidate = submitted.candidates.get()
    assert admin_client.post(url("proposalcandidate", "change", candidate.pk), {}).status_code == 403
    assert ProposalBatch.objects.get(pk=submitted.pk).title == submitted.title


def test_a_decision_shows_its_records_and_files_read_only(admin_client, rows):
    decision, attachment = rows["decision"], rows["attachment"]
    page = admin_client.get(url("decision", "change", decision.pk)).content.decode()
    assert 'name="signer_name"' in page and 'name="number"' not in page
    assert decision.records.get().recipient_name in page, "the award records are listed"
    assert 'name="records-0-recipient_name"' not in page and 'name="attachments-0-title"' not in page
    assert reverse("awards:decision_attachment", args=[decision.pk, attachment.pk]) in page
    assert "/media/" not in page and attachment.file.name not in page
    record = decision.records.get()
    assert admin_client.post(url("awardrecord", "change", record.pk), {}).status_code == 403
    assert admin_client.post(url("awardrecord", "delete", record.pk), {"post": "yes"}).status_code == 403


def test_an_import_job_is_shown_without_a_media_link(admin_client, rows):
    job = rows["job"]
    page = admin_client.get(url("importjob", "change", job.pk)).content.decode()
    assert "danh-sach" in page and "/media/" not in page
    assert admin_client.post(url("importjob", "change", job.pk), {}).status_code == 403
