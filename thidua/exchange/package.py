"""The package format (docs/exchange.md): a ZIP holding

- `manifest.json` — schema "thidua.exchange/<version>", package id, kind, sender and receiver
  installations, creation and expiry times, and each other file's path, size and SHA-256;
- `manifest.p7s` — a detached CMS (PKCS#7) signature over the manifest's exact bytes, made with the
  sender's key (pyHanko; the same standard and library as the PAdES signatures on papers, and the
  form USB signing tokens produce);
- `records.json` — the records (a proposal batch and its candidates, or an answer);
- `files/…` — attached papers (PDF, DOCX).

Opening a package checks the archive (entries, sizes, ratio, names) before reading anything, the
schema version, the signature over the manifest and every file's digest. Whether the signer is a
partner this installation trusts is decided by the caller against its registry.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import json
import re
import uuid
import zipfile
from typing import Any

from django.utils.translation import gettext_lazy as _

from thidua.core.uploads import _unsafe_entry_name
from thidua.documents import signing

from .errors import PackageRefused, PackageSchemaTooNew

SCHEMA_NAME = "thidua.exchange"
SCHEMA_VERSION = 1
SCHEMA = f"{SCHEMA_NAME}/{SCHEMA_VERSION}"
MANIFEST, SIGNATURE, RECORDS = "manifest.json", "manifest.p7s", "records.json"
VALID_DAYS = 30
MAX_ENTRIES = 5_000
MAX_UNCOMPRESSED = 2 * 1024**3
MAX_RATIO = 200.0


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(
    *,
    kind: str,
    sender: str,
    receiver: str,
    records: dict[str, Any],
    files: dict[str, bytes],
    material: signing.KeyMaterial,
    now: datetime.datetime,
    package_id: uuid.UUID | None = None,
) -> tuple[bytes, dict[str, Any]]:
    """The package's bytes and its manifest."""
    entries = {RECORDS: json.dumps(records, ensure_ascii=False, sort_keys=True, default=str).encode()}
    for name, data in files.items():
        entries[f"files/{name}"] = data
    manifest = {
        "schema": SCHEMA,
        "package_id": str(package_id or uuid.uuid4()),
        "kind": kind,
        "created_at": now.isoformat(),
        "expires_at": (now + datetime.timedelta(days=VALID_DAYS)).isoformat(),
        "sender": {
            "installation": sender,
            "certificate_sha256": signing.certificate_fingerprint(material.certificate),
        },
        "receiver": {"installation": receiver},
        "files": [
            {"path": path, "size": len(data), "sha256": _digest(data)} for path, data in entries.items()
        ],
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()
    signature = signing.sign_data(manifest_bytes, material)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(SIGNATURE, signature)
        for path, data in entries.items():
            archive.writestr(path, data)
    return out.getvalue(), manifest


@dataclasses.dataclass
class Opened:
    manifest: dict[str, Any]
    records: dict[str, Any]
    files: dict[str, bytes]
    certificate: Any  # the signer's x509 certificate

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def sender(self) -> str:
        return str(self.manifest["sender"]["installation"])

    @property
    def receiver(self) -> str:
        return str(self.manifest["receiver"]["installation"])


def _refuse(reason) -> PackageRefused:
    return PackageRefused(reason=reason)


def _check_archive(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise _refuse(_("gói có quá nhiều tệp"))
    total = 0
    for entry in entries:
        if _unsafe_entry_name(entry.filename):
            raise _refuse(_("gói có tên tệp không an toàn"))
        total += entry.file_size
        if (
            entry.file_size > 64 * 1024
            and entry.compress_size
            and entry.file_size / entry.compress_size > MAX_RATIO
        ):
            raise _refuse(_("gói có tệp nén bất thường (nghi “bom nén”)"))
    if total > MAX_UNCOMPRESSED:
        raise _refuse(_("gói quá lớn khi giải nén"))


def _check_schema(manifest: dict[str, Any]) -> None:
    schema = str(manifest.get("schema", ""))
    found = re.fullmatch(rf"{re.escape(SCHEMA_NAME)}/(\d+)", schema)
    if found is None:
        raise _refuse(_("không phải gói trao đổi của thidua"))
    if int(found.group(1)) > SCHEMA_VERSION:
        raise PackageSchemaTooNew(schema=schema, supported=SCHEMA)
    for key in ("package_id", "kind", "created_at", "expires_at", "sender", "receiver", "files"):
        if key not in manifest:
            raise _refuse(_("bản kê thiếu mục “%(key)s”") % {"key": key})
    try:
        uuid.UUID(str(manifest["package_id"]))
        datetime.datetime.fromisoformat(str(manifest["created_at"]))
        datetime.datetime.fromisoformat(str(manifest["expires_at"]))
        str(manifest["sender"]["installation"])
        str(manifest["receiver"]["installation"])
    except (ValueError, TypeError, KeyError) as error:
        raise _refuse(_("bản kê không hợp lệ")) from error


def open_package(data: bytes) -> Opened:
    """Structure, schema, signature and digests; PackageRefused / PackageSchemaTooNew otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _refuse(_("tệp không phải gói trao đổi (không đọc được ZIP)")) from error
    with archive:
        _check_archive(archive)
        names = set(archive.namelist())
        if MANIFEST not in names or SIGNATURE not in names:
            raise _refuse(_("gói thiếu bản kê hoặc chữ ký số"))
        manifest_bytes = archive.read(MANIFEST)
        try:
            manifest = json.loads(manifest_bytes)
        except (ValueError, UnicodeDecodeError) as error:
            raise _refuse(_("bản kê không đọc được")) from error
        if not isinstance(manifest, dict):
            raise _refuse(_("bản kê không hợp lệ"))
        _check_schema(manifest)
        checked = signing.verify_data(manifest_bytes, archive.read(SIGNATURE))
        if not checked.intact or checked.certificate is None:
            raise _refuse(_("chữ ký số trên bản kê không hợp lệ (gói đã bị sửa hoặc không do người gửi ký)"))
        listed = {str(f.get("path")): f for f in manifest["files"] if isinstance(f, dict)}
        if set(listed) != names - {MANIFEST, SIGNATURE}:
            raise _refuse(_("danh sách tệp trong gói không khớp với bản kê"))
        files: dict[str, bytes] = {}
        for path, entry in listed.items():
            content = archive.read(path)
            if _digest(content) != entry.get("sha256") or len(content) != entry.get("size"):
                raise _refuse(_("tệp “%(path)s” đã bị thay đổi sau khi ký") % {"path": path})
            files[path] = content
    try:
        records = json.loads(files.pop(RECORDS))
    except (KeyError, ValueError, UnicodeDecodeError) as error:
        raise _refuse(_("gói thiếu dữ liệu hồ sơ")) from error
    return Opened(manifest=manifest, records=records, files=files, certificate=checked.certificate)
