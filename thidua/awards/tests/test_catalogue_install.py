"""A fresh install is usable: `migrate` installs the award catalogue, `catalogue_sync` is idempotent,
and the catalogue holds what real CAND papers cite (issue 16.1, DOMAIN.md §10)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from thidua.awards import catalogue
from thidua.awards.apps import install_catalogue
from thidua.awards.models import AwardCategory, AwardType, CriterionRule, LegalBasis, RecipientKind
from thidua.awards.tests.factories import PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db


def test_migrate_installs_the_catalogue_without_any_seed_call():
    """The test database was built by `migrate` only: the catalogue is already there."""
    codes = set(AwardType.objects.values_list("code", flat=True))
    assert {"CSTT", "CSTDCS", "CO-BCA", "BK-UBND-TT", "CO-UBND", "HC-VANTQ"} <= codes
    assert LegalBasis.objects.filter(code="L2022").exists()
    assert CriterionRule.objects.exists()


def test_post_migrate_hook_refills_an_emptied_catalogue():
    AwardType.objects.filter(code__startswith="HCBVTQ").delete()
    install_catalogue(using="default")
    assert AwardType.objects.filter(code__startswith="HCBVTQ").count() == 6


def test_catalogue_sync_is_idempotent_and_keeps_the_boards_edits():
    edited = AwardType.objects.get(code="CO-UBND")
    edited.name = "Cờ thi đua của UBND tỉnh (đã sửa)"
    edited.save()
    out = io.StringIO()
    before = AwardType.objects.count(), CriterionRule.objects.count(), LegalBasis.objects.count()
    call_command("catalogue_sync", stdout=out)
    call_command("catalogue_sync", stdout=out)
    after = AwardType.objects.count(), CriterionRule.objects.count(), LegalBasis.objects.count()
    assert before == after
    assert "thêm 0 căn cứ pháp lý, 0 danh hiệu/hình thức, 0 tiêu chuẩn" in out.getvalue()
    assert AwardType.objects.get(code="CO-UBND").name == "Cờ thi đua của UBND tỉnh (đã sửa)"


def test_catalogue_sync_reports_what_it_added():
    AwardType.objects.filter(code__in=["HCCSVV1", "HCCSVV2"]).delete()
    out = io.StringIO()
    call_command("catalogue_sync", stdout=out)
    assert "2 danh hiệu/hình thức" in out.getvalue()


def test_every_class_of_the_orders_cited_by_cand_papers():
    names = set(AwardType.objects.values_list("name", flat=True))
    for order in ("Huân chương Chiến công", "Huân chương Bảo vệ Tổ quốc"):
        for label in ("hạng Nhất", "hạng Nhì", "hạng Ba"):
            for who in ("tập thể", "cá nhân"):
                assert f"{order} {label} ({who})" in names
    ranks = {t.code: t.rank for t in AwardType.objects.filter(code__startswith="HC")}
    assert ranks["HCCC1-CN"] > ranks["HCCC2-CN"] > ranks["HCCC3-CN"]
    assert ranks["HCBVTQ3-CN"] > ranks["HCCC1-CN"]  # Bảo vệ Tổ quốc ranks above Chiến công (L2022)
    assert set(AwardType.objects.filter(code__startswith="HCBVTQ").values_list("authority", flat=True)) == {
        "Chủ tịch nước"
    }


def test_long_service_medals_carry_their_years_and_what_is_unverified():
    vantq = AwardType.objects.get(code="HC-VANTQ")
    assert vantq.min_service_years == 25 and vantq.is_verified  # DOMAIN.md §10, verified
    assert vantq.recipient_kind == RecipientKind.INDIVIDUAL
    for code in ("HCCSVV1", "HCCSVV2", "HCCSVV3"):
        medal = AwardType.objects.get(code=code)
        assert medal.min_service_years and not medal.is_verified
        assert "chưa kiểm chứng" in medal.note
    years = [AwardType.objects.get(code=f"HCCSVV{n}").min_service_years for n in (1, 2, 3)]
    assert None not in years and years == sorted(years, reverse=True)  # type: ignore[type-var]  # None ruled out just before


def test_l2003_takes_effect_on_1_july_2004():
    assert LegalBasis.objects.get(code="L2003").effective_from == datetime.date(2004, 7, 1)


def test_people_can_record_their_service_start():
    person = PersonFactory(service_start=datetime.date(1998, 9, 1))
    person.refresh_from_db()
    assert person.service_start == datetime.date(1998, 9, 1)
    assert PersonFactory().service_start is None  # not known: stored as unknown, never invented


@pytest.fixture
def records(provinces):
    unit = provinces[1]
    flag = AwardType.objects.get(code="CO-BCA")
    praise = AwardType.objects.get(code="BIEUDUONG-GD-TT")
    # The same award, typed with two spellings of its authority on the papers.
    RecordFactory(award_type=flag, unit=unit, authority="Bộ trưởng Bộ Công an")
    RecordFactory(award_type=flag, unit=provinces[2], authority="Bộ trưởng BCA")
    # The Director of a province typed as authority of a Ministry flag: statistics trust the catalogue.
    RecordFactory(award_type=flag, unit=provinces[3], authority="Giám đốc Công an tỉnh")
    for praised in provinces[1:4]:
        RecordFactory(award_type=praise, unit=praised, decision_number="", decision_date=None)
    return unit


def test_statistics_one_row_per_award_with_the_catalogues_authority(client, users, records):
    client.force_login(users["board"])
    rows = client.get("/api/v1/awards/statistics?year=2024").json()
    flags = [row for row in rows if row["code"] == "CO-BCA"]
    assert flags == [
        {
            "code": "CO-BCA",
            "award": "Cờ thi đua của Bộ Công an",
            "category": "title",
            "authority": "Bộ trưởng Bộ Công an",
            "recipient_kind": "Tập thể",
            "count": 3,
        }
    ]


def test_praise_is_counted_apart_from_awards(client, users, records):
    client.force_login(users["board"])
    rows = client.get("/api/v1/awards/statistics?year=2024").json()
    praise = [row for row in rows if row["category"] == AwardCategory.PRAISE]
    assert [(row["code"], row["count"]) for row in praise] == [("BIEUDUONG-GD-TT", 3)]
    page = client.get(reverse("awards:statistics"), {"year": 2024})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tổng cộng 3 khen thưởng" in html  # the three flags, not the praise
    assert 'id="praise"' in html and "Biểu dương của Giám đốc Công an tỉnh (tập thể)" in html
    units = page.context["units"]
    assert sum(row["total"] for row in units) == 3


def test_seed_is_cheap_enough_to_run_after_every_migrate():
    """The hook runs after each `migrate` and test flush: a no-op sync stays a few dozen queries."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        catalogue.seed()
    assert len(queries) < 200
