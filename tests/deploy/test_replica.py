"""Issue 19.8: a real PostgreSQL streaming replica. The test starts its own primary and replica servers
from PostgreSQL's server binaries (initdb, pg_basebackup, pg_ctl) in a temporary directory, serves
thidua from gunicorn with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the replica, and
shows by behaviour, with the replica's replay paused, that

- statistics are served from the replica (a record written on the primary is not counted until the
  replica replays it),
- writes go to the primary (signing in writes a session and last_login: the replica is read-only),
- a user who has just written reads from the primary (read-your-writes) until the pin expires.

Skipped only when PostgreSQL's server binaries are missing (CI has them); it runs in the PostgreSQL
run of the suite (DATABASE_URL=postgres://…), where the rest of the deployment tests run too.
"""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from .servers import PYTHON, Deployment, free_port, is_postgres, login

pytestmark = pytest.mark.postgres

PIN_SECONDS = 3
YEAR = 2025


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Cluster:
    """A primary and a streaming replica of our own, run as the `postgres` OS user when we are root."""

    def __init__(self, bindir: Path):
        self.bin = bindir
        self.root = Path(tempfile.mkdtemp(prefix="thidua-replica-"))
        self.primary_dir, self.replica_dir = self.root / "primary", self.root / "replica"
        self.primary_port, self.replica_port = free_port(), free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
            self.root.chmod(0o700)

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        argv = [str(self.bin / tool), *args]
        if self.as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        return subprocess.run(argv, capture_output=True, text=True, timeout=300, check=True)

    def start(self) -> None:
        self.run(
            "initdb", "-D", str(self.primary_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
        )
        with open(self.primary_dir / "pg_hba.conf", "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        with open(self.primary_dir / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nunix_socket_directories = '{self.root}'\n"
                "wal_level = replica\nmax_wal_senders = 4\nfsync = off\nsynchronous_commit = off\n"
                "full_page_writes = off\nshared_buffers = 32MB\n"
            )
        self._ctl(self.primary_dir, self.primary_port)
        self.run(
            "pg_basebackup",
            "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
            "-D", str(self.replica_dir), "-R", "-X", "stream", "--no-sync",
        )  # fmt: skip
        self._ctl(self.replica_dir, self.replica_port)

    def _ctl(self, datadir: Path, port: int) -> None:
        self.run("pg_ctl", "-D", str(datadir), "-o", f"-p {port}", "-l", str(datadir) + ".log", "-w", "start")

    def url(self, port: int, db: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{port}/{db}"

    def sql(self, port: int, statement: str, db: str = "postgres"):
        import psycopg

        with psycopg.connect(self.url(port, db), autocommit=True) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchall() if cursor.description else None

    def caught_up(self, timeout: float = 30) -> None:
        target = self.sql(self.primary_port, "SELECT pg_current_wal_lsn()")[0][0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = self.sql(self.replica_port, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0][0]
            if done:
                return
            time.sleep(0.1)
        raise AssertionError("the replica did not catch up in 30 s")

    def stop(self) -> None:
        for datadir in (self.replica_dir, self.primary_dir):
            if datadir.exists():
                with contextlib.suppress(subprocess.CalledProcessError):
                    self.run("pg_ctl", "-D", str(datadir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


class ReplicaDeployment(Deployment):
    """thidua on the primary, with the replica configured for reads."""

    def __init__(self, tmp: Path, primary: str, replica: str):
        self.tmp = tmp
        self.media = tmp / "media"
        self.media.mkdir(parents=True, exist_ok=True)
        self.processes = []
        self.python = PYTHON
        self.pg_name = ""
        self.url = primary
        self.replica = replica

    def env(self, **extra: str) -> dict[str, str]:
        return super().env(
            DATABASE_REPLICA_URL=self.replica, REPLICA_PIN_SECONDS=str(PIN_SECONDS), CONN_MAX_AGE="0", **extra
        )


ADD_RECORDS = """
from thidua.awards.models import AwardRecord, AwardType
from thidua.organisation.models import Unit
unit = Unit.objects.get(code="CA-NHAN-BAN")
award = AwardType.objects.filter(code="BK-BCA-TT").first()
AwardRecord.objects.bulk_create([
    AwardRecord(award_type=award, year={year}, recipient_kind=award.recipient_kind, unit=unit,
                recipient_name=f"Tập thể {{i}} lần {tag}", recipient_key=f"tap-the-{{i}}-{tag}")
    for i in range({count})
])
"""


@pytest.fixture(scope="module")
def replicated(tmp_path_factory):
    if not is_postgres():
        pytest.skip("the replica test runs in the PostgreSQL run of the suite (DATABASE_URL=postgres://…)")
    bindir = _pg_bin()
    if bindir is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but PostgreSQL's server binaries (initdb, pg_basebackup) are missing")
        pytest.skip("PostgreSQL's server binaries are missing (initdb, pg_basebackup)")
    cluster = Cluster(bindir)
    deployment = None
    try:
        cluster.start()
        cluster.sql(cluster.primary_port, "CREATE DATABASE thidua")
        deployment = ReplicaDeployment(
            tmp_path_factory.mktemp("replica"),
            cluster.url(cluster.primary_port, "thidua"),
            cluster.url(cluster.replica_port, "thidua"),
        )
        deployment.setup()
        deployment.create_superuser("quantri.bansao")
        deployment.manage(
            "shell",
            "-c",
            "from thidua.organisation.models import Unit; "
            "Unit.objects.create(name='Công an tỉnh Nhân Bản', short_name='CA Nhân Bản', code='CA-NHAN-BAN', "
            "kind='provincial_police')",
        )
        base = deployment.gunicorn()
        yield cluster, deployment, base
    finally:
        if deployment is not None:
            deployment.stop()
        cluster.stop()


def _add_records(deployment, count: int, tag: str) -> None:
    """Written straight on the primary by another process (not a request of the test's user)."""
    deployment.manage("shell", "-c", ADD_RECORDS.format(year=YEAR, count=count, tag=tag))


def _counted(client: httpx.Client, base: str) -> int:
    response = client.get(f"{base}/api/v1/awards/statistics", params={"year": YEAR})
    assert response.status_code == 200, response.text[:2000]
    return sum(row["count"] for row in response.json())


def _wait_out_the_pin() -> None:
    time.sleep(PIN_SECONDS + 0.5)


def test_statistics_read_the_replica_writes_go_to_the_primary_and_a_writer_reads_its_writes(replicated):
    cluster, deployment, base = replicated
    assert cluster.sql(cluster.replica_port, "SELECT pg_is_in_recovery()")[0][0] is True
    with httpx.Client(timeout=60) as client:
        # signing in writes the session and last_login: it works, so writes reach the primary
        assert login(client, base, "quantri.bansao").status_code == 302
        signed_in = cluster.sql(cluster.primary_port, "SELECT count(*) FROM django_session", db="thidua")[0][
            0
        ]
        assert signed_in >= 1
        _wait_out_the_pin()
        assert _counted(client, base) == 0

        # the replica stops replaying; five records are committed on the primary
        cluster.sql(cluster.replica_port, "SELECT pg_wal_replay_pause()")
        _add_records(deployment, 5, "mot")
        primary_rows = cluster.sql(
            cluster.primary_port, f"SELECT count(*) FROM awards_awardrecord WHERE year = {YEAR}", db="thidua"
        )[0][0]
        assert primary_rows == 5
        assert _counted(client, base) == 0, "statistics must come from the (paused) replica"

        # the replica replays: the statistics count them
        cluster.sql(cluster.replica_port, "SELECT pg_wal_replay_resume()")
        cluster.caught_up()
        assert _counted(client, base) == 5

        # read-your-writes: after a write of their own the user reads from the primary for a while
        cluster.sql(cluster.replica_port, "SELECT pg_wal_replay_pause()")
        _add_records(deployment, 2, "hai")
        assert _counted(client, base) == 5  # still the replica
        written = client.post(
            f"{base}/i18n/setlang/",
            data={"language": "vi", "next": "/"},
            headers={"X-CSRFToken": client.cookies.get("csrftoken", ""), "Referer": base + "/"},
        )
        assert written.status_code in (302, 200)
        assert "thidua_primary_until" in written.headers.get("set-cookie", "")
        assert _counted(client, base) == 7, "a user who has just written reads from the primary"
        _wait_out_the_pin()
        assert _counted(client, base) == 5, "once the pin expires, reads go back to the replica"
        cluster.sql(cluster.replica_port, "SELECT pg_wal_replay_resume()")
        cluster.caught_up()
        assert _counted(client, base) == 7
