"""16.2: the board adds and edits catalogue entries through a page and the API (legal basis, validity
years, conferring authority, UNVERIFIED flag); an entry decisions already use keeps its meaning — the
change opens a new version from a given year, the old entry stays for the years before."""

from typing import Any

import pytest
from django.urls import reverse

from thidua.awards.errors import AwardTypeCodeTaken, AwardTypeUsedInYears
from thidua.awards.models import AwardRecord, AwardType, CriterionRule, LegalBasis
from thidua.awards.services.catalogue import award_type_create, award_type_update
from thidua.core.errors import AccessDenied, ValidationFailed
from thidua.core.versioning import StaleWrite
from thidua.organisation.models import Role

from .factories import PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db

NEW_ENTRY: dict[str, Any] = {
    "code": "BK-UBND-TEST",
    "name": "Bằng khen của Chủ tịch UBND tỉnh (thử)",
    "category": "form",
    "recipient_kind": "individual",
    "authority": "Chủ tịch UBND tỉnh",
    "level": "province",
    "legal_basis": "L2022",
    "valid_from_year": 2024,
}


@pytest.fixture
def province_board(make_user, provinces):
    return make_user(Role.BOARD, provinces[1])


def test_board_adds_an_entry_through_the_api_unverified_unless_it_says_so(client, users, seeded):
    client.force_login(users["board"])
    response = client.post("/api/v1/awards/catalogue", NEW_ENTRY, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["code"], body["legal_basis"], body["is_verified"], body["valid_from_year"]) == (
        "BK-UBND-TEST",
        "L2022",
        False,
        2024,
    )
    stored = AwardType.objects.get(code="BK-UBND-TEST")
    assert (
        stored.legal_basis is not None
        and stored.legal_basis.code == "L2022"
        and stored.authority == "Chủ tịch UBND tỉnh"
    )
    assert not stored.is_verified
    listed = client.get("/api/v1/awards/catalogue?year=2024").json()
    assert "BK-UBND-TEST" in {row["code"] for row in listed}


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"code": "GK-GD-CN"}, 409, None),  # a code already in the catalogue
        ({"legal_basis": "ND999/2099"}, 422, "legal_basis"),
        ({"category": "medal"}, 422, None),
        ({"name": "A\x00B"}, 422, None),
        ({"name": "x" * 256}, 422, None),
        ({"valid_from_year": 2024, "valid_to_year": 2020}, 422, "valid_to_year"),
        ({"legal_basis": "L2003", "valid_from_year": 2025}, 422, "legal_basis"),  # L2003 ended 2023
    ],
)
def test_hostile_or_inconsistent_entries_are_refused_in_vietnamese(
    client, users, seeded, change, status, field
):
    client.force_login(users["board"])
    response = client.post("/api/v1/awards/catalogue", NEW_ENTRY | change, content_type="application/json")
    assert response.status_code == status, response.content
    body = response.json()
    text = body.get("message") or " ".join(e["message"] for e in body.get("errors", []))
    assert any(ch in text for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ"), text
    if field:
        assert body["field"] == field
    assert not AwardType.objects.filter(name__startswith="Bằng khen của Chủ tịch UBND tỉnh (thử)").exists()


@pytest.mark.parametrize("role", ["officer", "unit_leader", "viewer", "cluster_staff", "nobody"])
def test_only_the_top_board_and_the_admin_edit_the_catalogue(client, users, seeded, role):
    client.force_login(users[role])
    assert (
        client.post("/api/v1/awards/catalogue", NEW_ENTRY, content_type="application/json").status_code == 403
    )
    award = seeded["GK-GD-CN"]
    patch = client.patch(
        f"/api/v1/awards/catalogue/{award.pk}", {"note": "x"}, content_type="application/json"
    )
    assert patch.status_code == 403
    assert client.get(reverse("awards:award_type_create")).status_code == 403
    award.refresh_from_db()
    assert award.note == "" and not AwardType.objects.filter(code="BK-UBND-TEST").exists()


def test_a_provincial_board_does_not_edit_the_installations_catalogue(province_board, seeded):
    with pytest.raises(AccessDenied):
        award_type_create(actor=province_board, **(NEW_ENTRY | {"legal_basis": None}))
    with pytest.raises(AccessDenied):
        award_type_update(actor=province_board, award_type=seeded["GK-GD-CN"], note="x")


def test_an_unused_entry_is_edited_in_place_and_its_history_kept(client, users, seeded):
    client.force_login(users["admin"])
    created = client.post("/api/v1/awards/catalogue", NEW_ENTRY, content_type="application/json").json()
    response = client.patch(
        f"/api/v1/awards/catalogue/{created['id']}",
        {"version": created["version"], "authority": "Chủ tịch Ủy ban nhân dân tỉnh", "is_verified": True},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["id"] == created["id"] and response.json()["is_verified"] is True
    stored = AwardType.objects.get(pk=created["id"])
    assert stored.authority == "Chủ tịch Ủy ban nhân dân tỉnh"
    assert stored.history.count() == 2
    stale = client.patch(
        f"/api/v1/awards/catalogue/{created['id']}",
        {"version": created["version"], "note": "sửa từ bản cũ"},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_write"


@pytest.fixture
def used(seeded, provinces):
    """Giấy khen of the Director (individual) given in 2019 and 2023 under the catalogue entry."""
    award = seeded["GK-GD-CN"]
    for year in (2019, 2023):
        RecordFactory(award_type=award, person=PersonFactory(unit=provinces[1]), year=year)
    return award


def test_changing_the_meaning_of_a_used_entry_needs_the_year_it_applies_from(client, users, used):
    client.force_login(users["board"])
    response = client.patch(
        f"/api/v1/awards/catalogue/{used.pk}",
        {"authority": "Giám đốc Công an tỉnh, thành phố"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "award_type_in_use"
    assert "2 bản ghi khen thưởng" in response.json()["message"]
    used.refresh_from_db()
    assert used.authority != "Giám đốc Công an tỉnh, thành phố"


def test_a_used_entry_changed_from_a_year_becomes_a_new_version_and_the_past_keeps_the_old(
    client, users, used
):
    rules_before = CriterionRule.objects.filter(award_type=used).count()
    old_authority = used.authority
    client.force_login(users["board"])
    response = client.patch(
        f"/api/v1/awards/catalogue/{used.pk}",
        {"authority": "Giám đốc Công an tỉnh, thành phố", "legal_basis": "L2022", "effective_year": 2025},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["code"], body["replaces"], body["valid_from_year"], body["legal_basis"]) == (
        "GK-GD-CN-2025",
        "GK-GD-CN",
        2025,
        "L2022",
    )
    used.refresh_from_db()
    assert used.authority == old_authority and used.valid_to_year == 2024
    assert set(AwardRecord.objects.values_list("award_type__code", flat=True)) == {"GK-GD-CN"}
    successor = AwardType.objects.get(code="GK-GD-CN-2025")
    assert CriterionRule.objects.filter(award_type=successor).count() == rules_before
    catalogue_2025 = {row["code"] for row in client.get("/api/v1/awards/catalogue?year=2025").json()}
    assert "GK-GD-CN-2025" in catalogue_2025 and "GK-GD-CN" not in catalogue_2025


def test_a_new_version_cannot_start_in_a_year_the_old_one_is_already_used(users, used):
    with pytest.raises(AwardTypeUsedInYears) as refused:
        award_type_update(actor=users["board"], award_type=used, name="Giấy khen (mới)", effective_year=2023)
    assert refused.value.status == 409 and "2023" in str(refused.value)
    assert not AwardType.objects.filter(code="GK-GD-CN-2023").exists()


def test_validity_years_that_would_exclude_a_use_are_refused(users, used):
    with pytest.raises(AwardTypeUsedInYears):
        award_type_update(actor=users["board"], award_type=used, valid_to_year=2020)
    used.refresh_from_db()
    assert used.valid_to_year is None


def test_notes_and_the_unverified_flag_of_a_used_entry_are_corrected_in_place(users, used):
    saved = award_type_update(
        actor=users["board"], award_type=used, note="Đã đối chiếu TT12", is_verified=False
    )
    assert saved.pk == used.pk
    used.refresh_from_db()
    assert (used.note, used.is_verified) == ("Đã đối chiếu TT12", False)


def test_a_new_version_whose_code_is_taken_is_refused(users, used, seeded):
    with pytest.raises(AwardTypeCodeTaken):
        award_type_update(
            actor=users["board"],
            award_type=used,
            name="Giấy khen (mới)",
            effective_year=2025,
            new_code="GK-GD-TT",
        )
    used.refresh_from_db()
    assert used.valid_to_year is None


def test_a_streak_across_versions_is_the_same_title(users, seeded, provinces):
    """Eligibility history: a CSTĐCS under the old entry and one under its new version are one streak."""
    from thidua.awards.eligibility.facts import _lineage_codes

    award = seeded["CSTDCS"]
    successor = award_type_update(
        actor=users["board"], award_type=award, authority="Giám đốc Công an tỉnh", effective_year=2030
    )
    assert _lineage_codes()[successor.pk] == "CSTDCS"


def test_stale_page_form_is_refused(users, seeded):
    award = seeded["GK-GD-CN"]
    award_type_update(actor=users["board"], award_type=award, note="một")
    with pytest.raises(StaleWrite):
        award_type_update(actor=users["board"], award_type=award, version=1, note="hai")


def test_board_adds_and_versions_an_entry_through_the_pages(client, users, used):
    client.force_login(users["board"])
    page = client.get(reverse("awards:catalogue"))
    assert reverse("awards:award_type_create") in page.content.decode()
    form = {
        "code": "CO-UBND-THU",
        "name": "Cờ thi đua của UBND tỉnh (thử)",
        "category": "title",
        "recipient_kind": "collective",
        "authority": "Chủ tịch UBND tỉnh",
        "level": "province",
        "legal_basis": LegalBasis.objects.get(code="L2022").pk,
        "valid_from_year": "2024",
    }
    response = client.post(reverse("awards:award_type_create"), form)
    assert response.status_code == 302
    created = AwardType.objects.get(code="CO-UBND-THU")
    assert created.legal_basis is not None and created.legal_basis.code == "L2022"
    assert not created.is_verified
    bad = client.post(
        reverse("awards:award_type_create"), form | {"code": "CO-UBND-THU-2", "valid_to_year": "2000"}
    )
    assert bad.status_code == 422 and "Năm phải từ" not in bad.content.decode()
    assert "Năm kết thúc áp dụng" in bad.content.decode()

    edit_url = reverse("awards:award_type_edit", args=[used.pk])
    assert "2 bản ghi khen thưởng" in client.get(edit_url).content.decode()
    fields = {
        "name": used.name,
        "category": used.category,
        "recipient_kind": used.recipient_kind,
        "authority": "Giám đốc Công an tỉnh, thành phố",
        "level": used.level,
        "rank": used.rank,
        "is_verified": "on",
        "version": used.version,
    }
    refused = client.post(edit_url, fields)
    assert refused.status_code == 422 and "năm áp dụng thay đổi" in refused.content.decode()
    response = client.post(edit_url, fields | {"effective_year": "2025"}, follow=True)
    assert "Đã tạo phiên bản mới “GK-GD-CN-2025”" in response.content.decode()
    used.refresh_from_db()
    assert used.valid_to_year == 2024
    assert AwardType.objects.get(code="GK-GD-CN-2025").authority == "Giám đốc Công an tỉnh, thành phố"


def test_service_refuses_an_empty_name(users, seeded):
    with pytest.raises(ValidationFailed) as refused:
        award_type_create(actor=users["admin"], **(NEW_ENTRY | {"name": "  ", "legal_basis": None}))
    assert refused.value.field == "name"
