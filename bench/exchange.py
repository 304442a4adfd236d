"""Benchmark (issue 20.6): export, sign, verify and import the package of a 500-candidate batch with
500 attached PDFs, next to the floor of the same work without the application (zip the same files
and hash them) measured in the same run.

Run from the repo root: .venv/bin/python bench/exchange.py
Uses its own database bench_exchange (dropped and recreated) on 127.0.0.1; two installations are
played by switching THIDUA_INSTALLATION_CODE, as in thidua/exchange/tests.
Last line: BENCH exchange candidates=500 export_s=<x> import_s=<x> verify_ms_per_file=<x> …
"""

import hashlib
import io
import os
import sys
import time
import zipfile
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
DB_NAME = "bench_exchange"
CANDIDATES = int(os.environ.get("BENCH_CANDIDATES", "500"))
PDF_BYTES = 40 * 1024


def recreate_database() -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgres://") + f"/{DB_NAME}"


os.environ["DATABASE_URL"] = recreate_database()
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"  # DEBUG off, in-memory file storage

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402

from thidua.accounts.models import User  # noqa: E402
from thidua.awards import catalogue  # noqa: E402
from thidua.awards.models import AwardType, Person, ProposalBatch, ProposalCandidate  # noqa: E402
from thidua.documents import services as documents_services  # noqa: E402
from thidua.documents import signing  # noqa: E402
from thidua.documents.models import GeneratedDocument  # noqa: E402
from thidua.documents.tests.test_signatures import make_pkcs12  # noqa: E402
from thidua.exchange import package as packages  # noqa: E402
from thidua.exchange import services  # noqa: E402
from thidua.exchange.models import Partner  # noqa: E402
from thidua.organisation.models import Role, Unit, UnitKind, UnitRole  # noqa: E402

PASSPHRASE = "bench-khoa"


def setup():
    call_command("migrate", verbosity=0)
    catalogue.seed()
    ministry = Unit.objects.create(name="Bộ Công an", code="BCA", kind=UnitKind.MINISTRY)
    province = Unit.objects.create(
        name="Công an tỉnh Thử Nghiệm", code="CA-THU", kind=UnitKind.PROVINCIAL_POLICE, parent=ministry
    )
    admin = User.objects.create_superuser("quantri", "qt@example.vn", "x")
    UnitRole.objects.create(user=admin, unit=ministry, role=Role.ADMIN)
    board = User.objects.create_user("thuongtruc", "tt@example.vn", "x")
    UnitRole.objects.create(user=board, unit=ministry, role=Role.BOARD)
    sender_file, sender_cert = make_pkcs12(name="Người Gửi", passphrase=PASSPHRASE)
    identity = documents_services.signing_identity_create(
        actor=admin, unit=ministry, user=board, pkcs12_data=sender_file, passphrase=PASSPHRASE
    )
    services.partner_register(
        actor=admin, code="BCA", name="Bộ Công an", certificate_pem=signing.certificate_pem(sender_cert)
    )
    partner_from = services.partner_register(
        actor=admin,
        code="CA-THU",
        name="Công an tỉnh Thử Nghiệm",
        certificate_pem=signing.certificate_pem(sender_cert),
    )
    award = AwardType.objects.get(code="BK-BCA-CN")
    batch = ProposalBatch.objects.create(
        title="Đề nghị khen thưởng năm 2025", year=2025, unit=province, reviewer=ministry
    )
    people = Person.objects.bulk_create(
        Person(unit=province, full_name=f"Nguyễn Văn Thử {i}", rank="Thiếu tá") for i in range(CANDIDATES)
    )
    ProposalCandidate.objects.bulk_create(
        ProposalCandidate(
            batch=batch, award_type=award, unit=province, person=p, achievement=f"Thành tích {i}"
        )
        for i, p in enumerate(people)
    )
    files = {}
    for i in range(CANDIDATES):
        content = b"%PDF-1.7\n" + os.urandom(PDF_BYTES) + b"\n%%EOF\n"
        document = GeneratedDocument(
            kind="proposal_list", title=f"Báo cáo thành tích {i}", owner=province, context={},
            source_app="awards.proposalbatch", source_id=batch.pk,
        )  # fmt: skip
        document.docx.save(f"bc-{i}.docx", ContentFile(b"PK"), save=False)
        document.pdf.save(f"bc-{i}.pdf", ContentFile(content), save=False)
        document.save()
        files[f"bc-{i}.pdf"] = content
    return board, identity, batch, partner_from, files


def floor(files: dict[str, bytes]) -> float:
    """Zip the same files and hash each: the work any package format must do."""
    started = time.perf_counter()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            hashlib.sha256(data).hexdigest()
            archive.writestr(name, data)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        for name in archive.namelist():
            hashlib.sha256(archive.read(name)).hexdigest()
    return time.perf_counter() - started


def main() -> None:
    board, identity, batch, _partner, files = setup()
    baseline = floor(files)
    partner = Partner.objects.get(code="BCA")
    with override_settings(THIDUA_INSTALLATION_CODE="CA-THU"):
        started = time.perf_counter()
        package = services.package_send(
            actor=board, batch=batch, partner=partner, identity=identity, passphrase=PASSPHRASE
        )
        export_s = time.perf_counter() - started
    with package.archive.open("rb") as handle:
        data = handle.read()
    started = time.perf_counter()
    opened = packages.open_package(data)
    verify_s = time.perf_counter() - started
    with override_settings(THIDUA_INSTALLATION_CODE="BCA"):
        started = time.perf_counter()
        received = services.package_receive(actor=board, data=data)
        imported = services.package_import(actor=board, package=received)
        import_s = time.perf_counter() - started
    assert imported.candidates.count() == CANDIDATES and len(opened.files) == CANDIDATES
    per_file = verify_s * 1000 / (len(opened.files) + 1)
    total = export_s + import_s
    print(f"package: {len(data) / 1024 / 1024:.1f} MiB, {CANDIDATES} candidates, {len(opened.files)} PDFs")
    print(f"floor (zip + SHA-256 of the same files, no app): {baseline:.2f} s")
    print(
        f"export (records, files, sign, store): {export_s:.2f} s; import (verify, receive, import): {import_s:.2f} s"
    )
    print(f"round trip {total:.1f} s (target < 60 s): {'OK' if total < 60 else 'MISSED'}")
    print(
        f"BENCH exchange candidates={CANDIDATES} export_s={export_s:.2f} import_s={import_s:.2f} "
        f"verify_ms_per_file={per_file:.2f} floor_s={baseline:.2f} ratio={total / baseline:.1f}"
    )


if __name__ == "__main__":
    main()
