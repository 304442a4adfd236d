"""Pages: permission matrix per role × own/foreign unit, the flow through forms, flat query counts."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from thidua.emulation import services
from thidua.emulation.models import Covenant, Evidence, PeriodReport, SubmissionStatus, Target
from thidua.emulation.tests.factories import make_covenant, make_registration

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF"


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("board", 200),
        ("cluster_staff", 200),
        ("officer", 200),
        ("unit_leader", 200),
        ("viewer", 200),
        ("foreign_officer", 404),
        ("nobody", 404),
    ],
)
def test_term_and_covenant_pages_are_visible_to_the_cluster_only(client, users, term, covenant, role, status):
    for name in ("emulation:term", "emulation:covenant"):
        assert _get(client, users[role], reverse(name, args=[term.pk])).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("board", 200),
        ("cluster_staff", 200),
        ("officer", 200),
        ("unit_leader", 200),
        ("viewer", 200),
        ("foreign_officer", 404),
        ("nobody", 404),
    ],
)
def test_a_units_registration_is_visible_to_the_unit_and_the_term_managers(
    client, users, term, provinces, registration, role, status
):
    url = reverse("emulation:registration", args=[term.pk, provinces[1].pk])
    assert _get(client, users[role], url).status_code == status


def test_other_member_units_do_not_see_each_others_registrations(client, users, term, provinces, covenant):
    make_registration(term, provinces[2], covenant)
    url = reverse("emulation:registration", args=[term.pk, provinces[2].pk])
    assert _get(client, users["officer"], url).status_code == 404


def test_officer_adds_a_target_through_htmx_and_cannot_on_a_foreign_unit(
    client, users, term, provinces, covenant
):
    client.force_login(users["officer"])
    url = reverse("emulation:target_create", args=[term.pk, provinces[1].pk])
    data = {
        "indicator": "Số vụ án được khám phá",
        "unit_of_measure": "vụ",
        "direction": "higher",
        "measure": "cumulative",
        "target_value": "350",
    }
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Số vụ án được khám phá" in response.content.decode()
    assert Target.objects.filter(registration__unit=provinces[1]).count() == 1
    client.force_login(users["foreign_officer"])
    page = reverse("emulation:registration", args=[term.pk, provinces[1].pk])
    refused = client.post(url, data, follow=True, HTTP_REFERER=page)
    assert "không tìm thấy" in refused.content.decode().lower()
    assert Target.objects.count() == 1


def test_invalid_target_form_shows_errors_and_saves_nothing(client, users, term, provinces, covenant):
    client.force_login(users["officer"])
    url = reverse("emulation:target_create", args=[term.pk, provinces[1].pk])
    response = client.post(
        url,
        {
            "indicator": "",
            "unit_of_measure": "vụ",
            "direction": "higher",
            "measure": "cumulative",
            "target_value": "abc",
        },
    )
    assert response.status_code == 422 and not Target.objects.exists()


def test_unit_leader_cannot_submit_and_officer_cannot_approve_via_pages(
    client, users, term, provinces, covenant
):
    registration = make_registration(term, provinces[1], covenant, status=SubmissionStatus.DRAFT)
    client.force_login(users["unit_leader"])
    client.post(reverse("emulation:registration_action", args=[registration.pk, "submit"]))
    registration.refresh_from_db()
    assert registration.status == SubmissionStatus.DRAFT
    client.force_login(users["officer"])
    client.post(reverse("emulation:registration_action", args=[registration.pk, "submit"]))
    client.post(reverse("emulation:registration_action", args=[registration.pk, "approve"]))
    registration.refresh_from_db()
    assert registration.status == SubmissionStatus.SUBMITTED


def test_report_page_flow_with_evidence(client, users, term, provinces, registration, periods):
    client.force_login(users["officer"])
    targets = list(registration.targets.all())
    url = reverse("emulation:report_save", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    data = {f"value_{t.pk}": v for t, v in zip(targets, ("110", "81", "0"), strict=True)}
    data["narrative_professional"] = "Triệt phá nhiều băng nhóm"
    data["version"] = "1"  # the page's version of a report not created yet
    assert client.post(url, data).status_code == 302
    data["version"] = str(PeriodReport.objects.get().version)
    upload_url = reverse("emulation:evidence_upload", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    client.post(upload_url, {"file": SimpleUploadedFile("bien-ban.pdf", PDF), "description": "Biên bản"})
    evidence = Evidence.objects.get()
    download = client.get(reverse("emulation:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert "bien-ban.pdf" in download["Content-Disposition"]
    client.force_login(users["foreign_officer"])
    assert client.get(reverse("emulation:evidence_download", args=[evidence.pk])).status_code == 404
    client.force_login(users["officer"])
    client.post(url, {**data, "submit": "1"})
    report = PeriodReport.objects.get()
    assert report.status == SubmissionStatus.SUBMITTED
    page = client.get(
        reverse("emulation:report", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    ).content.decode()
    assert "bien-ban.pdf" in page and "Đã gửi" in page


def test_bad_evidence_upload_through_the_page_shows_the_reason(
    client, users, term, provinces, registration, periods
):
    client.force_login(users["officer"])
    upload_url = reverse("emulation:evidence_upload", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    page = reverse("emulation:report", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    response = client.post(
        upload_url, {"file": SimpleUploadedFile("virus.exe", b"MZ")}, follow=True, HTTP_REFERER=page
    )
    assert "không đúng định dạng" in response.content.decode()
    assert not Evidence.objects.exists()


def test_excel_template_download_and_bad_upload_message(client, users, term, provinces, covenant):
    client.force_login(users["officer"])
    response = client.get(reverse("emulation:registration_template", args=[term.pk, provinces[1].pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    workbook["Chỉ tiêu"]["G2"] = "nhiều"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = client.post(
        reverse("emulation:registration_upload", args=[term.pk, provinces[1].pk]),
        {"file": SimpleUploadedFile("dk.xlsx", buffer.getvalue())},
        follow=True,
        HTTP_REFERER=reverse("emulation:registration", args=[term.pk, provinces[1].pk]),
    )
    assert "dòng 2, cột G" in result.content.decode()
    assert not Target.objects.exists()


def test_covenant_is_drawn_up_and_signed_through_the_page(client, users, term):
    client.force_login(users["cluster_staff"])
    base = "emulation:covenant_action"
    client.post(reverse(base, args=[term.pk, "create"]), {"slogan": "Đoàn kết", "total_points": "100"})

    def version():  # the covenant page's hidden version (13.11)
        return str(Covenant.objects.get().version)

    client.post(
        reverse(base, args=[term.pk, "group"]), {"code": "I", "title": "Chuyên môn", "version": version()}
    )
    group = Covenant.objects.get().groups.get()
    client.post(
        reverse(base, args=[term.pk, "criterion"]),
        {
            "group": group.pk,
            "code": "1",
            "title": "Kiềm chế tội phạm",
            "max_points": "100",
            "method": "target",
            "version": version(),
        },
    )
    client.post(reverse(base, args=[term.pk, "sign"]), {"signed_on": "01/03/2024", "version": version()})
    assert Covenant.objects.get().is_signed
    client.force_login(users["officer"])
    client.post(reverse(base, args=[term.pk, "group"]), {"code": "II", "title": "Khác", "version": version()})
    assert Covenant.objects.get().groups.count() == 1


def test_progress_page_and_export(client, users, term, provinces, registration, periods):
    officer = users["officer"]
    report = services.report_open(actor=officer, term=term, unit=provinces[1], period=periods["q1"])
    services.report_save(
        actor=officer, report=report, values={t.pk: Decimal("100") for t in registration.targets.all()}
    )
    services.report_submit(actor=officer, report=report)
    services.report_approve(actor=users["unit_leader"], report=report)
    services.report_accept(actor=users["cluster_staff"], report=report)
    client.force_login(users["viewer"])
    page = client.get(reverse("emulation:progress", args=[term.pk]) + f"?period={periods['q1'].pk}")
    assert page.status_code == 200 and "chart-data" in page.content.decode()
    export = client.get(reverse("emulation:progress_export", args=[term.pk]) + f"?period={periods['q1'].pk}")
    workbook = load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == ["Đơn vị", "Chỉ tiêu"]
    drill = client.get(
        reverse("emulation:progress_unit", args=[term.pk, provinces[1].pk]) + f"?period={periods['q1'].pk}"
    )
    assert drill.status_code == 200 and "Số vụ cán bộ vi phạm kỷ luật" in drill.content.decode()


def test_progress_page_query_count_is_flat_in_units(
    client, users, term, provinces, covenant, periods, django_assert_max_num_queries
):
    for unit in provinces:
        make_registration(term, unit, covenant)
    client.force_login(users["board"])
    url = reverse("emulation:progress", args=[term.pk]) + f"?period={periods['q1'].pk}"
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(
        32
    ):  # the term page also lists its counted results, events and covenant documents (16.5–16.7)
        assert client.get(reverse("emulation:term", args=[term.pk])).status_code == 200


def test_initiative_search_is_diacritic_insensitive_and_scoped(
    client, users, term, provinces, other_province
):
    services.initiative_create(
        actor=users["admin"], unit=provinces[0], kind="model", name="Tổ công tác đặc biệt 123", year=2024
    )
    services.initiative_create(
        actor=users["admin"], unit=other_province, kind="model", name="Tổ công tác Hà Tĩnh", year=2024
    )
    client.force_login(users["officer"])
    page = client.get(
        reverse("emulation:initiatives"), {"q": "to cong tac dac biet 123"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Tổ công tác đặc biệt 123" in page and "Hà Tĩnh" not in page


def test_initiative_list_query_count_is_flat(client, users, provinces, django_assert_max_num_queries):
    for index in range(8):
        services.initiative_create(
            actor=users["admin"],
            unit=provinces[index % 6],
            kind="initiative",
            name=f"Sáng kiến {index}",
            year=2024,
            replicated_to=provinces[:2],
        )
    client.force_login(users["admin"])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("emulation:initiatives")).status_code == 200


def test_dashboard_panel_lists_work_waiting_for_the_cluster_staff(
    client, users, term, provinces, registration, periods
):
    officer = users["officer"]
    report = services.report_open(actor=officer, term=term, unit=provinces[1], period=periods["q1"])
    services.report_save(
        actor=officer, report=report, values={t.pk: Decimal("1") for t in registration.targets.all()}
    )
    services.report_submit(actor=officer, report=report)
    client.force_login(users["unit_leader"])
    assert "chờ lãnh đạo duyệt" in client.get("/").content.decode()
    services.report_approve(actor=users["unit_leader"], report=report)
    client.force_login(users["cluster_staff"])
    assert "chờ Cụm trưởng tiếp nhận" in client.get("/").content.decode()


def test_covenant_page_for_a_term_without_covenant_offers_creation_to_managers_only(
    client, users, term, make_user
):
    assert (
        "Lập dự thảo"
        in _get(
            client, users["cluster_staff"], reverse("emulation:covenant", args=[term.pk])
        ).content.decode()
    )
    assert (
        "Lập dự thảo"
        not in _get(client, users["officer"], reverse("emulation:covenant", args=[term.pk])).content.decode()
    )


def test_board_creates_standard_periods_and_staff_sets_the_clusters_deadline(client, users, term, ministry):
    from thidua.emulation.models import EmulationPeriod, PeriodDeadline

    client.force_login(users["officer"])
    client.post(reverse("emulation:periods_standard"), {"owner": ministry.pk, "year": "2024"})
    assert not EmulationPeriod.objects.exists()
    client.force_login(users["board"])
    client.post(reverse("emulation:periods_standard"), {"owner": ministry.pk, "year": "2024"})
    assert EmulationPeriod.objects.filter(owner=ministry, year=2024).count() == 6
    q1 = EmulationPeriod.objects.get(kind="quarter", number=1)
    client.force_login(users["cluster_staff"])
    client.post(reverse("emulation:deadline_set", args=[term.pk, q1.pk]), {"due_date": "05/04/2024"})
    assert PeriodDeadline.objects.get(term=term, period=q1).due_date.isoformat() == "2024-04-05"
    assert "05/04/2024" in client.get(reverse("emulation:term", args=[term.pk])).content.decode()


def test_report_audit_trail_shows_who_changed_what_before_and_after(
    client, users, term, provinces, registration, periods
):
    client.force_login(users["officer"])
    targets = list(registration.targets.order_by("order"))
    url = reverse("emulation:report_save", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    client.post(url, {f"value_{targets[0].pk}": "110", "version": "1"})
    client.post(url, {f"value_{targets[0].pk}": "125", "version": "2"})
    page = client.get(
        reverse("emulation:report", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    ).content.decode()
    assert f"Kết quả: {targets[0].indicator}" in page
    assert "110 → <strong>125</strong>" in page
    assert users["officer"].full_name in page


def test_draft_covenant_signatories_and_criteria_are_edited_on_the_page(client, users, term):
    covenant = make_covenant(term, signed=False)
    client.force_login(users["cluster_staff"])
    signatory = covenant.signatories.first()
    assert signatory is not None
    client.post(
        reverse("emulation:covenant_action", args=[term.pk, "signatory"]),
        {
            "signatory": signatory.pk,
            "signer_name": "Đại tá Nguyễn Văn A",
            "signer_position": "Giám đốc",
            "version": Covenant.objects.get(pk=covenant.pk).version,
        },
    )
    signatory.refresh_from_db()
    assert (signatory.signer_name, signatory.signer_position) == ("Đại tá Nguyễn Văn A", "Giám đốc")
    group = covenant.groups.first()
    assert group is not None
    criterion = group.criteria.first()
    assert criterion is not None
    client.post(
        reverse("emulation:covenant_action", args=[term.pk, "criterion-delete"]),
        {"criterion": criterion.pk, "version": Covenant.objects.get(pk=covenant.pk).version},
    )
    assert not type(criterion).objects.filter(pk=criterion.pk).exists()


@pytest.mark.parametrize("page", ["registration", "report"])
def test_registration_and_report_pages_are_flat_in_the_number_of_targets(
    client, users, term, provinces, covenant, periods, page
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.emulation.tests.factories import TargetFactory

    registration = make_registration(term, provinces[1], covenant)
    args = [term.pk, provinces[1].pk] + ([periods["q1"].pk] if page == "report" else [])
    report = services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=periods["q1"])
    client.force_login(users["officer"])
    url = reverse(f"emulation:{page}", args=args)
    client.get(url)

    def count() -> int:
        services.report_save(
            actor=users["officer"],
            report=report,
            values={t.pk: Decimal("1") for t in registration.targets.all()},
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for index in range(9):
        TargetFactory(registration=registration, order=10 + index, indicator=f"Chỉ tiêu thêm {index}")
    assert count() == few


def test_report_template_download_writes_nothing_and_round_trips(
    client, users, term, provinces, registration, periods
):
    client.force_login(users["officer"])
    args = [term.pk, provinces[1].pk, periods["q1"].pk]
    response = client.get(reverse("emulation:report_template", args=args))
    assert response.status_code == 200 and not PeriodReport.objects.exists()
    workbook = load_workbook(io.BytesIO(response.content))
    for row in range(2, 5):
        workbook["Kết quả"].cell(row=row, column=6, value=50)
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.post(
        reverse("emulation:report_upload", args=args),
        {"file": SimpleUploadedFile("bc.xlsx", buffer.getvalue())},
    )
    assert PeriodReport.objects.get().values.count() == 3


def _target_data(**changes):
    data = {
        "indicator": "Số vụ phạm pháp hình sự được điều tra, khám phá",
        "unit_of_measure": "vụ",
        "direction": "higher",
        "measure": "cumulative",
        "target_value": "450",
        "version": "1",  # a factory-made target is at version 1
    }
    return data | changes


def test_officer_edits_a_draft_target_in_place_through_htmx(client, users, term, provinces, covenant):
    draft = make_registration(term, provinces[1], covenant, status=SubmissionStatus.DRAFT)
    target = draft.targets.get(order=1)
    client.force_login(users["officer"])
    registration_page = client.get(reverse("emulation:registration", args=[term.pk, provinces[1].pk]))
    assert reverse("emulation:target_edit", args=[target.pk]) in registration_page.content.decode()
    form = client.get(reverse("emulation:target_edit", args=[target.pk]), HTTP_HX_REQUEST="true")
    assert form.status_code == 200
    assert 'id="target-form"' in form.content.decode() and 'value="400' in form.content.decode()
    response = client.post(
        reverse("emulation:target_edit", args=[target.pk]), _target_data(), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'id="targets"' in response.content.decode()
    target.refresh_from_db()
    assert target.target_value == Decimal("450")
    assert target.history.count() == 2  # the change is in the audit trail


def test_target_edit_errors_name_the_field_and_change_nothing(client, users, term, provinces, covenant):
    draft = make_registration(term, provinces[1], covenant, status=SubmissionStatus.DRAFT)
    target = draft.targets.get(order=1)
    client.force_login(users["officer"])
    response = client.post(
        reverse("emulation:target_edit", args=[target.pk]), _target_data(target_value="-5")
    )
    assert response.status_code == 422
    assert "Chỉ tiêu đăng ký" in response.content.decode()
    target.refresh_from_db()
    assert target.target_value == Decimal("400")


@pytest.mark.parametrize("role", ["viewer", "unit_leader", "foreign_officer", "board"])
def test_only_the_units_officer_edits_its_targets(client, users, term, provinces, covenant, role):
    draft = make_registration(term, provinces[1], covenant, status=SubmissionStatus.DRAFT)
    target = draft.targets.get(order=1)
    client.force_login(users[role])
    response = client.post(reverse("emulation:target_edit", args=[target.pk]), _target_data())
    target.refresh_from_db()
    assert response.status_code in (302, 403, 404)  # the board manages clusters, it does not edit units' data
    assert target.target_value == Decimal("400")


def test_a_submitted_registration_cannot_be_edited(client, users, term, provinces, covenant):
    submitted = make_registration(term, provinces[1], covenant, status=SubmissionStatus.SUBMITTED)
    target = submitted.targets.get(order=1)
    client.force_login(users["officer"])
    client.post(reverse("emulation:target_edit", args=[target.pk]), _target_data())
    target.refresh_from_db()
    assert target.target_value == Decimal("400")


def _movement_data(term, **changes):
    data = {
        "year": "2024",
        "owner": str(term.cluster.owner_id),
        "kind": "peak",
        "name": "Cao điểm tấn công trấn áp tội phạm dịp Tết",
        "slogan": "Ra quân đồng loạt",
        "start_date": "15/11/2024",
        "end_date": "28/02/2025",
        "reference": "Kế hoạch 123/KH-BCA",
        "terms": [str(term.pk)],
    }
    return data | changes


def test_the_board_launches_a_movement_from_the_page(client, users, term):
    from thidua.emulation.models import Movement

    client.force_login(users["board"])
    page = client.get(reverse("emulation:index") + "?year=2024")
    assert 'id="movement-create"' in page.content.decode()
    response = client.post(reverse("emulation:movement_create"), _movement_data(term))
    assert response.status_code == 302
    movement = Movement.objects.get()
    assert movement.kind == "peak" and list(movement.terms.all()) == [term]
    listed = client.get(response["Location"]).content.decode()
    assert "Cao điểm tấn công trấn áp tội phạm dịp Tết" in listed and "Đã phát động phong trào" in listed


def test_movement_form_errors_are_named_and_nothing_is_saved(client, users, term):
    from thidua.emulation.models import Movement

    client.force_login(users["board"])
    response = client.post(
        reverse("emulation:movement_create"), _movement_data(term, end_date="01/01/2024", name="")
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in body and "Tên phong trào" in body
    assert not Movement.objects.exists()


@pytest.mark.parametrize("role", ["officer", "cluster_staff", "viewer", "nobody"])
def test_only_a_board_launches_movements(client, users, term, role):
    from thidua.emulation.models import Movement

    client.force_login(users[role])
    assert 'id="movement-create"' not in client.get(reverse("emulation:index")).content.decode()
    response = client.post(reverse("emulation:movement_create"), _movement_data(term))
    assert response.status_code in (302, 403, 404)
    assert not Movement.objects.exists()
