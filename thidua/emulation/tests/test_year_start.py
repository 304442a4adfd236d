"""The new-year wizard (issue 15.3): next year's term from last year's (units merged on 01/07/2025
replaced by their successor, shown before confirming), periods (standard, editable), last year's
covenant as a draft, and the new leader's staff managing the new year — pages and API."""

import datetime

import pytest
from django.urls import reverse

from thidua.emulation.models import Covenant, EmulationPeriod
from thidua.emulation.tests.factories import make_covenant
from thidua.organisation import access, selectors, services
from thidua.organisation.access import Action
from thidua.organisation.errors import UnitGoneOnTermStart
from thidua.organisation.models import ClusterMembership, ClusterTerm, Role, UnitSuccession
from thidua.organisation.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
MERGER = datetime.date(2025, 7, 1)
API = "/api/v1"


@pytest.fixture
def merged(users, term, provinces):
    """Tiền Giang (provinces[1]) into Đồng Tháp (provinces[4]), Bến Tre (provinces[2]) into a unit outside
    the cluster, from 01/07/2025 (DOMAIN §10: the provincial mergers take effect that day)."""
    outside = UnitFactory(parent=term.cluster.owner, name="Công an tỉnh Kế Thừa")
    services.unit_merge(
        actor=users["admin"], predecessors=[provinces[1]], successor=provinces[4], effective_date=MERGER
    )
    services.unit_merge(
        actor=users["admin"], predecessors=[provinces[2]], successor=outside, effective_date=MERGER
    )
    for unit in (*provinces, outside):
        unit.refresh_from_db()
    return outside


def _term_2025(term):
    return ClusterTerm.objects.get(cluster=term.cluster, year=2025)


# -- access: the new leader's staff get their rights ------------------------------------------------


def test_after_a_hand_over_the_new_leaders_officer_sees_the_covenant_forms(
    client, users, term, provinces, make_user
):
    """Before the fix only a CLUSTER_STAFF grant at the leader unit managed the term; the new leader's
    emulation officer (OFFICER) saw no covenant forms for the new year."""
    officer_new = make_user(Role.OFFICER, provinces[3])
    services.term_hand_over(
        actor=users["board"],
        term=term,
        new_leader=provinces[3],
        new_deputy=provinces[4],
        handed_over_on=datetime.date(2024, 11, 20),
    )
    new_term = _term_2025(term)
    assert access.can_term(officer_new, Action.MANAGE_TERM, new_term)
    client.force_login(officer_new)
    page = client.get(reverse("emulation:covenant", args=[new_term.pk]))
    assert page.status_code == 200 and page.context["can_manage"] is True
    # the old leader's staff do not manage the new year, and keep last year
    assert not access.can_term(users["cluster_staff"], Action.MANAGE_TERM, new_term)
    assert access.can_term(users["cluster_staff"], Action.MANAGE_TERM, term)
    # an officer of a plain member still does not manage the term
    assert not access.can_term(users["officer"], Action.MANAGE_TERM, new_term)


# -- step 1: members --------------------------------------------------------------------------------


def test_plan_replaces_units_merged_on_1_7_2025_by_their_successor(users, term, provinces, merged):
    plan = {row.unit.pk: row for row in selectors.next_term_plan(term=term)}
    assert plan[provinces[0].pk].status == "continues"
    assert plan[provinces[1].pk].status == "merged_in"  # Đồng Tháp is a member already
    assert plan[provinces[1].pk].successor == provinces[4]
    assert plan[provinces[2].pk].status == "replaced" and plan[provinces[2].pk].successor == merged
    assert plan[provinces[2].pk].ends_on == datetime.date(2025, 6, 30)


def test_wizard_shows_the_changes_before_confirming_and_creates_on_confirm(
    client, users, term, provinces, merged
):
    client.force_login(users["board"])
    url = reverse("organisation:term_create_next", args=[term.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "2 đơn vị thay đổi do sắp xếp tổ chức" in html
    assert "thay bằng Công an tỉnh Kế Thừa" in html and "hoạt động đến 30/06/2025" in html
    assert not ClusterTerm.objects.filter(
        cluster=term.cluster, year=2025
    ).exists()  # nothing before confirming
    initial = page.context["form"].initial["members"]
    response = client.post(
        url, {"members": initial, "leader": provinces[3].pk, "deputies": [provinces[4].pk, merged.pk]}
    )
    assert response.status_code == 302
    new_term = _term_2025(term)
    assert response["Location"] == reverse("emulation:year_start", args=[new_term.pk])
    members = set(new_term.memberships.values_list("unit_id", flat=True))
    assert members == {provinces[0].pk, provinces[3].pk, provinces[4].pk, provinces[5].pk, merged.pk}
    assert new_term.leader == provinces[3] and {u.pk for u in new_term.deputies} == {
        provinces[4].pk,
        merged.pk,
    }


def test_wizard_refuses_a_leader_gone_on_the_new_terms_start_with_the_reason(client, users, term, provinces):
    services.unit_merge(
        actor=users["admin"],
        predecessors=[provinces[5]],
        successor=provinces[4],
        effective_date=datetime.date(2024, 12, 1),
    )
    with pytest.raises(UnitGoneOnTermStart) as refused:
        services.term_hand_over(
            actor=users["board"],
            term=term,
            new_leader=provinces[5],
            new_deputy=None,
            handed_over_on=datetime.date(2024, 11, 20),
        )
    assert "01/01/2025" in str(refused.value) and "hợp nhất vào Công an tỉnh Đồng Tháp từ 01/12/2024" in str(
        refused.value
    )
    assert not ClusterTerm.objects.filter(cluster=term.cluster, year=2025).exists()


def test_hand_over_page_refuses_a_merged_unit_and_changes_nothing(client, users, term, provinces):
    ClusterTerm.objects.filter(pk=term.pk)  # the 2025 term is made by the hand-over
    services.unit_merge(
        actor=users["admin"],
        predecessors=[provinces[5]],
        successor=provinces[4],
        effective_date=datetime.date(2024, 12, 1),
    )
    client.force_login(users["board"])
    response = client.post(
        reverse("organisation:term_handover", args=[term.pk]),
        {"new_leader": provinces[5].pk, "handed_over_on": "20/11/2024", "mode": "elected"},
        HTTP_HX_REQUEST="true",
    )
    assert "không còn tồn tại" in response.content.decode()
    assert not ClusterTerm.objects.filter(cluster=term.cluster, year=2025).exists()


# -- steps 2-3: periods and covenant ----------------------------------------------------------------


def test_board_creates_the_edited_periods_all_or_nothing(client, users, term):
    services.term_create_next(actor=users["board"], term=term)
    new_term = _term_2025(term)
    client.force_login(users["board"])
    url = reverse("emulation:year_start", args=[new_term.pk])
    form = client.get(url).context["period_form"]
    data = {"step": "periods"}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, datetime.date):
            data[name] = value.isoformat()
        elif value:
            data[name] = "on"
    data["half_year_1_default_deadline"] = "2025-07-20"
    data.pop("quarter_4_use")
    bad = data | {"quarter_1_end_date": "2026-03-31"}
    assert client.post(url, bad).status_code == 422
    assert not EmulationPeriod.objects.filter(owner=term.cluster.owner, year=2025).exists()
    assert client.post(url, data | {"quarter_2_start_date": "0"}).status_code == 422
    assert client.post(url, data).status_code == 302
    periods = EmulationPeriod.objects.filter(owner=term.cluster.owner, year=2025)
    assert periods.count() == 5  # Q4 left out
    assert periods.get(kind="half_year").default_deadline == datetime.date(2025, 7, 20)


def test_new_leader_copies_last_years_covenant_as_a_draft(client, users, term, provinces, make_user):
    previous = make_covenant(term)
    officer_new = make_user(Role.OFFICER, provinces[3])
    services.term_hand_over(
        actor=users["board"],
        term=term,
        new_leader=provinces[3],
        new_deputy=None,
        handed_over_on=datetime.date(2024, 11, 20),
    )
    new_term = _term_2025(term)
    client.force_login(officer_new)
    page = client.get(reverse("emulation:year_start", args=[new_term.pk]))
    assert page.status_code == 200
    assert page.context["period_form"] is None  # periods are the board's
    assert officer_new.full_name in page.content.decode()  # listed among the leader's staff
    response = client.post(reverse("emulation:year_start", args=[new_term.pk]), {"step": "covenant"})
    assert response.status_code == 302
    copy = Covenant.objects.get(term=new_term)
    assert copy.copied_from == previous and not copy.is_signed
    assert copy.groups.count() == previous.groups.count()


def test_a_plain_member_cannot_open_the_wizard(client, users, term):
    services.term_create_next(actor=users["board"], term=term)
    client.force_login(users["viewer"])
    assert client.get(reverse("emulation:year_start", args=[_term_2025(term).pk])).status_code == 403
    client.force_login(users["officer"])
    assert client.get(reverse("organisation:term_create_next", args=[term.pk])).status_code == 404


# -- API --------------------------------------------------------------------------------------------


def test_api_plan_then_next_term_with_successor_and_roles(client, users, term, provinces, merged):
    client.force_login(users["board"])
    plan = client.get(f"{API}/cluster-terms/{term.pk}/next-plan")
    assert plan.status_code == 200
    rows = {row["unit"]["id"]: row for row in plan.json()}
    assert (
        rows[provinces[2].pk]["status"] == "replaced"
        and rows[provinces[2].pk]["successor"]["id"] == merged.pk
    )
    created = client.post(
        f"{API}/cluster-terms/{term.pk}/next",
        {"leader_id": merged.pk, "deputy_ids": [provinces[0].pk]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["leader"]["id"] == merged.pk and provinces[1].pk not in {m["id"] for m in body["members"]}


def test_api_hand_over_to_a_merged_unit_is_a_422_with_the_reason(client, users, term, provinces):
    services.unit_merge(
        actor=users["admin"],
        predecessors=[provinces[5]],
        successor=provinces[4],
        effective_date=datetime.date(2024, 12, 1),
    )
    client.force_login(users["board"])
    response = client.post(
        f"{API}/cluster-terms/{term.pk}/handover",
        {"new_leader_id": provinces[5].pk, "handed_over_on": "2024-11-20"},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["code"] == "unit_gone_on_term_start"
    assert not ClusterMembership.objects.filter(year=2025).exists()
    assert UnitSuccession.objects.count() == 1
