"""Admin back office for the emulation cycle: every model registered and its pages rendering with real
rows; workflow status and audit columns read-only; signed covenants and submitted registrations locked."""

import datetime
from decimal import Decimal
from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.tests import admin_contract as contract
from thidua.emulation import services
from thidua.emulation.models import (
    BonusPenaltyRule,
    CovenantStatus,
    Movement,
    MovementKind,
    PeriodDeadline,
    ReportValue,
    RuleKind,
    SubmissionStatus,
    TargetRegistration,
)

from .factories import InitiativeFactory, make_covenant, make_periods, make_registration

pytestmark = pytest.mark.django_db

APP = "emulation"


MODELS = sorted(contract.registered(APP))
url = partial(contract.admin_url, APP)


@pytest.fixture
def rows(users, ministry, provinces, term):
    """At least one row of every emulation model, made through the factories and the services."""
    periods = make_periods(ministry, 2024)
    movement = Movement.objects.create(
        kind=MovementKind.REGULAR,
        name="Vì an ninh Tổ quốc",
        owner=ministry,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    movement.units.add(*provinces)
    movement.terms.add(term)
    PeriodDeadline.objects.create(term=term, period=periods["half"], due_date=datetime.date(2024, 7, 5))
    covenant = make_covenant(term)
    BonusPenaltyRule.objects.create(
        covenant=covenant, kind=RuleKind.BONUS, title="Được tặng Huân chương", points=Decimal("1")
    )
    services.covenant_amend(
        actor=users["admin"],
        covenant=covenant,
        reason="Bổ sung khẩu hiệu theo chỉ đạo",
        changes=[{"kind": "covenant", "fields": {"slogan": "Vì nhân dân phục vụ"}}],
    )
    registration = make_registration(term, provinces[1], covenant)
    draft = make_registration(term, provinces[2], covenant, status=SubmissionStatus.DRAFT)
    report = services.report_open(actor=users["admin"], term=term, unit=provinces[1], period=periods["half"])
    target = registration.targets.first()
    assert target is not None
    ReportValue.objects.create(report=report, target=target, actual_value=Decimal("210"))
    services.evidence_upload(
        actor=users["admin"],
        report=report,
        uploaded=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minh chung", content_type="application/pdf"),
        description="Biên bản kiểm tra",
    )
    InitiativeFactory(unit=provinces[1], movement=movement, period=periods["half"])
    services.covenant_document_attach(
        actor=users["admin"],
        covenant=covenant,
        kind="operating_rules",
        title="Quy chế hoạt động Tiền Giang",
        adopted_on=datetime.date(2024, 3, 1),
        file=SimpleUploadedFile("quy-che.pdf", b"%PDF-1.4 quy che", content_type="application/pdf"),
    )
    services.term_result_record(
        actor=users["admin"], term=term, measure="houses", label="Xây nhà Tiền Giang", value=Decimal(3)
    )
    return {"covenant": covenant, "registration": registration, "draft": draft, "report": report}


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


def test_workflow_status_is_read_only_on_a_draft_registration(admin_client, rows):
    draft = rows["draft"]
    page = admin_client.get(url("targetregistration", "change", draft.pk)).content.decode()
    assert 'name="registered_title"' in page and 'name="status"' not in page
    assert 'name="submitted_by"' not in page and 'name="targets-0-indicator"' in page
    data = {
        "registered_title": "Đơn vị Quyết thắng",
        "status": SubmissionStatus.ACCEPTED,
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url("targetregistration", "change", draft.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.registered_title == "Đơn vị Quyết thắng" and draft.status == SubmissionStatus.DRAFT


def test_an_accepted_registration_and_its_targets_are_view_only(admin_client, rows):
    registration = rows["registration"]
    page = admin_client.get(url("targetregistration", "change", registration.pk)).content.decode()
    assert 'name="registered_title"' not in page and 'name="targets-0-indicator"' not in page
    response = admin_client.post(
        url("targetregistration", "change", registration.pk), {"registered_title": "X"}
    )
    assert response.status_code == 403
    target = registration.targets.first()
    assert admin_client.post(url("target", "change", target.pk), {"indicator": "X"}).status_code == 403
    assert TargetRegistration.objects.get(pk=registration.pk).registered_title == ""


def test_a_signed_covenant_changes_only_by_amendment(admin_client, rows):
    covenant = rows["covenant"]
    assert covenant.status == CovenantStatus.SIGNED
    page = admin_client.get(url("covenant", "change", covenant.pk)).content.decode()
    assert 'name="slogan"' not in page and 'name="groups-0-title"' not in page
    assert "Bổ sung khẩu hiệu theo chỉ đạo" in page, "the amendment trail is shown"
    assert admin_client.post(url("covenant", "change", covenant.pk), {"slogan": "X"}).status_code == 403
    group = covenant.groups.first()
    assert group is not None
    criterion = group.criteria.first()
    assert admin_client.post(url("criterion", "change", criterion.pk), {"title": "X"}).status_code == 403


def test_evidence_is_linked_through_the_checked_download_never_the_media_url(admin_client, rows):
    evidence = rows["report"].evidence.get()
    page = admin_client.get(url("evidence", "change", evidence.pk)).content.decode()
    assert reverse("emulation:evidence_download", args=[evidence.pk]) in page
    assert "/media/" not in page and evidence.file.name not in page
    report_page = admin_client.get(url("periodreport", "change", rows["report"].pk)).content.decode()
    assert "Biên bản kiểm tra" in report_page and "/media/" not in report_page
