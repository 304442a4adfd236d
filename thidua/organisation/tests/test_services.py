"""Rules of the cluster registry (issue: Foundation §4; DOMAIN.md R19, R25)."""

import datetime

import pytest

from thidua.core.errors import AccessDenied
from thidua.organisation import services
from thidua.organisation.errors import (
    DeputyNotMember,
    LeaderIsDeputy,
    LeaderNotMember,
    TermExists,
    UnitInAnotherCluster,
)
from thidua.organisation.models import ClusterLevel, ClusterMembership, ClusterTerm, Handover, UnitSuccession
from thidua.organisation.tests.factories import ClusterFactory

pytestmark = pytest.mark.django_db


def test_leader_must_be_a_member(users, term, other_province):
    with pytest.raises(LeaderNotMember) as error:
        services.term_set_roles(actor=users["board"], term=term, leader=other_province, deputy=None)
    assert "Công an tỉnh Hà Tĩnh" in str(error.value)
    assert error.value.field == "leader"


def test_deputy_must_be_a_member(users, term, provinces, other_province):
    with pytest.raises(DeputyNotMember):
        services.term_set_roles(actor=users["board"], term=term, leader=provinces[0], deputy=other_province)


def test_leader_and_deputy_must_differ(users, term, provinces):
    with pytest.raises(LeaderIsDeputy):
        services.term_set_roles(actor=users["board"], term=term, leader=provinces[2], deputy=provinces[2])
    term.refresh_from_db()
    assert term.leader == provinces[0]


def test_unit_in_at_most_one_cluster_of_a_level_and_owner_per_year(users, term, ministry, provinces):
    other = ClusterFactory(owner=ministry, level=ClusterLevel.MINISTRY, number=12)
    with pytest.raises(UnitInAnotherCluster) as error:
        services.term_create(actor=users["board"], cluster=other, year=2024, members=[provinces[3]])
    assert "Cụm thi đua số 11" in str(error.value)
    assert not ClusterTerm.objects.filter(cluster=other).exists(), "nothing saved on error"


def test_same_unit_may_join_another_cluster_in_another_year(users, term, ministry, provinces):
    other = ClusterFactory(owner=ministry, level=ClusterLevel.MINISTRY, number=8)
    new_term = services.term_create(actor=users["board"], cluster=other, year=2023, members=provinces[:2])
    assert new_term.memberships.count() == 2


def test_create_next_term_copies_members_and_not_roles(users, term):
    new_term = services.term_create_next(actor=users["board"], term=term)
    assert new_term.year == 2025
    assert set(new_term.memberships.values_list("unit_id", flat=True)) == set(
        term.memberships.values_list("unit_id", flat=True)
    )
    assert new_term.leader is None
    with pytest.raises(TermExists):
        services.term_create_next(actor=users["board"], term=term)


def test_next_term_leaves_out_units_merged_away(users, term, provinces):
    services.unit_merge(
        actor=users["admin"],
        predecessors=[provinces[1]],
        successor=provinces[4],
        effective_date=datetime.date(2024, 7, 1),
    )
    new_term = services.term_create_next(actor=users["board"], term=term)
    assert provinces[1].pk not in set(new_term.memberships.values_list("unit_id", flat=True))


def test_handover_records_roles_for_next_year_with_history(users, term, provinces):
    handover = services.term_hand_over(
        actor=users["board"],
        term=term,
        new_leader=provinces[2],
        new_deputy=provinces[3],
        handed_over_on=datetime.date(2024, 11, 20),
        conference_title="Hội nghị tổng kết 2024",
    )
    next_term = ClusterTerm.objects.get(cluster=term.cluster, year=2025)
    assert (next_term.leader, next_term.deputy) == (provinces[2], provinces[3])
    assert handover.previous_leader == provinces[0] and handover.previous_deputy == provinces[1]
    assert Handover.objects.filter(from_term=term, to_term=next_term).count() == 1
    term.refresh_from_db()
    assert term.leader == provinces[0], "this year's roles are history, unchanged"


def test_handover_to_non_member_is_refused_and_saves_nothing(users, term, other_province):
    with pytest.raises(LeaderNotMember):
        services.term_hand_over(
            actor=users["board"],
            term=term,
            new_leader=other_province,
            new_deputy=None,
            handed_over_on=datetime.date(2024, 11, 20),
        )
    assert not ClusterTerm.objects.filter(cluster=term.cluster, year=2025).exists()
    assert not Handover.objects.exists()


@pytest.mark.parametrize(
    "role", ["cluster_staff", "officer", "unit_leader", "viewer", "foreign_officer", "nobody"]
)
def test_only_the_owners_board_hands_over(users, term, provinces, role):
    with pytest.raises(AccessDenied):
        services.term_hand_over(
            actor=users[role],
            term=term,
            new_leader=provinces[2],
            new_deputy=None,
            handed_over_on=datetime.date(2024, 11, 20),
        )


def test_merge_keeps_history_under_old_name(users, term, provinces):
    old = provinces[1]
    services.unit_merge(
        actor=users["admin"],
        predecessors=[old],
        successor=provinces[4],
        effective_date=datetime.date(2025, 7, 1),
    )
    old.refresh_from_db()
    assert old.active_to == datetime.date(2025, 6, 30)
    assert UnitSuccession.objects.get(predecessor=old).successor == provinces[4]
    membership = ClusterMembership.objects.get(term=term, unit=old)
    assert membership.unit.name == "Công an tỉnh Tiền Giang"


def test_rename_keeps_the_former_name_for_earlier_dates(users, provinces):
    unit = services.unit_update(
        actor=users["admin"],
        unit=provinces[0],
        name="Công an thành phố Sóc Trăng mới",
        effective_date=datetime.date(2025, 7, 1),
    )
    assert unit.name_on(datetime.date(2024, 7, 16)) == "Công an tỉnh Sóc Trăng"
    assert unit.name_on(datetime.date(2025, 8, 1)) == "Công an thành phố Sóc Trăng mới"
