import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.awards import selectors, services
from thidua.awards.models import ProposalStatus

from .factories import BatchFactory, CandidateFactory, DecisionFactory, PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db


def _published(seeded, unit, days_from=-1, days_until=5):
    today = timezone.localdate()
    decision = DecisionFactory(
        issuer=unit,
        publish_from=today + datetime.timedelta(days=days_from),
        publish_until=today + datetime.timedelta(days=days_until),
    )
    record = RecordFactory(
        award_type=seeded["BK-BCA-TT"], unit=unit, decision=decision, decision_number=decision.number
    )
    return decision, record


def test_public_decision_and_award_pages_open_without_login(client, seeded, provinces):
    decision, record = _published(seeded, provinces[0])
    response = client.get(reverse("awards:public_decision", kwargs={"public_id": decision.public_id}))
    assert response.status_code == 200 and decision.number in response.content.decode()
    response = client.get(reverse("awards:public_award", kwargs={"public_id": record.public_id}))
    assert response.status_code == 200 and record.recipient_name in response.content.decode()


@pytest.mark.parametrize(("start", "end"), [(1, 5), (-10, -1)])
def test_public_pages_only_within_the_publish_window(client, seeded, provinces, start, end):
    decision, record = _published(seeded, provinces[0], start, end)
    assert (
        client.get(reverse("awards:public_decision", kwargs={"public_id": decision.public_id})).status_code
        == 404
    )
    assert (
        client.get(reverse("awards:public_award", kwargs={"public_id": record.public_id})).status_code == 404
    )


def test_public_candidate_list_respects_window(client, seeded, provinces):
    batch = BatchFactory(unit=provinces[1])
    CandidateFactory(batch=batch, award_type=seeded["BK-BCA-TT"])
    url = reverse("awards:public_batch", kwargs={"public_id": batch.public_id})
    assert client.get(url).status_code == 404
    today = timezone.localdate()
    batch.publish_from, batch.publish_until = today, today
    batch.save()
    assert client.get(url).status_code == 200
    assert batch.title in client.get(reverse("awards:public_index")).content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("board", 200),
        ("officer", 200),
        ("unit_leader", 200),
        ("viewer", 200),
        ("foreign_officer", 404),
        ("nobody", 404),
    ],
)
def test_batch_page_permission_matrix(client, seeded, users, provinces, role, status):
    batch = BatchFactory(unit=provinces[1], reviewer=provinces[1].parent)
    client.force_login(users[role])
    assert client.get(reverse("awards:batch_detail", args=[batch.pk])).status_code == status


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("officer", True), ("unit_leader", False), ("viewer", False), ("foreign_officer", False)],
)
def test_only_own_officer_sends_draft_to_leader(client, seeded, users, provinces, role, allowed):
    batch = BatchFactory(unit=provinces[1], reviewer=provinces[1].parent)
    CandidateFactory(batch=batch, award_type=seeded["BK-BCA-TT"])
    client.force_login(users[role])
    client.post(
        reverse("awards:batch_transition", args=[batch.pk]), {"target": ProposalStatus.PENDING_LEADER}
    )
    batch.refresh_from_db()
    assert (batch.status == ProposalStatus.PENDING_LEADER) is allowed


def test_batch_page_shows_explanations_with_clauses(client, seeded, users, provinces):
    person = PersonFactory(unit=provinces[1])
    batch = BatchFactory(unit=provinces[1], reviewer=provinces[1].parent)
    CandidateFactory(batch=batch, award_type=seeded["CSTD-CAND"], person=person)
    client.force_login(users["board"])
    body = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    assert "cần 3 năm liên tục đạt CSTĐCS — 2022 ✗, 2023 ✗, 2024 ✗ (Điều 21 Luật TĐKT 2022)" in body


def test_batch_page_queries_flat_in_candidates(
    client, seeded, users, provinces, django_assert_max_num_queries
):
    batch = BatchFactory(unit=provinces[1], reviewer=provinces[1].parent)
    for _ in range(12):
        CandidateFactory(batch=batch, award_type=seeded["CSTDCS"], person=PersonFactory(unit=provinces[1]))
    client.force_login(users["board"])
    with django_assert_max_num_queries(40):
        assert client.get(reverse("awards:batch_detail", args=[batch.pk])).status_code == 200


def test_index_and_statistics_queries_flat(client, seeded, users, provinces, django_assert_max_num_queries):
    for i in range(10):
        BatchFactory(unit=provinces[1], reviewer=provinces[1].parent)
        RecordFactory(award_type=seeded["GK-GD-CN"], person=PersonFactory(unit=provinces[i % 6]))
    client.force_login(users["board"])
    with django_assert_max_num_queries(15):
        assert client.get(reverse("awards:index")).status_code == 200
    with django_assert_max_num_queries(15):
        response = client.get(reverse("awards:statistics"), {"year": 2024})
    assert "10 cá nhân Giấy khen của Giám đốc Công an tỉnh (cá nhân)" in response.content.decode()


def test_statistics_excel_and_statutory_form(client, seeded, users, provinces):
    RecordFactory(award_type=seeded["BK-TTG-TT"], unit=provinces[1], year=2024)
    RecordFactory(
        award_type=seeded["CSTD-TQ"],
        person=PersonFactory(unit=provinces[1], position="Phó Trưởng phòng"),
        year=2024,
    )
    client.force_login(users["board"])
    assert client.get(reverse("awards:statistics"), {"format": "xlsx"})["Content-Type"].startswith(
        "application/vnd.openxml"
    )
    response = client.get(reverse("awards:statutory"), {"year": 2024})
    body = response.content.decode()
    assert "0602.N/BNV-TĐKT" in body and "Đơn vị nhận báo cáo" in body
    filled = response.context["filled"]
    rows = {row["code"]: row["values"] for row in filled["rows"]}
    assert rows["01"][0] == 2 and rows["07"][0] == 1 and rows["08"][0] == 1
    assert client.get(reverse("awards:statutory"), {"year": 2024, "format": "docx"}).status_code == 200


def test_context_builders_for_documents(seeded, provinces):
    decision, record = _published(seeded, provinces[0])
    context = selectors.decision_context(decision)
    assert (
        context["number"] == decision.number and context["recipients"][0]["title"] == record.award_type.name
    )
    assert context["public_url"].endswith(f"/khen-thuong/cong-khai/quyet-dinh/{decision.public_id}/")
    certificate = selectors.certificate_context(record)
    assert certificate["public_url"].endswith(f"/cong-khai/khen-thuong/{record.public_id}/")
    batch = BatchFactory(unit=provinces[1])
    CandidateFactory(batch=batch, award_type=seeded["BK-BCA-TT"])
    proposal = selectors.proposal_list_context(batch)
    assert proposal["recipients"][0]["checks"] and proposal["year"] == 2024


def test_import_page_progress_and_error_report(
    client, seeded, users, ministry, django_capture_on_commit_callbacks
):
    from .test_import import row, xlsx

    client.force_login(users["board"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("ds.xlsx", xlsx([row(1, unit="KHONG-CO")]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:import_upload"), {"scope": ministry.pk, "file": upload})
    assert response.status_code == 302
    status = client.get(response["Location"], headers={"HX-Request": "true"})
    assert "không ghi dòng nào" in status.content.decode()
    from thidua.awards.models import ImportJob

    job = ImportJob.objects.get()
    assert client.get(reverse("awards:import_errors", args=[job.pk])).status_code == 200


def test_api_eligibility_explains_and_is_scoped(client, seeded, users, provinces):
    batch = BatchFactory(unit=provinces[1], reviewer=provinces[1].parent)
    CandidateFactory(batch=batch, award_type=seeded["DVTT"])
    client.force_login(users["officer"])
    data = client.get(f"/api/v1/awards/proposals/{batch.pk}/eligibility").json()
    assert data[0]["eligible"] is False and any(c["rule"] == "unit_share" for c in data[0]["checks"])
    client.force_login(users["foreign_officer"])
    assert client.get(f"/api/v1/awards/proposals/{batch.pk}/eligibility").status_code == 404
    assert client.get("/api/v1/awards/catalogue").status_code == 200


def test_due_list_shows_late_batches(seeded, users, provinces):
    batch = BatchFactory(
        unit=provinces[1],
        reviewer=provinces[1].parent,
        status=ProposalStatus.IN_REVIEW,
        due_on=datetime.date(2024, 1, 5),
    )
    rows = selectors.due_list(actor=users["board"], today=datetime.date(2024, 1, 9))
    assert rows[0]["batch"] == batch and rows[0]["is_late"] and rows[0]["working_days_left"] == -2
    assert services.batches_due(batches=[], today=datetime.date(2024, 1, 9)) == []


def test_batch_page_flow_through_forms(client, seeded, users, provinces):
    """Officer adds a candidate; leader approves; board takes it to council, records the vote, registers the decision."""
    person = PersonFactory(unit=provinces[1])
    batch = BatchFactory(unit=provinces[1], reviewer=provinces[1].parent)
    client.force_login(users["officer"])
    url = reverse("awards:batch_action", args=[batch.pk, "candidate"])
    client.post(
        url,
        {
            "award_type": seeded["BK-BCA-CN"].pk,
            "unit": provinces[1].pk,
            "person": person.pk,
            "achievement": "Cứu hộ lũ",
        },
    )
    candidate = batch.candidates.get()
    client.post(reverse("awards:batch_transition", args=[batch.pk]), {"target": "pending_leader"})
    client.force_login(users["unit_leader"])
    client.post(reverse("awards:batch_transition", args=[batch.pk]), {"target": "sent"})
    client.force_login(users["board"])
    client.post(reverse("awards:batch_transition", args=[batch.pk]), {"target": "in_review"})
    client.post(reverse("awards:batch_transition", args=[batch.pk]), {"target": "council"})
    body = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    assert 'id="vote-form"' in body
    client.post(
        reverse("awards:batch_action", args=[batch.pk, "vote"]),
        {
            "council_members": 9,
            "council_present": 9,
            "voted_on": "2024-12-05",
            f"votes_{candidate.pk}": 9,
            "version": batch.version,
        },
    )
    client.post(reverse("awards:batch_transition", args=[batch.pk]), {"target": "submitted"})
    response = client.post(
        reverse("awards:batch_action", args=[batch.pk, "decision"]),
        {
            "number": "77/QĐ-BCA",
            "signed_on": "2025-01-08",
            "signer_name": "Nguyễn Văn B",
            "signer_title": "Thứ trưởng",
            "authority": "Bộ trưởng Bộ Công an",
            "summary": "Tặng Bằng khen",
        },
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ProposalStatus.DECIDED
    assert person.award_records.get().decision_number == "77/QĐ-BCA"


def test_foreign_officer_cannot_add_candidates(client, seeded, users, provinces):
    batch = BatchFactory(unit=provinces[1], reviewer=provinces[1].parent)
    client.force_login(users["foreign_officer"])
    response = client.post(
        reverse("awards:batch_action", args=[batch.pk, "candidate"]),
        {"award_type": seeded["BK-BCA-TT"].pk, "unit": provinces[1].pk, "achievement": "x"},
    )
    assert response.status_code == 302 and not batch.candidates.exists()  # NotFound → flash + redirect


def test_api_write_flow_and_explain(client, seeded, users, provinces):
    client.force_login(users["officer"])
    created = client.post(
        "/api/v1/awards/proposals",
        {"title": "Đề nghị", "year": 2024, "unit_id": provinces[1].pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    batch_id = created.json()["id"]
    added = client.post(
        f"/api/v1/awards/proposals/{batch_id}/candidates",
        {"award_code": "DVTT", "unit_id": provinces[1].pk, "achievement": "Hoàn thành xuất sắc"},
        content_type="application/json",
    )
    assert added.status_code == 201
    moved = client.post(
        f"/api/v1/awards/proposals/{batch_id}/transition",
        {"target": "council"},
        content_type="application/json",
    )
    assert moved.status_code == 409 and moved.json()["code"] == "invalid_transition"
    explained = client.post(
        "/api/v1/awards/eligibility/check",
        {"award_code": "CO-CP", "unit_id": provinces[1].pk, "year": 2024},
        content_type="application/json",
    ).json()
    assert {c["rule"]: c["passed"] for c in explained}["flag_standard"] is False
    client.force_login(users["foreign_officer"])
    assert (
        client.post(
            f"/api/v1/awards/proposals/{batch_id}/transition",
            {"target": "pending_leader"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_history_page_queries_flat_and_scoped(
    client, seeded, users, provinces, other_province, django_assert_max_num_queries
):
    for i in range(8):
        RecordFactory(award_type=seeded["CSTT"], person=PersonFactory(unit=provinces[1]), year=2020 + i % 4)
    RecordFactory(
        award_type=seeded["CSTT"], person=PersonFactory(unit=other_province, full_name="Người Ngoài Phạm Vi")
    )
    client.force_login(users["officer"])
    with django_assert_max_num_queries(10):
        body = client.get(reverse("awards:history")).content.decode()
    assert body.count("Chiến sĩ tiên tiến</td>") == 8 and "Người Ngoài Phạm Vi" not in body


def test_api_revoke_is_board_only_r13(client, seeded, users, provinces):
    record = RecordFactory(award_type=seeded["BK-BCA-TT"], unit=provinces[1])
    client.force_login(users["officer"])
    assert (
        client.post(
            f"/api/v1/awards/records/{record.pk}/revoke", {"reason": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(users["board"])
    response = client.post(
        f"/api/v1/awards/records/{record.pk}/revoke",
        {"reason": "Khai man thành tích"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["revoked"] is True
    assert [r["revoked"] for r in client.get("/api/v1/awards/records").json()] == [True]


def test_statistics_by_period_like_seed_001_q1_2021(client, seeded, users, provinces):
    """Seed 001: counts of commendations decided in Q1/2021, by form × authority × collective/individual."""
    RecordFactory(
        award_type=seeded["BK-TTG-TT"], unit=provinces[1], year=2021, decision_date=datetime.date(2021, 3, 25)
    )
    for _ in range(3):
        RecordFactory(
            award_type=seeded["GK-GD-CN"],
            person=PersonFactory(unit=provinces[1]),
            year=2021,
            decision_date=datetime.date(2021, 2, 1),
        )
    RecordFactory(
        award_type=seeded["GK-GD-CN"],
        person=PersonFactory(unit=provinces[1]),
        year=2021,
        decision_date=datetime.date(2021, 6, 1),
    )
    client.force_login(users["board"])
    response = client.get(reverse("awards:statistics"), {"from": "2021-01-01", "to": "2021-03-31"})
    counts = {(row["code"], row["recipient_kind"]): row["count"] for row in response.context["counts"]}
    assert counts == {("BK-TTG-TT", "Tập thể"): 1, ("GK-GD-CN", "Cá nhân"): 3}


def test_movement_form_0701_counts_movements_by_kind_and_launching_level(
    client, seeded, users, ministry, provinces
):
    """DOMAIN.md §9: form 0701.N/BNV-TĐKT (TT 03/2018/TT-BNV) counts emulation movements launched in the year."""
    import datetime

    from thidua.awards.models import StatForm
    from thidua.emulation.models import Movement, MovementKind

    def movement(owner, kind, start):
        return Movement.objects.create(
            owner=owner, kind=kind, name=f"Phong trào {kind} {start}", start_date=start, end_date=start
        )

    movement(ministry, MovementKind.REGULAR, datetime.date(2024, 1, 5))
    movement(ministry, MovementKind.PEAK, datetime.date(2024, 6, 1))
    movement(provinces[1], MovementKind.SPECIAL, datetime.date(2024, 3, 1))
    movement(provinces[1], MovementKind.PROJECT, datetime.date(2023, 3, 1))  # another year: not counted
    form = StatForm.objects.get(code="0701.N/BNV-TĐKT")
    client.force_login(users["board"])
    response = client.get(reverse("awards:statutory"), {"year": 2024, "form": form.pk})
    filled = response.context["filled"]
    columns = [c["code"] for c in filled["columns"]]
    rows = {row["code"]: dict(zip(columns, row["values"], strict=True)) for row in filled["rows"]}
    assert rows["01"] == {"total": 3, "ministry": 2, "province": 1, "base": 0}
    assert rows["02"]["total"] == 1 and rows["03"]["total"] == 2
    assert "Số phong trào thi đua" in response.content.decode()
    xlsx = client.get(reverse("awards:statutory"), {"year": 2024, "form": form.pk, "format": "xlsx"})
    assert xlsx.status_code == 200


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_board_attaches_the_signed_decision_and_the_public_page_serves_it(client, seeded, users, provinces):
    decision, _record = _published(seeded, provinces[0])
    client.force_login(users["board"])
    page = client.get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()
    assert 'id="attach-form"' in page
    url = reverse("awards:decision_attach", args=[decision.pk])
    client.post(url, {"file": _upload("QD-ky.pdf", PDF), "title": "Quyết định đã ký", "is_public": "on"})
    client.post(url, {"file": _upload("phu-luc.pdf", PDF), "title": "Phụ lục nội bộ"})
    public_file, internal_file = decision.attachments.order_by("pk")
    assert public_file.is_public and not internal_file.is_public and public_file.size == len(PDF)
    assert public_file.uploaded_by == users["board"] and public_file.file.name.endswith(".pdf")
    assert "QD-ky" not in public_file.file.name  # stored under a random name
    download = client.get(reverse("awards:decision_attachment", args=[decision.pk, public_file.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"

    client.logout()
    public = client.get(reverse("awards:public_decision", kwargs={"public_id": decision.public_id}))
    assert "Quyết định đã ký" in public.content.decode() and "Phụ lục nội bộ" not in public.content.decode()
    ok = client.get(reverse("awards:public_decision_file", args=[decision.public_id, public_file.pk]))
    hidden = client.get(reverse("awards:public_decision_file", args=[decision.public_id, internal_file.pk]))
    assert ok.status_code == 200 and hidden.status_code == 404


def test_a_disguised_attachment_is_refused_with_its_name(client, seeded, users, provinces):
    decision, _record = _published(seeded, provinces[0])
    client.force_login(users["board"])
    response = client.post(
        reverse("awards:decision_attach", args=[decision.pk]),
        {"file": _upload("quyet-dinh.pdf", b"MZ\x90\x00")},
    )
    assert response.status_code == 422
    assert "quyet-dinh.pdf" in response.content.decode()
    assert not decision.attachments.exists()


@pytest.mark.parametrize("role", ["officer", "cluster_staff", "viewer", "foreign_officer"])
def test_only_the_issuing_board_attaches_or_removes_files(client, seeded, users, provinces, role):
    decision, _record = _published(seeded, provinces[0])
    attachment = services.decision_attach(
        actor=users["board"], decision=decision, uploaded=_upload("qd.pdf", PDF), title="QĐ"
    )
    client.force_login(users[role])
    response = client.post(
        reverse("awards:decision_attach", args=[decision.pk]), {"file": _upload("x.pdf", PDF)}
    )
    assert response.status_code in (302, 403, 404)
    client.post(reverse("awards:decision_attachment_remove", args=[decision.pk, attachment.pk]))
    assert list(decision.attachments.all()) == [attachment]


def test_board_removes_an_attachment(client, seeded, users, provinces):
    decision, _record = _published(seeded, provinces[0])
    attachment = services.decision_attach(
        actor=users["board"], decision=decision, uploaded=_upload("qd.pdf", PDF), title="QĐ"
    )
    client.force_login(users["board"])
    response = client.post(reverse("awards:decision_attachment_remove", args=[decision.pk, attachment.pk]))
    assert response.status_code == 302 and not decision.attachments.exists()


def test_api_attaches_and_lists_decision_files(client, seeded, users, provinces):
    decision, _record = _published(seeded, provinces[0])
    url = f"/api/v1/awards/decisions/{decision.pk}/attachments"
    client.force_login(users["officer"])
    assert client.post(url, {"file": _upload("qd.pdf", PDF)}).status_code in (403, 404)
    client.force_login(users["board"])
    created = client.post(url, {"file": _upload("qd.pdf", PDF), "title": "QĐ đã ký", "is_public": "true"})
    assert created.status_code == 201, created.content
    assert created.json()["is_public"] is True and created.json()["size"] == len(PDF)
    refused = client.post(url, {"file": _upload("qd.docx", PDF)})
    assert refused.status_code == 422 and "qd.docx" in refused.json()["message"]
    assert [a["title"] for a in client.get(url).json()] == ["QĐ đã ký"]
