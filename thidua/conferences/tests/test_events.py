"""16.6: the conference kinds real clusters hold, and cluster events standing on their own."""

import datetime

import pytest
from django.urls import reverse

from thidua.conferences import services
from thidua.conferences.errors import HostNotMember, UnitNotMember
from thidua.conferences.models import ConferenceKind, SideEvent, SideEventKind, SideEventResult
from thidua.conferences.tests.factories import ConferenceFactory
from thidua.core.dates import KnownDate
from thidua.core.errors import AccessDenied

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_the_kinds_real_clusters_hold_are_offered():
    assert {"covenant_signing", "half_year", "nine_months", "year_end", "extraordinary"} <= set(
        ConferenceKind.values
    )
    assert "phát động" in ConferenceKind.COVENANT_SIGNING.label
    assert {"achievement_report", "commemoration", "sports", "charity"} <= set(SideEventKind.values)
    assert "tri ân" in SideEventKind.COMMEMORATION.label


def test_a_bao_cong_stands_on_its_own_with_a_date_known_to_the_month(term, users, provinces):
    event = services.cluster_event_create(
        actor=users["cluster_staff"],
        term=term,
        kind="achievement_report",
        title="Báo công dâng Bác tại Khu di tích Kim Liên",
        date=KnownDate.parse("5/2024"),
        venue="Khu di tích Kim Liên, Nghệ An",
        host=provinces[0],
        delegations=6,
    )
    assert event.conference is None and event.is_standalone and event.term == term
    assert (event.date, event.date_precision) == (datetime.date(2024, 5, 1), "month")


def test_a_standalone_event_refuses_a_host_outside_the_cluster_and_a_foreign_manager(
    term, users, other_province
):
    with pytest.raises(HostNotMember):
        services.cluster_event_create(
            actor=users["cluster_staff"],
            term=term,
            kind="charity",
            title="Tặng quà",
            date=datetime.date(2024, 2, 1),
            host=other_province,
        )
    with pytest.raises(AccessDenied):
        services.cluster_event_create(
            actor=users["officer"],
            term=term,
            kind="charity",
            title="Tặng quà",
            date=datetime.date(2024, 2, 1),
        )
    assert not SideEvent.objects.exists()


def test_a_result_names_a_member_unit(term, users, provinces, other_province):
    event = services.cluster_event_create(
        actor=users["board"],
        term=term,
        kind="sports",
        title="Giao lưu bóng đá",
        date=datetime.date(2024, 7, 15),
    )
    with pytest.raises(UnitNotMember):
        services.side_event_result_add(
            actor=users["board"], side_event=event, discipline="Bóng đá", unit=other_province
        )
    services.side_event_result_add(
        actor=users["board"], side_event=event, discipline="Bóng đá", unit=provinces[2], placing=1
    )
    assert SideEventResult.objects.get().unit == provinces[2]


# -- page -------------------------------------------------------------------------------------------------


def test_the_page_records_a_standalone_dang_huong_and_lists_it(client, users, term, provinces):
    client.force_login(users["cluster_staff"])
    assert client.get(reverse("conferences:event_create")).status_code == 200
    response = client.post(
        reverse("conferences:event_create"),
        {
            "term": term.pk,
            "kind": "commemoration",
            "title": "Dâng hương tri ân các anh hùng liệt sĩ",
            "date": "2024",
            "venue": "Nghĩa trang liệt sĩ tỉnh",
            "host": provinces[0].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = SideEvent.objects.get()
    assert event.is_standalone and event.date_precision == "year"
    detail = client.get(reverse("conferences:event_detail", args=[event.pk])).content.decode()
    assert "năm 2024" in detail and "01/01/2024" not in detail and "hoạt động riêng của cụm" in detail
    result = client.post(
        reverse("conferences:event_result_add", args=[event.pk]),
        {"discipline": "Đoàn đông nhất", "unit": provinces[1].pk, "placing": "1"},
    )
    assert result.status_code == 302 and event.results.count() == 1
    listing = client.get(reverse("conferences:index")).content.decode()
    assert "Dâng hương tri ân các anh hùng liệt sĩ" in listing


@pytest.mark.parametrize(
    "changes",
    [{"title": ""}, {"kind": "party"}, {"date": "32/12/2024"}, {"title": "x" * 300}, {"delegations": "-1"}],
)
def test_the_page_refuses_bad_events_and_stores_nothing(client, users, term, changes):
    client.force_login(users["cluster_staff"])
    data = {
        "term": term.pk,
        "kind": "charity",
        "title": "Tặng quà gia đình chính sách",
        "date": "2024",
        **changes,
    }
    response = client.post(reverse("conferences:event_create"), data)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not SideEvent.objects.exists()


def test_a_foreign_user_cannot_see_or_record_events(client, users, term):
    event = services.cluster_event_create(
        actor=users["board"], term=term, kind="sports", title="Giao lưu", date=datetime.date(2024, 7, 15)
    )
    client.force_login(users["foreign_officer"])
    assert client.get(reverse("conferences:event_detail", args=[event.pk])).status_code == 404
    assert client.get(reverse("conferences:event_create")).status_code == 404


# -- API --------------------------------------------------------------------------------------------------


def test_the_api_records_a_standalone_event_and_reads_it_back(client, users, term, provinces):
    client.force_login(users["cluster_staff"])
    created = client.post(
        f"{API}/cluster-events",
        {
            "term_id": term.pk,
            "kind": "achievement_report",
            "title": "Báo công tại Nhà tưởng niệm Chủ tịch Hồ Chí Minh",
            "date": "2024-05",
            "host_id": provinces[0].pk,
            "delegations": 6,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["is_standalone"] is True and body["conference_id"] is None and body["term_id"] == term.pk
    assert (body["date"], body["date_precision"]) == ("2024-05", "month")
    result = client.post(
        f"{API}/cluster-events/{body['id']}/results",
        {"discipline": "Báo công", "unit_id": provinces[0].pk, "prize": "Dẫn đầu"},
        content_type="application/json",
    )
    assert result.status_code == 201
    side = ConferenceFactory(term=term)
    services.side_event_add(
        actor=users["board"],
        conference=side,
        kind="sports",
        title="Bắn súng",
        date=datetime.date(2024, 7, 15),
    )
    everything = client.get(f"{API}/cluster-events", {"term_id": term.pk}).json()
    assert {e["title"] for e in everything} == {
        "Báo công tại Nhà tưởng niệm Chủ tịch Hồ Chí Minh",
        "Bắn súng",
    }
    alone = client.get(f"{API}/cluster-events", {"standalone": "true"}).json()
    assert [e["id"] for e in alone] == [body["id"]] and alone[0]["results"][0]["prize"] == "Dẫn đầu"


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "party"},
        {"date": "2024-13"},
        {"title": "a\x00b"},
        {"delegations": 99999},
        {"delegations": -1},
        {"term_id": 2**63},
    ],
)
def test_the_api_refuses_hostile_events_and_stores_nothing(client, users, term, changes):
    client.force_login(users["cluster_staff"])
    payload = {"term_id": term.pk, "kind": "charity", "title": "Tặng quà", "date": "2024", **changes}
    response = client.post(f"{API}/cluster-events", payload, content_type="application/json")
    assert response.status_code == 422, response.content
    assert not SideEvent.objects.exists()


def test_the_api_hides_another_units_event(client, users, term, provinces):
    event = services.cluster_event_create(
        actor=users["board"], term=term, kind="sports", title="Giao lưu", date=datetime.date(2024, 7, 15)
    )
    client.force_login(users["foreign_officer"])
    assert client.get(f"{API}/cluster-events/{event.pk}").status_code == 404
    refused = client.post(
        f"{API}/cluster-events/{event.pk}/results",
        {"discipline": "Bóng đá", "unit_id": provinces[0].pk},
        content_type="application/json",
    )
    assert refused.status_code == 404 and not SideEventResult.objects.exists()
    assert client.get(f"{API}/cluster-events").json() == []
