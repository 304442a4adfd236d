"""Conference services: planning, delegates, status flow, host rotation, hand-over, permissions."""

import datetime
from typing import Any

import pytest

from thidua.conferences import selectors, services
from thidua.conferences.errors import ConferenceLocked, HostNotMember, NotYearEnd, UnitNotMember
from thidua.conferences.models import ChairRole, ConferenceKind, ConferenceStatus, HandoverLink
from thidua.conferences.tests.factories import ConferenceFactory
from thidua.core.errors import AccessDenied, InvalidTransition
from thidua.organisation.models import ClusterTerm, Handover

pytestmark = pytest.mark.django_db


def _plan(actor, term, **kwargs):
    values: dict[str, Any] = {
        "kind": ConferenceKind.HALF_YEAR,
        "title": "Hội nghị sơ kết 6 tháng đầu năm 2024",
        "date": datetime.date(2024, 7, 16),
    } | kwargs
    return services.conference_create(actor=actor, term=term, **values)


def test_a_planned_conference_gets_the_leader_and_deputy_units_as_co_chairs(users, term):
    conference = _plan(users["cluster_staff"], term, host=term.deputy)
    chairs = list(conference.chairs.order_by("order").values_list("role", "unit_id"))
    assert chairs == [(ChairRole.LEADER, term.leader_id), (ChairRole.DEPUTY, term.deputy_id)]
    assert conference.status == ConferenceStatus.PLANNED and conference.period_year == 2024


def test_the_host_must_be_a_member_of_the_cluster_that_year(users, term, other_province):
    with pytest.raises(HostNotMember):
        _plan(users["cluster_staff"], term, host=other_province)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", True),
        ("board", True),
        ("cluster_staff", True),
        ("officer", False),
        ("unit_leader", False),
        ("viewer", False),
        ("foreign_officer", False),
        ("nobody", False),
    ],
)
def test_only_the_leader_staff_or_the_board_plan_conferences(users, term, role, allowed):
    if allowed:
        assert _plan(users[role], term).pk
    else:
        with pytest.raises(AccessDenied):
            _plan(users[role], term)


def test_status_flows_planned_held_minutes_approved_and_then_locks(users, term, provinces):
    actor = users["cluster_staff"]
    conference = _plan(actor, term)
    with pytest.raises(InvalidTransition):
        services.conference_transition(
            actor=actor, conference=conference, target=ConferenceStatus.MINUTES_APPROVED
        )
    conference = services.conference_transition(
        actor=actor, conference=conference, target=ConferenceStatus.HELD
    )
    conference = services.conference_transition(
        actor=actor, conference=conference, target=ConferenceStatus.MINUTES_APPROVED
    )
    assert conference.minutes_approved_on is not None
    with pytest.raises(ConferenceLocked):
        services.attendee_add(actor=actor, conference=conference, unit=provinces[0], name="Nguyễn Văn A")
    with pytest.raises(InvalidTransition):
        services.conference_transition(actor=actor, conference=conference, target=ConferenceStatus.PLANNED)


def test_only_member_units_send_voting_delegates_r27(users, term, other_province, provinces):
    conference = _plan(users["cluster_staff"], term)
    with pytest.raises(UnitNotMember):
        services.attendee_add(
            actor=users["cluster_staff"],
            conference=conference,
            unit=other_province,
            name="Lê Văn B",
            is_voter=True,
        )
    attendee = services.attendee_add(
        actor=users["cluster_staff"], conference=conference, unit=provinces[2], name="Lê Văn C", is_voter=True
    )
    assert attendee.is_voter and attendee.present


def test_rotation_suggests_the_member_that_never_hosted_then_the_least_recent(term, provinces):
    previous = ClusterTerm.objects.create(cluster=term.cluster, year=2023)
    ConferenceFactory(term=previous, host=provinces[0], date=datetime.date(2023, 7, 20))
    ConferenceFactory(term=term, host=provinces[1], date=datetime.date(2024, 1, 20))
    for unit, day in zip(
        provinces[2:],
        [datetime.date(2022, 7, 1), *[datetime.date(2023, 1, d) for d in (2, 3, 4)]],
        strict=True,
    ):
        ConferenceFactory(term=previous, host=unit, date=day)
    rotation = selectors.host_rotation(term=term)
    assert [r.unit for r in rotation] == [
        provinces[2],
        provinces[3],
        provinces[4],
        provinces[5],
        provinces[0],
        provinces[1],
    ]
    assert selectors.host_suggestion(term=term) == provinces[2]
    assert rotation[-1].last_hosted == datetime.date(2024, 1, 20) and rotation[-1].times == 1


def test_rotation_puts_never_hosted_members_first(term, provinces):
    ConferenceFactory(term=term, host=provinces[0], date=datetime.date(2024, 1, 20))
    assert selectors.host_rotation(term=term)[-1].unit == provinces[0]
    assert selectors.host_rotation(term=term)[0].last_hosted is None


def test_year_end_conference_records_the_handover_through_organisation_r19(users, term, provinces):
    conference = _plan(
        users["board"],
        term,
        kind=ConferenceKind.YEAR_END,
        title="Hội nghị tổng kết năm 2024",
        date=datetime.date(2024, 11, 14),
    )
    link = services.conference_hand_over(
        actor=users["board"], conference=conference, new_leader=provinces[2], new_deputy=provinces[3]
    )
    handover = Handover.objects.get(pk=link.handover_id)
    assert handover.conference_ref == conference.pk and handover.conference_title == conference.title
    assert handover.to_term.year == 2025 and handover.to_term.leader == provinces[2]
    assert HandoverLink.objects.get(conference=conference)


def test_handover_only_at_a_year_end_conference(users, term, provinces):
    conference = _plan(users["board"], term)
    with pytest.raises(NotYearEnd):
        services.conference_hand_over(
            actor=users["board"], conference=conference, new_leader=provinces[2], new_deputy=None
        )


def test_leader_staff_cannot_hand_over_without_the_board(users, term, provinces):
    conference = _plan(users["cluster_staff"], term, kind=ConferenceKind.YEAR_END)
    with pytest.raises(AccessDenied):
        services.conference_hand_over(
            actor=users["cluster_staff"], conference=conference, new_leader=provinces[2], new_deputy=None
        )
    assert not Handover.objects.exists()


def test_a_hand_over_at_a_conference_known_to_the_month_keeps_the_month(term, users):
    """16.3: the hand-over date is the conference's, as far as it is known."""
    from thidua.conferences.services import conference_create, conference_hand_over
    from thidua.core.dates import KnownDate

    conference = conference_create(
        actor=users["board"], term=term, kind="year_end", title="Tổng kết", date=KnownDate.parse("11/2024")
    )
    link = conference_hand_over(
        actor=users["board"], conference=conference, new_leader=term.deputy, new_deputy=term.leader
    )
    handover = link.handover
    assert (handover.handed_over_on, handover.handed_over_on_precision) == (
        datetime.date(2024, 11, 1),
        "month",
    )
    assert str(handover.handed_over_known) == "tháng 11/2024"
