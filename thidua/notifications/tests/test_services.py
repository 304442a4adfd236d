"""Notifications (issue 15.7): each event once per recipient, in the app and by e-mail (Django's outbox)."""

import datetime

import pytest
from django.core import mail

from thidua.awards import catalogue
from thidua.awards import services as award_services
from thidua.awards.models import AwardType
from thidua.conferences.tests.factories import ConferenceFactory
from thidua.emulation import services as emulation_services
from thidua.emulation.models import PeriodReport, SubmissionStatus
from thidua.emulation.tests.factories import make_periods
from thidua.notifications import services
from thidua.notifications.models import EmailStatus, Kind, Notification
from thidua.organisation.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(users, provinces, make_user):
    """Tiền Giang's officer (with an address), its leader (e-mail turned off), the officer of another unit."""
    officer, leader = users["officer"], users["unit_leader"]
    officer.email, leader.email, leader.email_notifications = (
        "canbo@tiengiang.gov.vn",
        "ld@tiengiang.gov.vn",
        False,
    )
    officer.save()
    leader.save()
    return {
        "officer": officer,
        "leader": leader,
        "other": make_user(Role.OFFICER, provinces[2], email="x@y.vn"),
    }


def test_a_returned_report_notifies_the_units_officer_and_leader_once_with_the_reason(
    people, users, term, provinces, django_capture_on_commit_callbacks
):
    periods = make_periods(term.cluster.owner, 2024)
    report = PeriodReport.objects.create(
        term=term,
        unit=provinces[1],
        period=periods["q1"],
        status=SubmissionStatus.SUBMITTED,
        submitted_by=people["officer"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        emulation_services.report_return(
            actor=users["unit_leader"], report=report, reason="Thiếu số liệu quý"
        )
    rows = Notification.objects.filter(kind=Kind.RETURNED)
    assert {n.recipient_id for n in rows} == {people["officer"].pk, people["leader"].pk}
    assert all("Thiếu số liệu quý" in n.body and "Quý 1/2024" in n.title for n in rows)
    assert not Notification.objects.filter(recipient=people["other"]).exists()
    services.emails_send()
    services.emails_send()  # a second run sends nothing again
    assert [m.to for m in mail.outbox] == [["canbo@tiengiang.gov.vn"]]  # the leader turned e-mail off
    assert "Thiếu số liệu quý" in mail.outbox[0].body and "bị trả lại" in mail.outbox[0].subject
    assert rows.get(recipient=people["leader"]).email_status == EmailStatus.SKIPPED


def test_approved_and_accepted_reports_notify_the_officer(
    people, users, term, provinces, django_capture_on_commit_callbacks
):
    periods = make_periods(term.cluster.owner, 2024)
    report = PeriodReport.objects.create(
        term=term,
        unit=provinces[1],
        period=periods["q1"],
        status=SubmissionStatus.SUBMITTED,
        submitted_by=people["officer"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = emulation_services.report_approve(actor=users["unit_leader"], report=report)
    with django_capture_on_commit_callbacks(execute=True):
        emulation_services.report_accept(actor=users["board"], report=report)
    kinds = sorted(Notification.objects.filter(recipient=people["officer"]).values_list("kind", flat=True))
    assert kinds == [Kind.ACCEPTED, Kind.APPROVED]


def test_a_report_due_is_reminded_7_days_and_1_day_before_each_once_then_overdue_once(
    people, term, provinces
):
    periods = make_periods(term.cluster.owner, 2024)  # Q1 due 10/04/2024
    due = periods["q1"].default_deadline
    for day in (
        due - datetime.timedelta(days=9),
        due - datetime.timedelta(days=7),
        due - datetime.timedelta(days=5),
    ):
        services.notifications_run(today=day)
    mine = Notification.objects.filter(recipient=people["officer"], key__contains=f":{periods['q1'].pk}:")
    assert list(mine.values_list("kind", flat=True)) == [Kind.DUE]
    assert "Còn 7 ngày" in mine.get().title
    services.notifications_run(today=due - datetime.timedelta(days=1))
    services.notifications_run(today=due - datetime.timedelta(days=1))
    services.notifications_run(today=due + datetime.timedelta(days=1))
    services.notifications_run(today=due + datetime.timedelta(days=30))
    assert sorted(mine.values_list("kind", flat=True)) == [Kind.DUE, Kind.DUE, Kind.OVERDUE]
    q1_mails = [m for m in mail.outbox if m.to == ["canbo@tiengiang.gov.vn"] and "Quý 1/2024" in m.subject]
    assert len(q1_mails) == 3
    # the leader hears only of the overdue one (due reminders go to the officers), in the app only
    assert list(
        Notification.objects.filter(
            recipient=people["leader"], key__contains=f":{periods['q1'].pk}:"
        ).values_list("kind", flat=True)
    ) == [Kind.OVERDUE]


def test_a_sent_report_is_not_reminded(people, term, provinces):
    periods = make_periods(term.cluster.owner, 2024)
    PeriodReport.objects.create(
        term=term, unit=provinces[1], period=periods["q1"], status=SubmissionStatus.SUBMITTED
    )
    services.notifications_run(today=periods["q1"].default_deadline - datetime.timedelta(days=1))
    assert not Notification.objects.filter(
        recipient=people["officer"], key__contains=f":{periods['q1'].pk}:"
    ).exists()


def test_a_conference_invitation_states_date_and_place_once(people, term):
    conference = ConferenceFactory(
        term=term, date=datetime.date(2024, 7, 16), venue="Hội trường Công an tỉnh Tiền Giang"
    )
    services.notifications_run(today=datetime.date(2024, 7, 1))
    services.notifications_run(today=datetime.date(2024, 7, 2))
    invitation = Notification.objects.get(recipient=people["officer"], kind=Kind.INVITATION)
    assert "16/07/2024" in invitation.body and "Hội trường Công an tỉnh Tiền Giang" in invitation.body
    assert conference.title in invitation.title
    conference.venue = "Nhà văn hóa tỉnh"
    conference.save()
    services.notifications_run(today=datetime.date(2024, 7, 3))
    assert Notification.objects.filter(recipient=people["officer"], kind=Kind.INVITATION).count() == 2


def test_an_award_decision_notifies_the_awarded_unit(
    people, users, ministry, provinces, django_capture_on_commit_callbacks
):
    catalogue.seed()
    with django_capture_on_commit_callbacks(execute=True):
        decision = award_services.decision_register(
            actor=users["admin"],
            issuer=ministry,
            number="118/QĐ-BCA",
            signed_on=datetime.date(2025, 1, 10),
            signer_name="Nguyễn Văn A",
            signer_title="Bộ trưởng",
            authority="Bộ trưởng Bộ Công an",
            summary="Tặng Cờ thi đua của Bộ Công an",
            awards=[
                {
                    "award_type": AwardType.objects.get(code="CO-BCA"),
                    "unit": provinces[1],
                    "achievement": "Dẫn đầu",
                }
            ],
        )
    note = Notification.objects.get(recipient=people["officer"], kind=Kind.DECISION)
    assert "118/QĐ-BCA" in note.title and note.url.endswith(f"/{decision.pk}/")
    assert not Notification.objects.filter(recipient=people["other"]).exists()


def test_a_rolled_back_service_notifies_nobody(
    people, users, term, provinces, django_capture_on_commit_callbacks
):
    periods = make_periods(term.cluster.owner, 2024)
    report = PeriodReport.objects.create(
        term=term, unit=provinces[1], period=periods["q1"], status=SubmissionStatus.SUBMITTED
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017, PT011
        emulation_services.report_return(actor=users["unit_leader"], report=report, reason="   ")
    assert not Notification.objects.exists()


def test_mark_read_touches_only_the_users_own(people):
    services.notify(
        notices=[
            services.Notice(
                kind=Kind.DUE, key="k1", title="A", user_ids=[people["officer"].pk, people["other"].pk]
            )
        ]
    )
    theirs = Notification.objects.get(recipient=people["other"])
    assert services.notifications_mark_read(actor=people["officer"], ids=[theirs.pk]) == 0
    assert services.notifications_mark_read(actor=people["officer"]) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None
