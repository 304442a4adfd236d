"""Backup and restore of the whole installation: the database and every stored file, in one archive.

Archive (tar.gz): `manifest.json` (format, database vendor, time, each file's size and SHA-256),
the database — `database.dump` (PostgreSQL, `pg_dump` custom format) or `database.sqlite3` (SQLite,
taken with the online backup API, so writers may go on meanwhile) — and `media/<name>` for every file
of the default storage (MEDIA_ROOT).
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

FORMAT = 1
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    files: int


def _walk(storage: Storage, folder: str = "") -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{f}" if folder else f for f in files]
    for sub in folders:
        names += _walk(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def _pg_env(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(argv: list[str], env: dict[str, str]) -> None:
    if shutil.which(argv[0]) is None:
        raise BackupError(f"{argv[0]} không có trên máy (cài postgresql-client cùng phiên bản máy chủ).")
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} lỗi: {result.stderr.strip()[-2000:]}")


def _dump_database(alias: str, folder: Path) -> tuple[str, Path]:
    connection = connections[alias]
    if connection.vendor == "postgresql":
        target = folder / "database.dump"
        args, env = _pg_env(connection.settings_dict)
        _run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                "--no-privileges",
                *args,
                "-f",
                str(target),
                connection.settings_dict["NAME"],
            ],
            env,
        )
        return "postgresql", target
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "sqlite", target
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")


def backup_create(
    *, output: Path, alias: str = DEFAULT_DB_ALIAS, storage: Storage | None = None
) -> BackupResult:
    """Write the archive to `output` (its folder is created)."""
    storage = storage or default_storage
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        vendor, dump = _dump_database(alias, Path(tmp))
        names = _walk(storage)
        files = {}
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname=dump.name)
            for name in names:
                with storage.open(name, "rb") as handle:
                    data = handle.read()
                files[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                info = tarfile.TarInfo(MEDIA_PREFIX + name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
            manifest = json.dumps(
                {
                    "format": FORMAT,
                    "vendor": vendor,
                    "database": dump.name,
                    "created": timezone.now().isoformat(),
                    "files": files,
                },
                ensure_ascii=False,
                indent=1,
            ).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(manifest)
            archive.addfile(info, io.BytesIO(manifest))
        partial.replace(output)
    return BackupResult(path=output, vendor=vendor, files=len(files))


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError:
        member = None
    if member is None:
        raise BackupError("Tệp sao lưu không có manifest.json: không phải bản sao lưu thidua.")
    manifest = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng sao lưu {manifest.get('format')} không được hỗ trợ.")
    return manifest


def _restore_database(alias: str, vendor: str, dump: Path) -> None:
    connection = connections[alias]
    if connection.vendor != vendor:
        raise BackupError(f"Bản sao lưu của {vendor} không khôi phục được vào {connection.vendor}.")
    if vendor == "postgresql":
        connection.close()
        args, env = _pg_env(connection.settings_dict)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                "-d",
                connection.settings_dict["NAME"],
                str(dump),
            ],
            env,
        )
        return
    source = sqlite3.connect(dump)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)  # page by page into the live database (file or memory)
    finally:
        source.close()


def backup_restore(
    *, archive_path: Path, alias: str = DEFAULT_DB_ALIAS, storage: Storage | None = None
) -> BackupResult:
    """Replace the database and the stored files with the archive's; raise the data version after."""
    from . import dataversion

    storage = storage or default_storage
    try:
        before = dataversion.current(alias)
    except Exception:  # noqa: BLE001 — an empty database has no counter yet
        before = 0
    with tarfile.open(archive_path, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        manifest = _read_manifest(archive)
        files: dict[str, dict[str, Any]] = manifest["files"]
        # check every file before touching anything
        contents: dict[str, bytes] = {}
        for name, meta in files.items():
            member = archive.extractfile(MEDIA_PREFIX + name)
            data = member.read() if member else b""
            if hashlib.sha256(data).hexdigest() != meta["sha256"]:
                raise BackupError(f"Tệp {name} trong bản sao lưu bị hỏng (sai mã kiểm tra).")
            contents[name] = data
        dump_member = archive.extractfile(manifest["database"])
        if dump_member is None:
            raise BackupError("Bản sao lưu thiếu cơ sở dữ liệu.")
        dump = Path(tmp) / manifest["database"]
        dump.write_bytes(dump_member.read())
        _restore_database(alias, manifest["vendor"], dump)
    for name in _walk(storage):
        if name not in contents:
            storage.delete(name)
    for name, data in contents.items():
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, ContentFile(data))
        if saved != name:
            raise BackupError(f"Không ghi được tệp {name} (lưu thành {saved}).")
    _raise_version_past(alias, before)
    return BackupResult(path=archive_path, vendor=manifest["vendor"], files=len(contents))


def _raise_version_past(alias: str, before: int) -> None:
    """The restored counter may be older than what running processes cached pages under: move past it."""
    from . import dataversion

    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {dataversion.TABLE} SET version = %s WHERE id = %s AND version <= %s",  # noqa: S608
            [before + 1, dataversion.ROW_ID, before],
        )
    dataversion.touch(alias)
