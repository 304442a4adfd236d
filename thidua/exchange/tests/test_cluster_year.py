"""Issue 20: besides a batch, a board sends a cluster's year — term, members, conferences, the ballots'
totals (never a cast ballot), scores, reports — as a signed package; the receiving installation
creates or updates the cluster and the term idempotently, mapping units by code and keeping the
sender's ids as external references; tampered and replayed packages are refused.

Two installations share one database here (THIDUA_INSTALLATION_CODE switched), so a year the
receiver does not have yet is played by a package of another cluster number and year."""

import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from thidua.conferences.tests.factories import ConferenceFactory
from thidua.documents import signing
from thidua.documents.tests.test_signatures import PASSPHRASE
from thidua.exchange import cluster_year, services
from thidua.exchange import package as packages
from thidua.exchange.errors import PackageRefused, PackageReplayed, PackageUnknownUnits
from thidua.exchange.models import ClusterYearRecord, ExternalRef, Package, PackageStatus
from thidua.organisation.models import Cluster, ClusterTerm
from thidua.scoring.tests.factories import PeriodFactory, ReportFactory, SheetFactory
from thidua.voting.models import BallotStatus, OptionResult
from thidua.voting.tests.factories import BallotFactory, BallotOptionFactory

from .conftest import MINISTRY, PROVINCE

pytestmark = pytest.mark.django_db

BALLOT_TOTAL_KEYS = {
    "external_id",
    "title",
    "kind",
    "award_title",
    "round_number",
    "status",
    "member_count",
    "present_unit_count",
    "voters_entitled",
    "issued_count",
    "collected_count",
    "valid_count",
    "invalid_count",
    "quorum_met",
    "results",
}


@pytest.fixture
def year(term, provinces, ministry):
    """Cụm 11's 2024: the 6-month conference with a tallied vote, score sheets and reports."""
    conference = ConferenceFactory(term=term, title="Hội nghị sơ kết 6 tháng đầu năm 2024", host=provinces[1])
    ballot = BallotFactory(
        conference=conference,
        title="Suy tôn Cờ thi đua của Bộ Công an",
        status=BallotStatus.PUBLISHED,
        member_count=6,
        valid_count=6,
    )
    option = BallotOptionFactory(ballot=ballot, label="Công an tỉnh Sóc Trăng", unit=provinces[0])
    OptionResult.objects.create(
        ballot=ballot,
        option=option,
        counts={"yes": 5, "no": 1},
        support=5,
        base=6,
        passed=True,
        is_winner=True,
        rule_text="Đạt: 5/6 phiếu = 83,3 % > 50 %",
    )
    period = PeriodFactory(owner=ministry)
    for rank, unit in enumerate(provinces[:2], start=1):
        SheetFactory(
            term=term, period=period, unit=unit, total=Decimal("95.50") - rank, rank=rank, band="excellent"
        )
        ReportFactory(term=term, period=period, unit=unit, narrative_professional=f"Báo cáo của {unit.name}")
    return term


def _sign(keys, records, *, now=None) -> bytes:
    material = signing.load_pkcs12(keys["sender"].pkcs12.open("rb").read(), PASSPHRASE)
    return packages.build(
        kind=cluster_year.KIND,
        sender=PROVINCE,
        receiver=MINISTRY,
        records=records,
        files={},
        material=material,
        now=now or timezone.now(),
    )[0]


def _elsewhere(term, *, members=None) -> dict:
    """The year's records as another installation has them: its own ids, Cụm 12 of 2025 (a year this
    database has not got), the same units by code."""
    records = cluster_year.records(term)
    records["term"].update({"external_id": "9001", "year": 2025})
    records["term"]["cluster"].update({"external_id": "77", "number": 12, "name": "Cụm thi đua số 12"})
    if members is not None:
        records["term"]["member_codes"] = members
    return records


def _receive(users, data: bytes) -> Package:
    with override_settings(THIDUA_INSTALLATION_CODE=MINISTRY):
        return services.package_receive(actor=users["board"], data=data)


def test_the_package_carries_the_year_with_ballot_totals_never_a_cast_ballot(users, year, keys):
    with override_settings(THIDUA_INSTALLATION_CODE=PROVINCE):
        sent = services.package_send_cluster_year(
            actor=users["board"],
            term=year,
            partner=keys["ministry"],
            identity=keys["sender"],
            passphrase=PASSPHRASE,
        )
    assert sent.kind == "cluster_year" and sent.term == year
    with sent.archive.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        records = json.loads(archive.read("records.json"))
    term = records["term"]
    assert (
        term["year"] == 2024 and term["cluster"]["number"] == 11 and term["leader_code"] == year.leader.code
    )
    assert sorted(term["member_codes"]) == sorted(m.unit.code for m in year.memberships.all())
    [conference] = records["conferences"]
    [ballot] = conference["ballots"]
    assert set(ballot) == BALLOT_TOTAL_KEYS  # totals only: no marks, codes, receipts or cast ballots
    assert ballot["results"][0]["support"] == 5 and ballot["results"][0]["counts"] == {"yes": 5, "no": 1}
    assert [s["rank"] for s in records["scores"]] == [1, 2] and len(records["reports"]) == 2


def test_import_creates_the_cluster_and_term_by_unit_codes_and_keeps_the_senders_ids(
    users, year, keys, provinces
):
    received = _receive(users, _sign(keys, _elsewhere(year)))
    preview = services.package_preview(actor=users["board"], package=received)
    assert preview["missing"] == [] and preview["local_term"] is None and preview["ballot_count"] == 1

    local = services.package_import_cluster_year(actor=users["board"], package=received)
    assert (local.cluster.number, local.year, local.cluster.owner) == (12, 2025, year.cluster.owner)
    assert {m.unit for m in local.memberships.all()} == set(provinces)
    assert local.leader == year.leader and local.deputy == year.deputy
    assert (
        ExternalRef.objects.get(
            sender_code=PROVINCE, model="organisation.clusterterm", external_id="9001"
        ).local_id
        == local.pk
    )
    assert ExternalRef.objects.filter(
        sender_code=PROVINCE, model="organisation.cluster", external_id="77"
    ).exists()
    record = ClusterYearRecord.objects.get(term=local)
    assert record.conferences[0]["ballots"][0]["results"][0]["rule_text"].startswith("Đạt: 5/6")
    assert len(record.scores) == 2 and len(record.reports) == 2
    received.refresh_from_db()
    assert received.status == PackageStatus.IMPORTED and received.term == local
    # importing the same package again creates nothing
    assert services.package_import_cluster_year(actor=users["board"], package=received).pk == local.pk
    assert Cluster.objects.count() == 2 and ClusterTerm.objects.count() == 2


def test_a_newer_package_of_the_same_year_updates_and_an_older_one_changes_nothing(
    users, year, keys, provinces
):
    first = _receive(users, _sign(keys, _elsewhere(year)))
    local = services.package_import_cluster_year(actor=users["board"], package=first)
    fewer = [u.code for u in provinces[:4]]  # two members left the cluster
    newer = _receive(
        users,
        _sign(keys, _elsewhere(year, members=fewer), now=timezone.now() + datetime.timedelta(minutes=1)),
    )
    assert services.package_preview(actor=users["board"], package=newer)["local_term"] == local
    assert services.package_import_cluster_year(actor=users["board"], package=newer).pk == local.pk
    assert sorted(m.unit.code for m in local.memberships.all()) == sorted(fewer)
    older = _receive(users, _sign(keys, _elsewhere(year), now=timezone.now() - datetime.timedelta(hours=1)))
    services.package_import_cluster_year(actor=users["board"], package=older)
    assert sorted(m.unit.code for m in local.memberships.all()) == sorted(fewer)
    assert Cluster.objects.count() == 2 and ClusterTerm.objects.count() == 2
    assert ClusterYearRecord.objects.get().package == newer


def test_a_tampered_or_replayed_year_is_refused_and_creates_nothing(users, year, keys):
    data = _sign(keys, _elsewhere(year))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "records.json":
                content = content.replace(b'"support": 5', b'"support": 6')
            target.writestr(entry.filename, content)
    with pytest.raises(PackageRefused, match="records.json” đã bị thay đổi sau khi ký"):
        _receive(users, out.getvalue())
    _receive(users, data)
    with pytest.raises(PackageReplayed):
        _receive(users, data)
    assert Package.objects.filter(kind="cluster_year").count() == 1 and ClusterTerm.objects.count() == 1


def test_an_unknown_unit_code_stops_the_import_with_the_codes(users, year, keys, provinces):
    records = _elsewhere(year, members=[provinces[0].code, "CA-CHUA-CO"])
    received = _receive(users, _sign(keys, records))
    assert services.package_preview(actor=users["board"], package=received)["missing"] == ["CA-CHUA-CO"]
    with pytest.raises(PackageUnknownUnits, match="CA-CHUA-CO"):
        services.package_import_cluster_year(actor=users["board"], package=received)
    assert ClusterTerm.objects.count() == 1 and not ExternalRef.objects.exists()


def test_only_the_clusters_board_sends_its_year(users, year, keys):
    from thidua.core.errors import AccessDenied

    with pytest.raises(AccessDenied), override_settings(THIDUA_INSTALLATION_CODE=PROVINCE):
        services.package_send_cluster_year(
            actor=users["officer"],
            term=year,
            partner=keys["ministry"],
            identity=keys["sender"],
            passphrase=PASSPHRASE,
        )
    assert not Package.objects.exists()


# -- pages, API, commands --------------------------------------------------------------------------


def test_the_exchange_page_links_the_boards_cluster_years_to_send(
    client, users, year, django_assert_max_num_queries
):
    client.force_login(users["board"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("exchange:index"))
    assert reverse("exchange:send_term", args=[year.pk]) in page.text
    client.force_login(users["officer"])
    assert reverse("exchange:send_term", args=[year.pk]) not in client.get(reverse("exchange:index")).text


def test_send_page_then_receive_preview_and_import_pages(client, users, year, keys):
    client.force_login(users["board"])
    with override_settings(THIDUA_INSTALLATION_CODE=PROVINCE):
        page = client.get(reverse("exchange:send_term", args=[year.pk]))
        assert page.status_code == 200 and 'id="send-form"' in page.text
        sent = client.post(
            reverse("exchange:send_term", args=[year.pk]),
            {"partner": keys["ministry"].pk, "identity": keys["sender"].pk, "passphrase": PASSPHRASE},
        )
        assert sent.status_code == 302, sent.text[:2000]
    data = _sign(keys, _elsewhere(year))
    with override_settings(THIDUA_INSTALLATION_CODE=MINISTRY):
        received = client.post(reverse("exchange:receive"), {"file": SimpleUploadedFile("goi.zip", data)})
        assert received.status_code == 302
        inbox = Package.objects.get(direction="in")
        detail = client.get(reverse("exchange:detail", args=[inbox.pk]))
        assert "Gói năm của cụm" in detail.text and "Cụm thi đua số 12" in detail.text
        assert "Đạt: 5/6 phiếu" in detail.text and 'id="import-form"' in detail.text
        imported = client.post(reverse("exchange:import", args=[inbox.pk]))
        assert imported.status_code == 302
    assert ClusterTerm.objects.filter(year=2025, cluster__number=12).exists()


def test_api_sends_a_year_and_imports_it(client, users, year, keys):
    client.force_login(users["board"])
    with override_settings(THIDUA_INSTALLATION_CODE=PROVINCE):
        created = client.post(
            f"/api/v1/exchange/terms/{year.pk}/send",
            {"partner_id": keys["ministry"].pk, "identity_id": keys["sender"].pk, "passphrase": PASSPHRASE},
            content_type="application/json",
        )
    assert created.status_code == 201, created.text
    assert created.json()["kind"] == "cluster_year" and created.json()["term_id"] == year.pk
    client.logout()
    with override_settings(THIDUA_INSTALLATION_CODE=MINISTRY):
        pushed = client.post(
            "/api/v1/exchange/inbox", {"file": SimpleUploadedFile("goi.zip", _sign(keys, _elsewhere(year)))}
        )
        assert pushed.status_code == 201, pushed.text
        client.force_login(users["board"])
        imported = client.post(f"/api/v1/exchange/packages/{pushed.json()['id']}/import")
    assert imported.status_code == 200 and imported.json()["batch_id"] is None
    assert ClusterTerm.objects.get(pk=imported.json()["term_id"]).year == 2025


def test_commands_export_a_year_to_a_file(users, year, keys, tmp_path, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("THIDUA_KEY_PASSPHRASE", PASSPHRASE)
    target = tmp_path / "nam-cua-cum.zip"
    out = io.StringIO()
    with override_settings(THIDUA_INSTALLATION_CODE=PROVINCE):
        call_command(
            "exchange_export",
            term=year.pk,
            partner=MINISTRY,
            user=users["board"].username,
            output=str(target),
            stdout=out,
        )
    assert "Đã ghi gói" in out.getvalue()
    with zipfile.ZipFile(target) as archive:
        assert json.loads(archive.read("manifest.json"))["kind"] == "cluster_year"
