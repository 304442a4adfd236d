"""16.5: a covenant recorded as signed without a point scale; its operating rules and scoring method as
attached papers with an adoption date; the 'cannot sign' messages say what is really missing."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.emulation import services
from thidua.emulation.errors import (
    CovenantEmpty,
    CovenantNothingToSign,
    CovenantNotScored,
    CovenantPointsMismatch,
    CovenantUnscored,
)
from thidua.emulation.models import Covenant, CovenantDocument, CovenantStatus

pytestmark = pytest.mark.django_db
API = "/api/v1/emulation"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _draft(term, actor, **kwargs):
    return services.covenant_create(actor=actor, term=term, **kwargs)


def _criteria(covenant, actor, count, points=Decimal(0)):
    group = services.group_add(actor=actor, covenant=covenant, code="I", title="Công tác chuyên môn")
    for index in range(count):
        services.criterion_add(
            actor=actor, group=group, code=f"1.{index + 1}", title=f"Chỉ tiêu {index + 1}", max_points=points
        )


# -- the messages say what is missing ------------------------------------------------------------------------


def test_a_scored_covenant_without_criteria_says_there_are_none(term, users):
    covenant = _draft(term, users["board"])
    with pytest.raises(CovenantEmpty) as caught:
        services.covenant_sign(actor=users["board"], covenant=covenant, signed_on=datetime.date(2024, 3, 1))
    assert "chưa có tiêu chí nào" in str(caught.value) and "không có thang điểm" in str(caught.value)


def test_eighteen_criteria_with_no_points_are_not_called_no_criteria(term, users):
    """The issue's case: 18 criteria with 0 points gave 'Giao ước chưa có tiêu chí nào'."""
    covenant = _draft(term, users["board"])
    _criteria(covenant, users["board"], 18)
    with pytest.raises(CovenantUnscored) as caught:
        services.covenant_sign(actor=users["board"], covenant=covenant, signed_on=datetime.date(2024, 3, 1))
    message = str(caught.value)
    assert "18 tiêu chí" in message and "điểm tối đa" in message and "chưa có tiêu chí nào" not in message
    assert caught.value.code == "covenant_unscored" and caught.value.status == 422
    assert Covenant.objects.get(pk=covenant.pk).status == CovenantStatus.DRAFT


def test_a_wrong_total_counts_the_criteria_without_points(term, users):
    covenant = _draft(term, users["board"])
    _criteria(covenant, users["board"], 3, Decimal(30))
    group = covenant.groups.get()
    services.criterion_add(
        actor=users["board"], group=group, code="1.9", title="Chưa có điểm", max_points=Decimal(0)
    )
    with pytest.raises(CovenantPointsMismatch) as caught:
        services.covenant_sign(actor=users["board"], covenant=covenant, signed_on=datetime.date(2024, 3, 1))
    assert "(90)" in str(caught.value) and "1 tiêu chí chưa có điểm" in str(caught.value)


# -- qualitative covenants -------------------------------------------------------------------------------


def test_a_qualitative_covenant_is_signed_with_slogan_groups_and_targets_without_points(term, users):
    covenant = _draft(term, users["board"], slogan="Kỷ cương, trách nhiệm, hiệu quả", scale="qualitative")
    _criteria(covenant, users["board"], 18)
    signed = services.covenant_sign(
        actor=users["board"], covenant=covenant, signed_on=datetime.date(2024, 3, 1)
    )
    assert signed.is_signed and signed.is_qualitative
    assert signed.groups.get().criteria.count() == 18


def test_a_qualitative_covenant_needs_something_that_was_signed(term, users):
    covenant = _draft(term, users["board"], scale="qualitative")
    with pytest.raises(CovenantNothingToSign):
        services.covenant_sign(actor=users["board"], covenant=covenant, signed_on=datetime.date(2024, 3, 1))
    assert not Covenant.objects.get(pk=covenant.pk).is_signed


def test_a_qualitative_covenant_is_not_scored(term, users, ministry):
    from thidua.emulation.tests.factories import make_periods
    from thidua.scoring.services import scores_compute

    covenant = _draft(term, users["board"], slogan="Đoàn kết", scale="qualitative")
    _criteria(covenant, users["board"], 2)
    services.covenant_sign(actor=users["board"], covenant=covenant, signed_on=datetime.date(2024, 3, 1))
    periods = make_periods(ministry, 2024)
    with pytest.raises(CovenantNotScored):
        scores_compute(actor=users["board"], term=term, period=periods["year"])


def test_an_unknown_scale_is_refused(term, users):
    from thidua.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        _draft(term, users["board"], scale="stars")
    assert not Covenant.objects.exists()


# -- attached papers --------------------------------------------------------------------------------------


def test_operating_rules_known_only_to_the_month_are_recorded_after_signing(term, users, covenant):
    from thidua.core.dates import KnownDate

    document = services.covenant_document_attach(
        actor=users["cluster_staff"],
        covenant=covenant,
        kind="operating_rules",
        title="Quy chế hoạt động Cụm thi đua số 11",
        adopted_on=KnownDate.parse("3/2024"),
    )
    assert (document.adopted_on, document.adopted_on_precision) == (datetime.date(2024, 3, 1), "month")
    assert not document.file and str(document.adopted_known) == "tháng 03/2024"


def test_only_the_term_managers_attach_papers(term, users, covenant):
    from thidua.core.errors import AccessDenied, NotFound

    for role in ("officer", "foreign_officer"):
        with pytest.raises((AccessDenied, NotFound)):
            services.covenant_document_attach(
                actor=users[role],
                covenant=covenant,
                kind="plan",
                title="Kế hoạch",
                adopted_on=datetime.date(2024, 3, 1),
            )
    assert not CovenantDocument.objects.exists()


# -- page ---------------------------------------------------------------------------------------------------


def test_the_page_records_a_qualitative_covenant_and_its_scoring_method(client, users, term):
    client.force_login(users["cluster_staff"])
    url = lambda action: reverse("emulation:covenant_action", args=[term.pk, action])  # noqa: E731
    assert (
        client.post(
            url("create"), {"slogan": "Vì nhân dân phục vụ", "total_points": "100", "scale": "qualitative"}
        ).status_code
        == 302
    )
    covenant = Covenant.objects.get()
    assert covenant.is_qualitative
    client.post(url("group"), {"code": "I", "title": "Chỉ tiêu chuyên môn", "version": covenant.version})
    covenant.refresh_from_db()
    group = covenant.groups.get()
    response = client.post(
        url("criterion"),
        {
            "group": group.pk,
            "code": "1.1",
            "title": "Tỷ lệ khám phá án trên 80 %",
            "method": "target",
            "version": covenant.version,
        },
    )
    assert response.status_code == 302 and group.criteria.get().max_points == 0
    covenant.refresh_from_db()
    assert (
        client.post(url("sign"), {"signed_on": "2024-03-01", "version": covenant.version}).status_code == 302
    )
    covenant.refresh_from_db()
    assert covenant.is_signed
    upload = SimpleUploadedFile("phuong-phap.pdf", PDF, content_type="application/pdf")
    response = client.post(
        url("document"),
        {
            "kind": "scoring_method",
            "title": "Phương pháp chấm điểm",
            "adopted_on": "năm 2024",
            "file": upload,
            "version": covenant.version,
        },
    )
    assert response.status_code == 302
    document = CovenantDocument.objects.get()
    assert document.adopted_on_precision == "year" and document.file
    page = client.get(reverse("emulation:covenant", args=[term.pk])).content.decode()
    assert "Không có thang điểm" in page and "Phương pháp chấm điểm" in page and "năm 2024" in page
    assert "01/01/2024" not in page
    download = client.get(reverse("emulation:covenant_document", args=[term.pk, document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(users["foreign_officer"])
    assert client.get(reverse("emulation:covenant_document", args=[term.pk, document.pk])).status_code == 404


@pytest.mark.parametrize("adopted_on", ["31/02/2024", "\x00", "=HYPERLINK()", "9" * 400, ""])
def test_the_page_refuses_a_bad_adoption_date_in_vietnamese(client, users, term, covenant, adopted_on):
    client.force_login(users["cluster_staff"])
    response = client.post(
        reverse("emulation:covenant_action", args=[term.pk, "document"]),
        {
            "kind": "operating_rules",
            "title": "Quy chế",
            "adopted_on": adopted_on,
            "version": covenant.version,
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Ngày" in body or "bắt buộc" in body
    assert not CovenantDocument.objects.exists()


# -- API ----------------------------------------------------------------------------------------------------


def test_the_api_records_a_qualitative_covenant_with_its_papers(client, users, term):
    client.force_login(users["cluster_staff"])
    created = client.post(
        f"{API}/terms/{term.pk}/covenant",
        {"slogan": "Kỷ cương, trách nhiệm", "scale": "qualitative"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["scale"] == "qualitative" and body["is_qualitative"] is True
    covenant_id = body["id"]
    group = client.post(
        f"{API}/covenants/{covenant_id}/groups",
        {"code": "I", "title": "Nội dung"},
        content_type="application/json",
    ).json()
    criterion = client.post(
        f"{API}/groups/{group['id']}/criteria",
        {"code": "1.1", "title": "Kiềm chế tội phạm"},
        content_type="application/json",
    )
    assert criterion.status_code == 201 and Decimal(criterion.json()["max_points"]) == 0
    signed = client.post(
        f"{API}/covenants/{covenant_id}/sign", {"signed_on": "2024-03-01"}, content_type="application/json"
    )
    assert signed.status_code == 200 and signed.json()["is_signed"] is True
    attached = client.post(
        f"{API}/covenants/{covenant_id}/documents",
        {
            "kind": "operating_rules",
            "title": "Quy chế hoạt động",
            "adopted_on": "2024-03",
            "number": "01/QC-CTĐ11",
        },
    )
    assert attached.status_code == 201, attached.content
    assert (attached.json()["adopted_on"], attached.json()["adopted_on_precision"]) == ("2024-03", "month")
    assert attached.json()["download_url"] == ""
    with_file = client.post(
        f"{API}/covenants/{covenant_id}/documents",
        {
            "kind": "scoring_method",
            "adopted_on": "2024",
            "file": SimpleUploadedFile("pp.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert with_file.status_code == 201 and with_file.json()["download_url"]
    assert client.get(with_file.json()["download_url"]).status_code == 200
    read = client.get(f"{API}/terms/{term.pk}/covenant").json()
    assert [d["kind"] for d in read["documents"]] == ["scoring_method", "operating_rules"]
    assert read["documents"][0]["adopted_on"] == "2024"


def test_the_api_names_what_is_missing_when_the_scale_has_no_points(client, users, term):
    covenant = _draft(term, users["board"])
    _criteria(covenant, users["board"], 18)
    client.force_login(users["cluster_staff"])
    response = client.post(
        f"{API}/covenants/{covenant.pk}/sign", {"signed_on": "2024-03-01"}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["code"] == "covenant_unscored"
    assert "18 tiêu chí" in response.json()["message"]
    switched = client.patch(
        f"{API}/covenants/{covenant.pk}",
        {"scale": "qualitative", "version": Covenant.objects.get(pk=covenant.pk).version},
        content_type="application/json",
    )
    assert switched.status_code == 200 and switched.json()["scale"] == "qualitative"
    again = client.post(
        f"{API}/covenants/{covenant.pk}/sign", {"signed_on": "2024-03-01"}, content_type="application/json"
    )
    assert again.status_code == 200 and again.json()["is_signed"] is True


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "operating_rules", "adopted_on": "2024-02-30", "title": "Quy chế"},
        {"kind": "operating_rules", "adopted_on": "1800", "title": "Quy chế"},
        {"kind": "operating_rules", "adopted_on": "2024", "title": "Quy\x00chế"},
        {"kind": "operating_rules", "adopted_on": "2024", "title": "x" * 300},
        {"kind": "nonsense", "adopted_on": "2024", "title": "Quy chế"},
        {"kind": "operating_rules", "adopted_on": "2024", "title": ""},
    ],
)
def test_the_api_refuses_hostile_papers_and_stores_nothing(client, users, term, covenant, fields):
    client.force_login(users["cluster_staff"])
    response = client.post(f"{API}/covenants/{covenant.pk}/documents", fields)
    assert response.status_code == 422, response.content
    assert response.json()["message"]
    assert not CovenantDocument.objects.exists()


def test_another_units_covenant_is_not_found_through_the_api(client, users, term, covenant):
    client.force_login(users["foreign_officer"])
    response = client.post(
        f"{API}/covenants/{covenant.pk}/documents",
        {"kind": "plan", "adopted_on": "2024", "title": "Kế hoạch"},
    )
    assert response.status_code == 404 and not CovenantDocument.objects.exists()
