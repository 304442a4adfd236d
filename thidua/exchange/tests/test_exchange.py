"""Issue 20: a province sends a signed proposal package to the Ministry's installation, which verifies,
previews and imports it (all or nothing, once), and answers back; tampered, wrongly signed, replayed,
expired, misaddressed and future-schema packages are refused with a clear message.

Two installations are played in one database by switching THIDUA_INSTALLATION_CODE: the province
(CA-SOC-TRANG) and the Ministry (BCA), each with its own key and the other registered as partner."""

import datetime
import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from thidua.awards.models import ProposalBatch
from thidua.documents import services as documents_services
from thidua.documents import signing
from thidua.documents.tests.test_signatures import PASSPHRASE, make_pkcs12
from thidua.exchange import package as packages
from thidua.exchange import services
from thidua.exchange.errors import PackageRefused, PackageReplayed, PackageSchemaTooNew, PackageUnknownUnits
from thidua.exchange.models import Direction, ExternalRef, Package, PackageStatus, Partner

from .conftest import MINISTRY, PROVINCE

pytestmark = pytest.mark.django_db


def _send(users, batch, keys) -> Package:
    with override_settings(THIDUA_INSTALLATION_CODE=PROVINCE):
        return services.package_send(
            actor=users["board"],
            batch=batch,
            partner=keys["ministry"],
            identity=keys["sender"],
            passphrase=PASSPHRASE,
        )


def _bytes(package: Package) -> bytes:
    with package.archive.open("rb") as handle:
        return handle.read()


def _receive(users, data: bytes, code: str = MINISTRY) -> Package:
    with override_settings(THIDUA_INSTALLATION_CODE=code):
        return services.package_receive(actor=users["board"], data=data)


def _rezip(data: bytes, change) -> bytes:
    """The same package with one entry's bytes changed by `change(name, content)`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(entry.filename, change(entry.filename, source.read(entry.filename)))
    return out.getvalue()


def test_round_trip_province_to_ministry_import_once_and_answer_back(users, batch, keys):
    sent = _send(users, batch, keys)
    assert (
        sent.manifest["schema"] == packages.SCHEMA and sent.manifest["receiver"]["installation"] == MINISTRY
    )
    received = _receive(users, _bytes(sent))
    assert received.status == PackageStatus.RECEIVED
    preview = services.package_preview(actor=users["board"], package=received)
    assert preview["missing"] == [] and len(preview["candidates"]) == 1

    imported = services.package_import(actor=users["board"], package=received)
    assert imported.pk != batch.pk and imported.title == batch.title
    assert [c.achievement for c in imported.candidates.all()] == ["Dẫn đầu Cụm 11 năm 2025"]
    assert ExternalRef.objects.filter(
        sender_code=PROVINCE, model="awards.proposalbatch", external_id=str(batch.pk)
    ).exists()
    # importing again creates nothing; receiving the same package again is refused as a replay
    assert services.package_import(actor=users["board"], package=received).pk == imported.pk
    assert ProposalBatch.objects.count() == 2
    with pytest.raises(PackageReplayed):
        _receive(users, _bytes(sent))

    with override_settings(THIDUA_INSTALLATION_CODE=MINISTRY):
        answer = services.answer_send(
            actor=users["admin"],
            package=received,
            answer="returned",
            reason="Bổ sung báo cáo thành tích",
            identity=keys["receiver"],
            passphrase=PASSPHRASE,
        )
    _receive(users, _bytes(answer), code=PROVINCE)
    sent.refresh_from_db()
    assert sent.status == PackageStatus.ANSWERED
    assert sent.answer["answer"] == "returned" and sent.answer["reason"] == "Bổ sung báo cáo thành tích"


@pytest.mark.parametrize(
    ("entry", "message"),
    [("records.json", "đã bị thay đổi sau khi ký"), ("manifest.json", "chữ ký số trên bản kê không hợp lệ")],
)
def test_a_flipped_byte_in_any_file_is_refused(users, batch, keys, entry, message):
    data = _bytes(_send(users, batch, keys))

    def flip(name, content):
        if name != entry:
            return content
        if name == "manifest.json":  # still valid JSON, but not the bytes that were signed
            return content.replace(b'"size": ', b'"size":  ', 1)
        changed = bytearray(content)
        changed[len(changed) // 2] ^= 0x01
        return bytes(changed)

    with pytest.raises(PackageRefused, match=message):
        _receive(users, _rezip(data, flip))
    assert not Package.objects.filter(direction=Direction.IN).exists()


def test_a_package_signed_with_another_certificate_is_refused(users, batch, keys, ministry):
    forged_file, _cert = make_pkcs12(name="Kẻ Giả Mạo")
    forger = documents_services.signing_identity_create(
        actor=users["admin"],
        unit=ministry,
        user=users["board"],
        pkcs12_data=forged_file,
        passphrase=PASSPHRASE,
    )
    with override_settings(THIDUA_INSTALLATION_CODE=PROVINCE):
        forged = services.package_send(
            actor=users["board"],
            batch=batch,
            partner=keys["ministry"],
            identity=forger,
            passphrase=PASSPHRASE,
        )
    with pytest.raises(PackageRefused, match="không được ký bằng chứng thư đã đăng ký"):
        _receive(users, _bytes(forged))


def test_unknown_sender_misaddressed_expired_and_future_packages_are_refused(users, batch, keys):
    material = signing.load_pkcs12(make_pkcs12()[0], PASSPHRASE)
    now = timezone.now()

    def build(**changes):
        args: dict[str, Any] = {
            "kind": "proposal_batch",
            "sender": PROVINCE,
            "receiver": MINISTRY,
            "records": {},
            "files": {},
            "now": now,
        }
        args.update(changes)
        return packages.build(material=material, **args)[0]

    with pytest.raises(PackageRefused, match="chưa được đăng ký là đối tác"):
        _receive(users, build(sender="CA-LA"))
    real = signing.load_pkcs12(keys["sender"].pkcs12.open("rb").read(), PASSPHRASE)
    with pytest.raises(PackageRefused, match="không phải hệ thống này"):
        _receive(
            users,
            packages.build(
                kind="proposal_batch",
                sender=PROVINCE,
                receiver="CA-KHAC",
                records={},
                files={},
                material=real,
                now=now,
            )[0],
        )
    old = now - datetime.timedelta(days=packages.VALID_DAYS + 1)
    with pytest.raises(PackageRefused, match="hết hạn"):
        _receive(
            users,
            packages.build(
                kind="proposal_batch",
                sender=PROVINCE,
                receiver=MINISTRY,
                records={},
                files={},
                material=real,
                now=old,
            )[0],
        )
    with pytest.raises(PackageRefused, match="tương lai"):
        _receive(
            users,
            packages.build(
                kind="proposal_batch",
                sender=PROVINCE,
                receiver=MINISTRY,
                records={},
                files={},
                material=real,
                now=now + datetime.timedelta(hours=2),
            )[0],
        )


def test_a_package_of_a_newer_schema_is_refused_with_the_versions(users, keys, monkeypatch):
    monkeypatch.setattr(packages, "SCHEMA", "thidua.exchange/2")
    real = signing.load_pkcs12(keys["sender"].pkcs12.open("rb").read(), PASSPHRASE)
    data = packages.build(
        kind="proposal_batch",
        sender=PROVINCE,
        receiver=MINISTRY,
        records={},
        files={},
        material=real,
        now=timezone.now(),
    )[0]
    monkeypatch.undo()
    with pytest.raises(PackageSchemaTooNew, match="thidua.exchange/2.*thidua.exchange/1"):
        _receive(users, data)


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken", b""])
def test_garbage_is_refused_in_vietnamese(users, keys, content):
    with pytest.raises(Exception) as raised:  # noqa: PT011 — UploadRejected (empty) or PackageRefused
        _receive(users, content)
    assert getattr(raised.value, "status", 500) in (400, 413, 422)


def test_an_import_with_unknown_codes_creates_nothing(users, batch, keys):
    received = _receive(users, _bytes(_send(users, batch, keys)))
    code = batch.unit.code
    type(batch.unit).objects.filter(pk=batch.unit.pk).update(code="MA-KHAC")  # unknown here now
    with pytest.raises(PackageUnknownUnits, match=f"chưa có trong hệ thống này: {code}"):
        services.package_import(actor=users["board"], package=received)
    assert ProposalBatch.objects.count() == 1 and not ExternalRef.objects.exists()


def test_push_retries_with_back_off_then_sends(users, batch, keys):
    sent = _send(users, batch, keys)
    attempts = []

    def flaky(url, data):
        attempts.append(url)
        return 503 if len(attempts) == 1 else 201

    assert services.package_push(package_id=sent.pk, post=flaky).status == PackageStatus.SEND_FAILED
    again = services.package_push(package_id=sent.pk, post=flaky)
    assert again.status == PackageStatus.SENT and again.attempts == 2
    assert attempts[0].endswith("/api/v1/exchange/inbox") or attempts[0].startswith("/api/v1")


# -- pages and API ---------------------------------------------------------------------------------


def test_send_receive_import_in_the_browser_flow_over_http(client, users, batch, keys):
    client.force_login(users["board"])
    with override_settings(THIDUA_INSTALLATION_CODE=PROVINCE):
        page = client.get(reverse("exchange:send", args=[batch.pk]))
        assert page.status_code == 200 and 'id="send-form"' in page.text
        sent = client.post(
            reverse("exchange:send", args=[batch.pk]),
            {"partner": keys["ministry"].pk, "identity": keys["sender"].pk, "passphrase": PASSPHRASE},
        )
        assert sent.status_code == 302, sent.text[:2000]
        package = Package.objects.get(direction=Direction.OUT)
        data = b"".join(client.get(reverse("exchange:download", args=[package.pk])).streaming_content)
    with override_settings(THIDUA_INSTALLATION_CODE=MINISTRY):
        received = client.post(reverse("exchange:receive"), {"file": SimpleUploadedFile("goi.zip", data)})
        assert received.status_code == 302
        inbox = Package.objects.get(direction=Direction.IN)
        detail = client.get(reverse("exchange:detail", args=[inbox.pk]))
        assert "Dẫn đầu Cụm 11 năm 2025" in detail.text and 'id="import-form"' in detail.text
        imported = client.post(reverse("exchange:import", args=[inbox.pk]))
        assert imported.status_code == 302
        assert ProposalBatch.objects.count() == 2


def test_a_wrong_passphrase_on_the_send_page_is_a_4xx_and_builds_nothing(client, users, batch, keys):
    client.force_login(users["board"])
    response = client.post(
        reverse("exchange:send", args=[batch.pk]),
        {"partner": keys["ministry"].pk, "identity": keys["sender"].pk, "passphrase": "sai"},
    )
    assert response.status_code == 422 and "sai mật khẩu" in response.text
    assert not Package.objects.exists()


def test_api_send_then_partner_pushes_to_the_inbox_without_an_account(client, users, batch, keys):
    client.force_login(users["board"])
    with override_settings(THIDUA_INSTALLATION_CODE=PROVINCE):
        created = client.post(
            f"/api/v1/exchange/batches/{batch.pk}/send",
            {"partner_id": keys["ministry"].pk, "identity_id": keys["sender"].pk, "passphrase": PASSPHRASE},
            content_type="application/json",
        )
    assert created.status_code == 201, created.text
    data = _bytes(Package.objects.get(pk=created.json()["id"]))
    client.logout()
    with override_settings(THIDUA_INSTALLATION_CODE=MINISTRY):
        pushed = client.post("/api/v1/exchange/inbox", {"file": SimpleUploadedFile("goi.zip", data)})
        assert pushed.status_code == 201, pushed.text
        replayed = client.post("/api/v1/exchange/inbox", {"file": SimpleUploadedFile("goi.zip", data)})
        assert replayed.status_code == 409 and replayed.json()["code"] == "package_replayed"
        tampered = _rezip(
            data,
            lambda name, content: content.replace(b"2025", b"2026") if name == "records.json" else content,
        )
        refused = client.post("/api/v1/exchange/inbox", {"file": SimpleUploadedFile("goi.zip", tampered)})
        assert refused.status_code == 422 and "đã bị thay đổi sau khi ký" in refused.json()["message"]
        client.force_login(users["board"])
        inbox_id = pushed.json()["id"]
        imported = client.post(f"/api/v1/exchange/packages/{inbox_id}/import")
        assert (
            imported.status_code == 200
            and ProposalBatch.objects.filter(pk=imported.json()["batch_id"]).exists()
        )


def test_the_inbox_is_for_boards_only_on_pages(client, users):
    client.force_login(users["officer"])
    assert client.get(reverse("exchange:index")).status_code == 200  # an empty list, nothing to act on
    assert client.get("/api/v1/exchange/packages").json() == []
    response = client.post(
        reverse("exchange:receive"), {"file": SimpleUploadedFile("goi.zip", b"PK\x03\x04")}
    )
    assert response.status_code in (302, 403)
    assert not Package.objects.exists()


def test_manifest_lists_every_file_with_its_digest(users, batch, keys):
    data = _bytes(_send(users, batch, keys))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist()) - {"manifest.json", "manifest.p7s"}
    assert {f["path"] for f in manifest["files"]} == names
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])


def test_commands_export_to_a_file_and_import_it_with_confirmation(users, batch, keys, tmp_path, monkeypatch):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.setenv("THIDUA_KEY_PASSPHRASE", PASSPHRASE)
    target = tmp_path / "goi.zip"
    out = io.StringIO()
    with override_settings(THIDUA_INSTALLATION_CODE=PROVINCE):
        call_command(
            "exchange_export",
            batch=batch.pk,
            partner=MINISTRY,
            user=users["board"].username,
            output=str(target),
            stdout=out,
        )
    assert "Đã ghi gói" in out.getvalue() and target.stat().st_size > 0
    with override_settings(THIDUA_INSTALLATION_CODE=MINISTRY):
        call_command("exchange_import", str(target), user=users["board"].username, confirm=True, stdout=out)
        assert "Đã nhập thành hồ sơ đề nghị số" in out.getvalue()
        with pytest.raises(CommandError, match="đã được nhận trước đây"):
            call_command("exchange_import", str(target), user=users["board"].username, stdout=out)
    assert ProposalBatch.objects.count() == 2


def test_the_admin_page_registers_a_partner_with_its_certificate(admin_client):
    _data, certificate = make_pkcs12(name="Lê Thị Nhận", unit="Bộ Công an")
    response = admin_client.post(
        reverse("admin:exchange_partner_add"),
        {"code": "bca", "name": "Bộ Công an", "certificate_pem": signing.certificate_pem(certificate)},
    )
    assert response.status_code == 302, response.text[:2000]
    partner = Partner.objects.get()
    assert partner.code == "BCA" and partner.fingerprint == signing.certificate_fingerprint(certificate)
