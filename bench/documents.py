"""Benchmark: render 200 documents of mixed kinds to DOCX (stored, with their data), then to PDF.

DOCX: `services.document_render` for 200 documents cycling through every kind (demo contexts),
each stored as a GeneratedDocument in a private PostgreSQL database; baseline in the same run: the
bare python-docx rendering of the same 200 papers (no database, no storage).
PDF: LibreOffice headless converting the 200 Word files in batches of 50 (one soffice call per batch,
two batches at a time, each with its own profile); baseline: one soffice call per document on 6 of
them. Prints documents/s; last line `BENCH documents docx_per_s=<x> pdf_per_s=<x>` (pdf 0 without
LibreOffice).
"""

import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import fresh_database  # noqa: E402

COUNT = 200
BATCH = 50
WORKERS = 2


def main() -> None:
    database_url = fresh_database("bench_documents")
    media = tempfile.mkdtemp(prefix="bench-documents-media-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=media,
        LOG_LEVEL="ERROR",
        DEBUG="0",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from django.contrib.auth import get_user_model

    from thidua.documents import builtin, kinds, pdf, services
    from thidua.organisation.models import Unit, UnitKind

    admin = get_user_model().objects.create_superuser("bench-admin", password="bench-password-123")
    ministry = Unit.objects.create(
        kind=UnitKind.MINISTRY, name="Bộ Công an", short_name="Bộ Công an", code="BCA"
    )
    codes = list(kinds.KINDS)
    plan = [codes[i % len(codes)] for i in range(COUNT)]
    contexts = [
        kinds.demo_context(code) if i % 2 == 0 else kinds.minimal_context(code) for i, code in enumerate(plan)
    ]

    started = time.perf_counter()
    for code, context in zip(plan, contexts, strict=True):
        builtin.render(code, context)
    baseline_docx = COUNT / (time.perf_counter() - started)

    started = time.perf_counter()
    documents = [
        services.document_render(actor=admin, kind=code, context=context, owner=ministry)
        for code, context in zip(plan, contexts, strict=True)
    ]
    docx_per_s = COUNT / (time.perf_counter() - started)
    print(f"DOCX: {COUNT} documents of {len(codes)} kinds, stored: {docx_per_s:.1f} documents/s")
    print(f"      baseline (python-docx render only, same papers): {baseline_docx:.1f} documents/s")

    pdf_per_s = 0.0
    if not pdf.is_available():
        print("PDF: LibreOffice (soffice) is not installed — PDF rate not measured (0)")
    else:
        files = {}
        for document in documents:
            with document.docx.open("rb") as handle:
                files[str(document.pk)] = handle.read()
        names = list(files)

        started = time.perf_counter()
        for name in names[:6]:
            pdf.convert(files[name])
        baseline_pdf = 6 / (time.perf_counter() - started)

        batches = [{n: files[n] for n in names[i : i + BATCH]} for i in range(0, len(names), BATCH)]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            results = list(pool.map(pdf.convert_many, batches))
        elapsed = time.perf_counter() - started
        converted = sum(len(r) for r in results)
        assert converted == COUNT and all(v[:5] == b"%PDF-" for r in results for v in r.values())
        pdf_per_s = converted / elapsed
        print(
            f"PDF: {converted} documents in {len(batches)} soffice calls of {BATCH} ({WORKERS} at a time): "
            f"{pdf_per_s:.1f} documents/s"
        )
        print(f"      baseline (one soffice call per document, 6 documents): {baseline_pdf:.2f} documents/s")

    shutil.rmtree(media, ignore_errors=True)
    print(f"BENCH documents docx_per_s={docx_per_s:.1f} pdf_per_s={pdf_per_s:.1f}")


if __name__ == "__main__":
    main()
