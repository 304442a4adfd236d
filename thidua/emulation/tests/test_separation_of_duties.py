"""Separation of duties on registrations and reports (issue 13.8): no one approves what they sent,
and the leader unit's staff do not accept their own unit's submissions (the deputy unit or the
board do, recorded as the acceptor)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from thidua.emulation.models import PeriodReport, ReportValue, SubmissionStatus, TargetRegistration
from thidua.emulation.tests.factories import make_registration
from thidua.organisation.models import Role
from thidua.organisation.tests.factories import UnitRoleFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/emulation"
OWN_SUBMISSION = "Người đã lập và gửi không được tự phê duyệt"
OWN_UNIT = "Không được tự thẩm định, cộng/trừ điểm hay tiếp nhận kết quả của chính đơn vị mình"


@pytest.fixture
def officer_and_leader(make_user, provinces):
    """One person holding both the officer and the unit-leader role of Tiền Giang."""
    user = make_user(Role.OFFICER, provinces[1])
    UnitRoleFactory(user=user, unit=provinces[1], role=Role.UNIT_LEADER)
    return user


def _report(term, unit, period, covenant, *, status=SubmissionStatus.DRAFT):
    registration = make_registration(term, unit, covenant)
    report = PeriodReport.objects.create(term=term, unit=unit, period=period, status=status)
    for target in registration.targets.all():
        ReportValue.objects.create(report=report, target=target, actual_value=1)
    return report


def test_one_person_cannot_submit_and_approve_the_same_report(
    client, users, term, provinces, covenant, periods, officer_and_leader
):
    report = _report(term, provinces[1], periods["q1"], covenant)
    client.force_login(officer_and_leader)
    assert client.post(f"{API}/reports/{report.pk}/submit").json()["status"] == "submitted"
    response = client.post(f"{API}/reports/{report.pk}/approve")
    assert response.status_code == 403 and OWN_SUBMISSION in response.json()["message"]
    page_url = reverse("emulation:report", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    assert 'id="approve"' not in client.get(page_url).content.decode()
    page = client.post(reverse("emulation:report_action", args=[report.pk, "approve"]))
    assert any(OWN_SUBMISSION in str(m) for m in get_messages(page.wsgi_request))
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED
    # another leader of the unit approves: recorded as the approver
    client.force_login(users["unit_leader"])
    assert client.post(f"{API}/reports/{report.pk}/approve").json()["status"] == "approved"
    report.refresh_from_db()
    assert report.submitted_by == officer_and_leader and report.approved_by == users["unit_leader"]


def test_one_person_cannot_submit_and_approve_the_same_registration(
    client, term, provinces, covenant, officer_and_leader
):
    registration = make_registration(term, provinces[1], covenant, status=SubmissionStatus.DRAFT)
    client.force_login(officer_and_leader)
    assert client.post(f"{API}/registrations/{registration.pk}/submit").status_code == 200
    response = client.post(f"{API}/registrations/{registration.pk}/approve")
    assert response.status_code == 403 and OWN_SUBMISSION in response.json()["message"]
    assert TargetRegistration.objects.get(pk=registration.pk).status == SubmissionStatus.SUBMITTED


def test_leader_staff_cannot_accept_their_own_units_report_the_deputy_unit_does(
    client, make_user, users, term, provinces, covenant, periods
):
    report = _report(term, provinces[0], periods["q1"], covenant, status=SubmissionStatus.APPROVED)
    client.force_login(users["cluster_staff"])
    response = client.post(f"{API}/reports/{report.pk}/accept")
    assert response.status_code == 403 and OWN_UNIT in response.json()["message"]
    page_url = reverse("emulation:report", args=[term.pk, provinces[0].pk, periods["q1"].pk])
    assert 'id="accept"' not in client.get(page_url).content.decode()
    response = client.post(
        f"{API}/reports/{report.pk}/return", {"reason": "Tự trả"}, content_type="application/json"
    )
    assert response.status_code == 403
    deputy_staff = make_user(Role.CLUSTER_STAFF, term.deputy)
    client.force_login(deputy_staff)
    assert 'id="accept"' in client.get(page_url).content.decode()
    assert client.post(f"{API}/reports/{report.pk}/accept").json()["status"] == "accepted"
    report.refresh_from_db()
    assert report.accepted_by == deputy_staff
    history = client.get(page_url).content.decode()
    assert deputy_staff.get_full_name() in history


def test_leader_staff_cannot_accept_their_own_units_registration_the_board_does(
    client, users, term, provinces, covenant
):
    registration = make_registration(term, provinces[0], covenant, status=SubmissionStatus.APPROVED)
    client.force_login(users["cluster_staff"])
    response = client.post(f"{API}/registrations/{registration.pk}/accept")
    assert response.status_code == 403 and OWN_UNIT in response.json()["message"]
    other = make_registration(term, provinces[2], covenant, status=SubmissionStatus.APPROVED)
    assert client.post(f"{API}/registrations/{other.pk}/accept").json()["status"] == "accepted"
    client.force_login(users["board"])
    assert client.post(f"{API}/registrations/{registration.pk}/accept").json()["status"] == "accepted"
    registration.refresh_from_db()
    assert registration.accepted_by == users["board"]
