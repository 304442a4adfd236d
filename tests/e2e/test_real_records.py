"""Issue 16, end to end through the API only: a year of a ministry cluster entered from made-up but
realistic papers, then read back.

Part A (records16a): dates known only to the month or the year (16.3), a covenant signed without a
point scale with its operating rules (16.5), a báo công standing on its own and a conference kind
real clusters hold (16.6), results of the cluster as a whole and of members, with "gần" kept (16.7).
records16b extends this module with their points (catalogue, counts without names, people, votes).

The papers (made up): "Năm 2019, Cụm thi đua số 11 ký kết giao ước thi đua với khẩu hiệu … Tháng 3/2019
Cụm thông qua Quy chế hoạt động. Tháng 5/2019 các đơn vị báo công dâng Bác tại Khu di tích Kim Liên.
Hội nghị tổng kết năm 2019 (không rõ ngày). Cả cụm vượt 15,63 % so với chỉ tiêu Bộ giao về kiềm chế
tội phạm, tỷ lệ khám phá gần 95 %; Công an Đồng Tháp ủng hộ 1,25 tỷ đồng, Trà Vinh xây 12 căn nhà."
"""

from decimal import Decimal

import pytest

from thidua.organisation.models import ClusterLevel
from thidua.organisation.tests.factories import ClusterFactory, ClusterTermFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def year_2019(ministry, provinces):
    """The cluster of six provinces in 2019 (organisation facts come from the org part of the issue)."""
    cluster = ClusterFactory(owner=ministry, level=ClusterLevel.MINISTRY, number=11, name="Cụm thi đua số 11")
    term = ClusterTermFactory(cluster=cluster, year=2019, members=provinces)
    term.leader, term.deputy = provinces[0], provinces[1]
    term.save()
    return term


def _post(client, path, payload, **extra):
    response = client.post(f"{API}{path}", payload, content_type="application/json", **extra)
    assert response.status_code in (200, 201), (path, response.status_code, response.content[:500])
    return response.json()


def test_a_year_of_a_ministry_cluster_from_its_papers_through_the_api(client, users, year_2019, provinces):
    term = year_2019
    client.force_login(users["board"])

    # 16.5: the covenant as the papers give it — slogan, content groups and targets, no point scale
    covenant = _post(
        client,
        f"/emulation/terms/{term.pk}/covenant",
        {"slogan": "Kỷ cương, trách nhiệm, hành động, hiệu quả", "scale": "qualitative"},
    )
    group = _post(
        client, f"/emulation/covenants/{covenant['id']}/groups", {"code": "I", "title": "Công tác chuyên môn"}
    )
    for code, title in [
        ("1.1", "Kéo giảm tội phạm về trật tự xã hội"),
        ("1.2", "Tỷ lệ điều tra khám phá án trên 80 %"),
    ]:
        _post(client, f"/emulation/groups/{group['id']}/criteria", {"code": code, "title": title})
    _post(client, f"/emulation/covenants/{covenant['id']}/sign", {"signed_on": "2019-03-01"})
    rules = client.post(
        f"{API}/emulation/covenants/{covenant['id']}/documents",
        {"kind": "operating_rules", "title": "Quy chế hoạt động Cụm thi đua số 11", "adopted_on": "3/2019"},
    )
    assert rules.status_code == 201, rules.content

    # 16.3 + 16.6: a year-end conference known only to the year; a báo công standing on its own
    conference = _post(
        client,
        "/conferences",
        {
            "term_id": term.pk,
            "kind": "year_end",
            "title": "Hội nghị tổng kết phong trào thi đua năm 2019",
            "date": "2019",
        },
    )
    _post(
        client,
        "/cluster-events",
        {
            "term_id": term.pk,
            "kind": "achievement_report",
            "title": "Báo công dâng Bác tại Khu di tích Kim Liên",
            "date": "2019-05",
            "venue": "Khu di tích Kim Liên, Nghệ An",
            "host_id": provinces[0].pk,
            "delegations": 6,
        },
    )
    _post(
        client,
        "/conferences",
        {
            "term_id": term.pk,
            "kind": "nine_months",
            "title": "Hội nghị kiểm tra 9 tháng năm 2019",
            "date": "10/2019",
        },
    )

    # 16.7: the cluster as a whole and two members, "gần" kept
    results = f"/emulation/terms/{term.pk}/results"
    _post(
        client,
        results,
        {
            "measure": "versus_target",
            "label": "Kiềm chế tội phạm",
            "value": "15.63",
            "target_authority": "Bộ giao",
        },
    )
    _post(
        client,
        results,
        {"measure": "rate", "label": "Tỷ lệ khám phá án", "value": "95", "qualifier": "approximate"},
    )
    _post(
        client,
        results,
        {
            "unit_id": provinces[4].pk,
            "measure": "money",
            "label": "Ủng hộ Quỹ vì người nghèo",
            "value": "1250000000",
        },
    )
    _post(
        client,
        results,
        {"unit_id": provinces[5].pk, "measure": "houses", "label": "Xây nhà cho người nghèo", "value": "12"},
    )

    # -- read everything back ------------------------------------------------------------------------
    read = client.get(f"{API}/emulation/terms/{term.pk}/covenant").json()
    assert read["is_signed"] and read["scale"] == "qualitative"
    assert [c["title"] for c in read["groups"][0]["criteria"]][1] == "Tỷ lệ điều tra khám phá án trên 80 %"
    assert [(d["kind"], d["adopted_on"], d["adopted_on_precision"]) for d in read["documents"]] == [
        ("operating_rules", "2019-03", "month")
    ]

    conferences = client.get(f"{API}/conferences", {"term_id": term.pk}).json()
    assert [(c["kind"], c["date"], c["date_precision"]) for c in conferences] == [
        ("nine_months", "2019-10", "month"),
        ("year_end", "2019", "year"),
    ]
    detail = client.get(f"{API}/conferences/{conference['id']}").json()
    assert detail["date"] == "2019" and "01-01" not in detail["date"]

    events = client.get(f"{API}/cluster-events", {"term_id": term.pk, "standalone": "true"}).json()
    assert [(e["kind"], e["date"], e["is_standalone"], e["delegations"]) for e in events] == [
        ("achievement_report", "2019-05", True, 6)
    ]

    figures = client.get(f"{API}{results}").json()
    assert [(r["is_cluster_level"], r["figure"]) for r in figures] == [
        (True, "gần 95 %"),
        (True, "vượt 15,63 % so với chỉ tiêu Bộ giao"),
        (False, "1.250.000.000 đồng"),
        (False, "12 căn"),
    ]
    assert [Decimal(r["value"]) for r in figures][0] == Decimal("95")
    assert figures[0]["qualifier"] == "approximate"

    # period matching on the known part: the year-end conference known as "2019" is not a Q4 conference
    from thidua.emulation.tests.factories import make_periods

    periods = make_periods(term.cluster.owner, 2019)
    in_year = client.get(f"{API}/conferences", {"period_id": periods["year"].pk}).json()
    in_q4 = client.get(f"{API}/conferences", {"period_id": periods["q4"].pk}).json()
    assert {c["kind"] for c in in_year} == {"year_end", "nine_months"}
    assert {c["kind"] for c in in_q4} == {"nine_months"}
