"""DOCX → PDF with LibreOffice headless (`soffice --headless --convert-to pdf`).

Each call uses its own LibreOffice profile directory (-env:UserInstallation), so conversions running
in parallel (several workers, tests, the benchmark) never share or lock one profile. Many files are
converted in one call: starting LibreOffice costs more than converting a page.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .errors import PdfConversionFailed, PdfUnavailable


def soffice_path() -> str | None:
    configured = getattr(settings, "THIDUA_SOFFICE", "") or os.environ.get("THIDUA_SOFFICE", "")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_available() -> bool:
    return soffice_path() is not None


def convert_many(files: dict[str, bytes], *, timeout: int = 300) -> dict[str, bytes]:
    """{"name.docx": bytes, ...} → {"name.docx": pdf bytes, ...} in one LibreOffice run."""
    binary = soffice_path()
    if binary is None:
        raise PdfUnavailable()
    if not files:
        return {}
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as workdir:
        work = Path(workdir)
        inputs = work / "in"
        outputs = work / "out"
        inputs.mkdir()
        outputs.mkdir()
        names = {}
        for index, (name, data) in enumerate(files.items()):
            stem = f"doc{index:05d}"
            (inputs / f"{stem}.docx").write_bytes(data)
            names[stem] = name
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outputs),
            *[str(inputs / f"{stem}.docx") for stem in names],
        ]
        environment = {**os.environ, "HOME": str(work)}
        try:
            completed = subprocess.run(  # noqa: S603 — fixed binary, our own temp files
                command, capture_output=True, timeout=timeout, env=environment, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfConversionFailed(detail=_("quá thời gian chuyển đổi")) from None
        result = {}
        for stem, name in names.items():
            pdf = outputs / f"{stem}.pdf"
            if not pdf.exists():
                detail = completed.stderr.decode("utf-8", "replace").strip()[-300:]
                raise PdfConversionFailed(detail=detail or _("không có tệp kết quả"))
            result[name] = pdf.read_bytes()
        return result


def convert(data: bytes, *, timeout: int = 120) -> bytes:
    return convert_many({"document.docx": data}, timeout=timeout)["document.docx"]
