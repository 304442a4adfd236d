"""The 2025 reorganisation (issue 17.13, DOMAIN §10): district police stopped on 01/03/2025; from
01/07/2025 there are 34 provincial police (63 before); commune/ward police are their own unit kind. The
board records a merger or the end of a unit on a page and through the API; history keeps the old names."""

import datetime

import pytest
from django.urls import reverse

from thidua.organisation import demo, services
from thidua.organisation.models import (
    ClusterMembership,
    ClusterTerm,
    SuccessionKind,
    Unit,
    UnitKind,
    UnitSuccession,
)
from thidua.organisation.tests.factories import ClusterTermFactory, UnitFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _active_provincial_police(day: datetime.date) -> int:
    return sum(1 for unit in Unit.objects.filter(kind=UnitKind.PROVINCIAL_POLICE) if unit.is_active_on(day))


def test_demo_has_63_provincial_police_before_and_34_from_1_7_2025():
    demo.load()
    assert _active_provincial_police(datetime.date(2025, 6, 30)) == 63
    assert _active_provincial_police(datetime.date(2025, 7, 1)) == 34
    merged = UnitSuccession.objects.filter(
        effective_date=datetime.date(2025, 7, 1), kind=SuccessionKind.MERGE
    )
    assert merged.count() == 29  # 52 merged into 23: 29 predecessors
    assert merged.values("successor").distinct().count() == 23
    demo.load()  # idempotent
    assert UnitSuccession.objects.filter(effective_date=datetime.date(2025, 7, 1)).count() == 29


def test_demo_district_police_end_on_1_3_2025_with_the_provincial_police_as_successor():
    demo.load()
    districts = Unit.objects.filter(kind=UnitKind.DISTRICT_POLICE)
    assert districts.exists()
    for district in districts:
        assert district.active_to == datetime.date(2025, 2, 28)
        record = district.successions_out.get()
        assert record.kind == SuccessionKind.DISSOLVE and record.successor.code == "CA-HA-TINH"
    assert UnitKind.COMMUNE_POLICE.label == "Công an cấp xã (xã, phường, đặc khu)"


def test_history_stays_under_the_old_name_after_a_merger(users, term, provinces):
    services.unit_reorganise(
        actor=users["board"],
        unit=provinces[2],
        successor=provinces[3],
        effective_date=datetime.date(2025, 7, 1),
    )
    provinces[2].refresh_from_db()
    assert provinces[2].active_to == datetime.date(2025, 6, 30)
    assert ClusterMembership.objects.filter(term=term, unit=provinces[2]).exists()  # 2024 unchanged
    assert provinces[2].name_on(datetime.date(2024, 7, 16)) == "Công an tỉnh Bến Tre"


def test_later_memberships_move_to_the_successor(users, term, provinces, ministry):
    later = ClusterTermFactory(cluster=term.cluster, year=2026, members=[provinces[2], provinces[0]])
    later.leader = provinces[2]
    later.save()
    services.unit_reorganise(
        actor=users["board"],
        unit=provinces[2],
        successor=provinces[3],
        effective_date=datetime.date(2025, 7, 1),
    )
    later.refresh_from_db()
    assert set(later.memberships.values_list("unit_id", flat=True)) == {provinces[0].pk, provinces[3].pk}
    assert later.leader == provinces[3]


def test_board_records_a_merger_on_the_page_after_confirming(client, users, provinces):
    client.force_login(users["board"])
    url = reverse("organisation:unit_reorganise", args=[provinces[5].pk])
    page = client.get(url)
    assert page.status_code == 200 and "data-confirm" in page.content.decode()
    response = client.post(
        url,
        {
            "kind": "merge",
            "successor": provinces[3].pk,
            "effective_date": "2025-07-01",
            "legal_basis": "Nghị quyết số 202/2025/QH15",
            "move_memberships": "on",
        },
    )
    assert response.status_code == 302
    provinces[5].refresh_from_db()
    assert provinces[5].active_to == datetime.date(2025, 6, 30)
    detail = client.get(reverse("organisation:unit_detail", args=[provinces[5].pk])).content.decode()
    assert "Công an tỉnh Vĩnh Long" in detail and "01/07/2025" in detail


@pytest.mark.parametrize(
    "data",
    [
        {"successor": "999999999"},
        {"successor": "-1"},
        {"effective_date": "31/02/2025"},
        {"effective_date": "99999-01-01"},
        {"kind": "explode"},
        {"legal_basis": "x" * 300},
        {"legal_basis": "a\x00b"},
    ],
)
def test_reorganise_page_refuses_bad_input_and_changes_nothing(client, users, provinces, data):
    client.force_login(users["board"])
    post = {"kind": "merge", "successor": provinces[3].pk, "effective_date": "2025-07-01"} | data
    response = client.post(reverse("organisation:unit_reorganise", args=[provinces[5].pk]), post)
    assert response.status_code == 422
    provinces[5].refresh_from_db()
    assert provinces[5].active_to is None and not UnitSuccession.objects.exists()


def test_a_province_board_cannot_end_another_province_or_the_ministry(client, make_user, provinces, ministry):
    board = make_user("board", provinces[0])
    client.force_login(board)
    assert client.get(reverse("organisation:unit_reorganise", args=[provinces[1].pk])).status_code == 404
    response = client.post(
        f"{API}/units/{provinces[1].pk}/reorganise",
        {"successor_id": provinces[0].pk, "effective_date": "2025-07-01"},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    assert not UnitSuccession.objects.exists()


def test_province_board_ends_its_district_police(client, make_user, provinces):
    province = provinces[0]
    district = UnitFactory(parent=province, kind=UnitKind.DISTRICT_POLICE, name="Công an huyện Thử")
    commune = UnitFactory(parent=district, kind=UnitKind.COMMUNE_POLICE, name="Công an xã Thử")
    board = make_user("board", province)
    client.force_login(board)
    response = client.post(
        f"{API}/units/{district.pk}/reorganise",
        {
            "successor_id": province.pk,
            "effective_date": "2025-03-01",
            "kind": "dissolve",
            "move_children": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "dissolve"
    commune.refresh_from_db()
    assert commune.parent == province and commune.path.startswith(province.path)
    again = client.post(
        f"{API}/units/{district.pk}/reorganise",
        {"successor_id": province.pk, "effective_date": "2025-03-01"},
        content_type="application/json",
    )
    assert again.status_code == 422


def test_api_refuses_a_successor_that_no_longer_exists(client, users, provinces):
    services.unit_reorganise(
        actor=users["board"],
        unit=provinces[4],
        successor=provinces[3],
        effective_date=datetime.date(2025, 7, 1),
    )
    client.force_login(users["board"])
    response = client.post(
        f"{API}/units/{provinces[5].pk}/reorganise",
        {"successor_id": provinces[4].pk, "effective_date": "2025-08-01"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "không hoạt động ngày 01/08/2025" in response.json()["message"]
    assert ClusterTerm.objects.count() >= 0 and UnitSuccession.objects.count() == 1
