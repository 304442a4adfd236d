"""Real server processes for deployment tests: a freshly migrated database of its own and gunicorn.

The database is not pytest-django's test database (an in-memory SQLite one is invisible to other
processes): a temporary SQLite file, or a PostgreSQL database named after THIDUA_TEST_DB plus
"_deploy" on the server of DATABASE_URL, created and dropped here.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = Path(PYTHON).with_name("gunicorn")
PASSWORD = "Mat-khau-trien-khai-2024"


def is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _pg_admin_url() -> str:
    return os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)


def _pg_execute(sql: str) -> None:
    import psycopg

    with psycopg.connect(_pg_admin_url(), autocommit=True) as conn:
        conn.execute(sql)


class Deployment:
    """One database plus MEDIA_ROOT shared by every process started from it."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.media = tmp / "media"
        self.media.mkdir(parents=True, exist_ok=True)
        self.processes: list[subprocess.Popen] = []
        self.python = PYTHON
        if is_postgres():
            base = os.environ.get("THIDUA_TEST_DB") or "test"
            self.pg_name = re.sub(r"\W", "_", f"{base}_deploy")
            _pg_execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
            _pg_execute(f'CREATE DATABASE "{self.pg_name}"')
            head, _, _ = _pg_admin_url().rpartition("/")
            self.url = f"{head}/{self.pg_name}"
        else:
            self.pg_name = ""
            self.url = f"sqlite:///{tmp / 'deploy.sqlite3'}"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"THIDUA_TEST_DB", "DJANGO_SETTINGS_MODULE"}}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DATABASE_URL=self.url,
            MEDIA_ROOT=str(self.media),
            THIDUA_VAR_DIR=str(self.tmp),
            PYTHONPATH=str(ROOT),
            DEBUG="true",
        )
        env.update(extra)
        return env

    def manage(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )

    def setup(self) -> None:
        self.manage("migrate", "--noinput", "-v0")

    def create_superuser(self, username: str) -> None:
        self.manage(
            "createsuperuser",
            "--noinput",
            "--username",
            username,
            "--email",
            f"{username}@example.vn",
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        )

    def start(self, argv: list[str], log_name: str) -> subprocess.Popen:
        log = open(self.tmp / f"{log_name}.log", "wb")  # noqa: SIM115 — closed with the process
        process = subprocess.Popen(argv, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def gunicorn(self) -> str:
        """Start one gunicorn server (one sync worker) on a free port; return its base URL."""
        if not GUNICORN.exists():
            pytest.skip("gunicorn is not installed")
        port = free_port()
        name = f"gunicorn-{port}"
        process = self.start(
            [str(GUNICORN), "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout", "120"], name
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.skip(f"gunicorn could not start: {(self.tmp / f'{name}.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    return base
            except httpx.HTTPError:
                time.sleep(0.2)
        pytest.skip("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()

    def drop(self) -> None:
        self.stop()
        if self.pg_name:
            _pg_execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def csrf_token(client: httpx.Client) -> str:
    return client.cookies["csrftoken"]


def login(client: httpx.Client, base: str, username: str, password: str = PASSWORD) -> httpx.Response:
    client.get(f"{base}/tai-khoan/dang-nhap/")
    return client.post(
        f"{base}/tai-khoan/dang-nhap/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(client)},
    )


def logout(client: httpx.Client, base: str) -> httpx.Response:
    return client.post(f"{base}/tai-khoan/dang-xuat/", data={"csrfmiddlewaretoken": csrf_token(client)})
