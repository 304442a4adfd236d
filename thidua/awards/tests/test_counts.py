"""16.8: award counts without names — recorded by form × year × unit or cluster with their paper, counted
in the statistics like named records, never twice with the named records of the same paper."""

import pytest
from django.urls import reverse

from thidua.awards import statistics as stats
from thidua.awards.errors import AwardCountBelowNamed, AwardCountDuplicate
from thidua.awards.models import AwardCount, StatForm
from thidua.awards.services.counts import award_count_create, award_count_update
from thidua.core.errors import AccessDenied, ValidationFailed
from thidua.organisation.models import Role

from .factories import PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def historical(seeded, users, provinces):
    """“10 tập thể, 33 cá nhân được tặng Giấy khen” of Tiền Giang in 2019, read from a year-end report."""
    board = users["board"]
    source = "Báo cáo tổng kết công tác thi đua năm 2019 của Công an tỉnh Tiền Giang"
    award_count_create(
        actor=board, award_type=seeded["GK-GD-TT"], year=2019, count=10, unit=provinces[1], source=source
    )
    award_count_create(
        actor=board, award_type=seeded["GK-GD-CN"], year=2019, count=33, unit=provinces[1], source=source
    )
    return provinces[1]


def test_counts_without_names_are_counted_like_named_records(client, users, seeded, historical):
    RecordFactory(award_type=seeded["GK-GD-CN"], person=PersonFactory(unit=historical), year=2019)
    client.force_login(users["board"])
    rows = client.get("/api/v1/awards/statistics?year=2019").json()
    assert {(row["code"], row["count"]) for row in rows} == {("GK-GD-TT", 10), ("GK-GD-CN", 34)}
    page = client.get(reverse("awards:statistics"), {"year": 2019})
    html = page.content.decode()
    assert "Tổng cộng 44 khen thưởng" in html
    assert "10 tập thể Giấy khen của Giám đốc Công an tỉnh (tập thể)" in html
    units = page.context["units"]
    assert units == [{"unit": historical.name, "collective": 10, "individual": 34, "total": 44}]


def test_a_count_of_a_decision_with_named_records_adds_only_the_unnamed_remainder(
    client, users, seeded, provinces
):
    # QĐ 15/QĐ-CAT gives 33 Giấy khen to individuals; 3 of them are entered by name.
    unit = provinces[1]
    for _ in range(3):
        RecordFactory(
            award_type=seeded["GK-GD-CN"],
            person=PersonFactory(unit=unit),
            year=2019,
            decision_number="15/QĐ-CAT",
        )
    RecordFactory(  # another decision's named record: not part of the paper
        award_type=seeded["GK-GD-CN"], person=PersonFactory(unit=unit), year=2019, decision_number="99/QĐ-CAT"
    )
    count = award_count_create(
        actor=users["board"],
        award_type=seeded["GK-GD-CN"],
        year=2019,
        count=33,
        unit=unit,
        decision_number="15/QĐ-CAT",
    )
    (row,) = stats.counts_in_scope(actor=users["board"], year=2019)
    assert (row.pk, row.named, row.remainder) == (count.pk, 3, 30)
    client.force_login(users["board"])
    rows = client.get("/api/v1/awards/statistics?year=2019").json()
    assert [(row["code"], row["count"]) for row in rows] == [("GK-GD-CN", 34)]  # 33 of the paper + 1 other


def test_a_count_smaller_than_the_named_records_of_its_paper_is_refused(users, seeded, provinces):
    unit = provinces[1]
    for _ in range(3):
        RecordFactory(
            award_type=seeded["GK-GD-CN"],
            person=PersonFactory(unit=unit),
            year=2019,
            decision_number="15/QĐ-CAT",
        )
    with pytest.raises(AwardCountBelowNamed) as refused:
        award_count_create(
            actor=users["board"],
            award_type=seeded["GK-GD-CN"],
            year=2019,
            count=2,
            unit=unit,
            decision_number="15/QĐ-CAT",
        )
    assert refused.value.status == 422 and "(3)" in str(refused.value)
    assert not AwardCount.objects.exists()


def test_the_same_count_twice_is_refused_and_can_be_corrected(users, seeded, historical):
    with pytest.raises(AwardCountDuplicate):
        award_count_create(
            actor=users["board"],
            award_type=seeded["GK-GD-TT"],
            year=2019,
            count=4,
            unit=historical,
            source="x",
        )
    count = AwardCount.objects.get(award_type__code="GK-GD-TT")
    award_count_update(actor=users["board"], award_count=count, count=12)
    count.refresh_from_db()
    assert count.count == 12 and count.history.count() == 2


def test_a_historical_count_needs_its_source_paper(users, seeded, provinces):
    with pytest.raises(ValidationFailed) as refused:
        award_count_create(
            actor=users["board"], award_type=seeded["GK-GD-TT"], year=2015, count=3, unit=provinces[1]
        )
    assert refused.value.field == "source"
    assert not AwardCount.objects.exists()


def test_only_the_board_of_the_units_authority_records_counts(users, seeded, provinces, make_user):
    with pytest.raises(AccessDenied):
        award_count_create(
            actor=users["officer"],
            award_type=seeded["GK-GD-TT"],
            year=2019,
            count=3,
            unit=provinces[1],
            source="x",
        )
    province_board = make_user(Role.BOARD, provinces[2])
    with pytest.raises(AccessDenied):
        award_count_create(
            actor=province_board,
            award_type=seeded["GK-GD-TT"],
            year=2019,
            count=3,
            unit=provinces[1],
            source="x",
        )
    assert not AwardCount.objects.exists()


def test_a_cluster_count_is_in_the_clusters_statistics_under_its_name(client, users, seeded, term, provinces):
    # "Cụm thi đua số 11 có 6 tập thể được tặng Bằng khen của Bộ trưởng" — no unit named.
    award_count_create(
        actor=users["board"],
        award_type=seeded["BK-BCA-TT"],
        year=2024,
        count=6,
        cluster_term=term,
        decision_number="1234/QĐ-BCA",
        signer_name="Lương Tam Quang",
    )
    RecordFactory(award_type=seeded["BK-BCA-TT"], unit=provinces[2], year=2024, decision_number="1234/QĐ-BCA")
    client.force_login(users["board"])
    rows = client.get(f"/api/v1/awards/statistics?year=2024&cluster_term_id={term.pk}").json()
    assert [(row["code"], row["count"]) for row in rows] == [("BK-BCA-TT", 6)]  # 1 named + 5 remaining
    page = client.get(reverse("awards:statistics"), {"year": 2024, "cluster": term.pk})
    units = {row["unit"]: row["total"] for row in page.context["units"]}
    assert units == {provinces[2].name: 1, term.display_name: 5}


def test_statutory_form_counts_unnamed_individuals_in_their_own_column(client, users, seeded, provinces):
    award_count_create(
        actor=users["board"],
        award_type=seeded["CSTD-TQ"],
        year=2024,
        count=4,
        unit=provinces[1],
        source="Báo cáo",
    )
    RecordFactory(
        award_type=seeded["CSTD-TQ"],
        person=PersonFactory(unit=provinces[1]),
        position="Phó Trưởng phòng",
        year=2024,
    )
    client.force_login(users["board"])
    filled = client.get(reverse("awards:statutory"), {"year": 2024}).context["filled"]
    codes = [column["code"] for column in filled["columns"]]
    total = dict(zip(codes, filled["rows"][0]["values"], strict=True))
    assert total["total"] == 5 and total["individual:unknown"] == 4 and total["individual:leader_office"] == 1
    assert StatForm.objects.exists()


def test_counts_page_records_corrects_and_removes_a_count(client, users, seeded, provinces):
    client.force_login(users["board"])
    url = reverse("awards:counts")
    data = {
        "award_type": seeded["GK-GD-CN"].pk,
        "holder": f"u:{provinces[1].pk}",
        "year": 2018,
        "count": 33,
        "source": "Báo cáo tổng kết năm 2018",
        "decision_date": "2018",
        "track": "regular",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    count = AwardCount.objects.get()
    assert (count.count, count.unit_id, count.decision_number) == (33, provinces[1].pk, "")
    assert (
        count.decision_known.iso() == "2018" and count.decision_date_precision == "year"
    )  # never 01/01/2018
    page = client.get(url, {"year": 2018}).content.decode()
    assert (
        "Báo cáo tổng kết năm 2018" in page
        and 'id="count-create"' in page
        and '<span class="count-date">năm 2018</span>' in page
    )
    client.post(reverse("awards:count_edit", args=[count.pk]), {"count": "35"})
    count.refresh_from_db()
    assert count.count == 35
    client.post(reverse("awards:count_delete", args=[count.pk]))
    assert not AwardCount.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"count": "-5"}, "Số lượng phải từ 1 trở lên."),
        ({"count": "99999999999"}, "Số lượng quá lớn"),
        ({"source": "nguồn\x00"}, "NUL"),
        ({"source": ""}, "Cần ghi văn bản nguồn"),
        ({"year": "1800"}, "Năm phải từ 2000 đến 2100."),
        ({"holder": "u:abc"}, "Đơn vị / cụm không hợp lệ."),
    ],
)
def test_counts_page_refuses_hostile_input_in_vietnamese(client, users, seeded, provinces, change, message):
    client.force_login(users["board"])
    data = {
        "award_type": seeded["GK-GD-CN"].pk,
        "holder": f"u:{provinces[1].pk}",
        "year": 2018,
        "count": 3,
        "source": "Báo cáo",
        "track": "regular",
        **change,
    }
    response = client.post(reverse("awards:counts"), data)
    assert response.status_code == 422 and message in response.content.decode()
    assert not AwardCount.objects.exists()


def test_counts_page_refuses_another_provinces_unit(client, seeded, provinces, other_province, make_user):
    board = make_user(Role.BOARD, provinces[1])
    client.force_login(board)
    data = {"award_type": seeded["GK-GD-CN"].pk, "holder": f"u:{other_province.pk}", "year": 2018}
    response = client.post(reverse("awards:counts"), {**data, "count": 3, "source": "x", "track": "regular"})
    assert response.status_code == 404
    assert not AwardCount.objects.exists()


def test_counts_page_queries_flat(client, users, seeded, provinces, django_assert_max_num_queries):
    for index, province in enumerate(provinces):
        award_count_create(
            actor=users["board"],
            award_type=seeded["GK-GD-TT"],
            year=2019,
            count=index + 1,
            unit=province,
            source="x",
            decision_number=f"{index}/QĐ",
        )
    client.force_login(users["board"])
    with django_assert_max_num_queries(25):
        response = client.get(reverse("awards:counts"), {"year": 2019})
    assert response.content.decode().count('id="count-') == len(provinces) + 1  # rows + the form card
