"""manage.py backup / restore: a restored copy has every row and every stored file.

Runs on the database of the test run (SQLite or PostgreSQL). The copy is restored into a separate
database (a new SQLite file / a new PostgreSQL database) by `manage.py restore` in another process,
with its own MEDIA_ROOT; a second test restores in place over changes made after the backup.
"""

import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from thidua.core import dataversion
from thidua.core.tests.rowdigest import table_digests
from thidua.organisation.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]
FILES = {
    "minh-chung/2024/bien-ban-hop.pdf": b"%PDF-1.4 bien ban\n%%EOF",
    "van-ban/quyet-dinh-khen-thuong.docx": b"PK\x03\x04 quyet dinh",
    "tên có dấu/ảnh chụp.png": b"\x89PNG\r\n\x1a\n anh",
}


@pytest.fixture
def stored_files():
    for name, data in FILES.items():
        default_storage.save(name, ContentFile(data))
    yield FILES
    for name in FILES:
        if default_storage.exists(name):
            default_storage.delete(name)


def _separate_database(tmp_path):
    """A new empty database next to the test one; returns (url, cleanup)."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    import psycopg

    base = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    name = re.sub(r"\W", "_", f"{connection.settings_dict['NAME']}_restore")

    def run(sql):
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    return base.rpartition("/")[0] + f"/{name}", lambda: run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(url, media):
    env = {k: v for k, v in os.environ.items() if k not in {"THIDUA_TEST_DB"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=url,
        MEDIA_ROOT=str(media),
        PYTHONPATH=str(ROOT),
    )
    return env


def test_a_copy_restored_into_a_separate_database_has_every_row_and_file(tmp_path, users, term, stored_files):
    dataversion.touch()
    expected = table_digests(connection)
    assert expected["organisation_unit"][0] >= 8 and expected["accounts_user"][0] >= 8
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", output=str(archive))
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {
        "manifest.json",
        "database.dump" if connection.vendor == "postgresql" else "database.sqlite3",
    } <= names
    assert {f"media/{n}" for n in FILES} <= names

    url, cleanup = _separate_database(tmp_path)
    media = tmp_path / "media"
    try:
        env = _env(url, media)
        run = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive), "--noinput"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        digest = subprocess.run(
            [sys.executable, "-m", "thidua.core.tests.rowdigest"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        restored = json.loads(digest.stdout)
    finally:
        cleanup()
    version = "core_dataversion"
    assert {t: v for t, v in restored.items() if t != version} == {
        t: v for t, v in expected.items() if t != version
    }
    assert restored[version][0] == 1
    on_disk = {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    # Every stored file comes back byte for byte (the in-memory test storage may also hold other
    # tests' files, which the archive carries too).
    assert {name: on_disk.get(name) for name in FILES} == FILES
    assert len(on_disk) == len([n for n in names if n.startswith("media/")])


def test_restore_in_place_undoes_later_changes_and_moves_the_data_version_on(
    tmp_path, users, term, stored_files
):
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", output=str(archive))
    expected = table_digests(connection)
    Unit.objects.filter(code="T-HT").update(name="đã sửa sau khi sao lưu")
    users["nobody"].delete()
    default_storage.delete("van-ban/quyet-dinh-khen-thuong.docx")
    default_storage.save("tep-moi.txt", ContentFile(b"sau sao luu"))
    before = dataversion.current()
    call_command("restore", str(archive), "--noinput")
    after = table_digests(connection)
    assert {t: v for t, v in after.items() if t != "core_dataversion"} == {
        t: v for t, v in expected.items() if t != "core_dataversion"
    }
    assert dataversion.current() > before  # pages cached under any earlier version are not reused
    for name, data in FILES.items():
        with default_storage.open(name, "rb") as handle:
            assert handle.read() == data
    assert not default_storage.exists("tep-moi.txt")


def test_a_damaged_or_foreign_archive_is_refused_before_anything_changes(tmp_path, users):
    bogus = tmp_path / "khong-phai.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(__file__, arcname="readme.txt")
    count = Unit.objects.count()
    with pytest.raises(CommandError, match="manifest.json"):
        call_command("restore", str(bogus), "--noinput")
    with pytest.raises(CommandError, match="Không thấy tệp"):
        call_command("restore", str(tmp_path / "khong-co.tar.gz"), "--noinput")
    assert Unit.objects.count() == count
