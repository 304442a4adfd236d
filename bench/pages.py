"""Pages under gunicorn on PostgreSQL with the demo data scaled up (Foundation issue §9).

700 units, 60 clusters, 5 years; a logged-in session; the dashboard and a cluster page loaded with
bounded concurrency next to a trivial view (/healthz) in the same run.
Last line: BENCH pages dashboard_rps=… cluster_rps=… floor_rps=… ratio=… p99_ms=…
"""

import http.client
import os
import sys
import tempfile
import threading
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import Gunicorn, fresh_database, load, manage, server_env  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))


def populate(env: dict[str, str]) -> tuple[str, int]:
    """Scale the organisation data in-process (≈700 units, 60 clusters, 5 years); return (session, term id)."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from thidua.organisation.models import (
        Cluster,
        ClusterLevel,
        ClusterMembership,
        ClusterTerm,
        Role,
        Unit,
        UnitKind,
        UnitRole,
    )

    ministry = Unit.objects.create(kind=UnitKind.MINISTRY, name="Bộ Công an", code="BCA")
    provinces = [
        Unit.objects.create(
            parent=ministry, kind=UnitKind.PROVINCIAL_POLICE, name=f"Công an tỉnh Thứ {i}", code=f"P{i}"
        )
        for i in range(63)
    ]
    departments = []
    for province in provinces:
        for j in range(10):
            departments.append(
                Unit(
                    parent=province,
                    kind=UnitKind.PROVINCIAL_DEPARTMENT,
                    name=f"Phòng {j} {province.name}",
                    code=f"{province.code}-{j}",
                )
            )
    Unit.objects.bulk_create(departments)
    pending = list(Unit.objects.filter(path="").select_related("parent"))
    for unit in pending:  # bulk_create skips save(): fill the materialized path here
        unit.path, unit.depth = f"{unit.parent.path}{unit.pk:06d}.", 2
    Unit.objects.bulk_update(pending, ["path", "depth"])
    # 12 ministry clusters of 5 provinces, 48 provincial clusters of 10 departments (4 per province of 12)
    clusters = [
        Cluster.objects.create(
            owner=ministry, level=ClusterLevel.MINISTRY, number=i + 1, name=f"Cụm thi đua số {i + 1}"
        )
        for i in range(12)
    ]
    member_sets = [provinces[i * 5 : (i + 1) * 5] for i in range(12)]
    for k in range(48):
        owner = provinces[k]
        clusters.append(
            Cluster.objects.create(
                owner=owner, level=ClusterLevel.PROVINCIAL, number=1, name=f"Cụm thi đua số 1 – {owner.name}"
            )
        )
        member_sets.append(list(Unit.objects.filter(parent=owner)))
    memberships = []
    for year in range(2020, 2025):
        for cluster, members in zip(clusters, member_sets, strict=True):
            term = ClusterTerm.objects.create(
                cluster=cluster,
                year=year,
                leader=members[year % len(members)],
                deputy=members[(year + 1) % len(members)],
            )
            memberships += [
                ClusterMembership(term=term, unit=u, year=year, level=cluster.level, owner=cluster.owner)
                for u in members
            ]
    ClusterMembership.objects.bulk_create(memberships)
    user = get_user_model().objects.create_user("bench", password="bench-password-123")
    UnitRole.objects.create(user=user, unit=ministry, role=Role.BOARD)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.save()
    term = ClusterTerm.objects.get(cluster=clusters[0], year=2024)
    print(
        f"data: {Unit.objects.count()} units, {Cluster.objects.count()} clusters, {ClusterTerm.objects.count()} terms"
    )
    return session.session_key, term.pk


class Writer:
    """A background thread raising the data version (as any committed write does) at a fixed pace."""

    def __init__(self, database_url: str, every: float):
        self.database_url, self.every = database_url, every
        self.stop = threading.Event()

    def _run(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            while not self.stop.wait(self.every):
                conn.execute("UPDATE core_dataversion SET version = version + 1 WHERE id = 1")

    def __enter__(self) -> "Writer":
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


def csrf_cookie(port: int, headers: dict[str, str]) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/", headers=headers)
    response = conn.getresponse()
    response.read()
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    if response.status != 200 or "csrftoken" not in cookies:
        raise SystemExit(f"no CSRF cookie from the dashboard (status {response.status})")
    return cookies["csrftoken"].value


def check_cached(port: int, paths: tuple[str, ...], headers: dict[str, str]) -> None:
    """The figures below are for pages served from the page cache: check that they are."""
    for path in paths:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read().decode()
        if response.getheader("X-Page-Cache") != "hit" or "Cụm thi đua số 1" not in body:
            raise SystemExit(
                f"{path}: expected a cached page with the cluster, got {response.getheader('X-Page-Cache')}"
            )


def main() -> None:
    database_url = fresh_database("bench_pages")
    static_root = tempfile.mkdtemp(prefix="thidua-static-")
    env = server_env(database_url, static_root)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    session_key, term_id = populate(env)
    session_only = {"Cookie": f"sessionid={session_key}"}
    cluster_path = f"/to-chuc/cum/{term_id}/"
    with Gunicorn(env, workers=2) as server:
        # A browser holds the CSRF cookie from its first page; rendered pages are kept per browser.
        headers = {"Cookie": f"sessionid={session_key}; csrftoken={csrf_cookie(server.port, session_only)}"}
        for path in ("/healthz", "/", cluster_path):  # warm up every worker
            load(server.port, path, seconds=1, concurrency=4, headers=headers)
        check_cached(server.port, ("/", cluster_path), headers)
        # The render path, for the record: without a CSRF cookie every request renders the page.
        rendered = {
            "dashboard": load(server.port, "/", seconds=2, concurrency=CONCURRENCY, headers=session_only),
            "cluster": load(
                server.port, cluster_path, seconds=2, concurrency=CONCURRENCY, headers=session_only
            ),
        }
        # And under writes: some committed write every 200 ms invalidates every kept page.
        with Writer(database_url, every=0.2):
            written = load(server.port, "/", seconds=2, concurrency=CONCURRENCY, headers=headers)
        floor = load(server.port, "/healthz", seconds=SECONDS, concurrency=CONCURRENCY)
        dashboard = load(server.port, "/", seconds=SECONDS, concurrency=CONCURRENCY, headers=headers)
        cluster = load(server.port, cluster_path, seconds=SECONDS, concurrency=CONCURRENCY, headers=headers)
    for name, result in rendered.items():
        print(
            f"rendered {name:<10} rps={result['rps']:.0f} p50={result['p50_ms']:.1f}ms p99={result['p99_ms']:.1f}ms"
        )
    print(
        f"dashboard, one session, a write every 200 ms: rps={written['rps']:.0f} p50={written['p50_ms']:.1f}ms "
        f"p99={written['p99_ms']:.1f}ms"
    )
    for name, result in (("floor /healthz", floor), ("dashboard /", dashboard), ("cluster detail", cluster)):
        print(
            f"{name:<16} rps={result['rps']:.0f} p50={result['p50_ms']:.1f}ms p99={result['p99_ms']:.1f}ms errors={result['errors']}"
        )
    if dashboard["errors"] or cluster["errors"]:
        raise SystemExit("errors while loading pages")
    ratio = min(dashboard["rps"], cluster["rps"]) / floor["rps"]
    p99 = max(dashboard["p99_ms"], cluster["p99_ms"])
    print(
        f"BENCH pages dashboard_rps={dashboard['rps']:.0f} cluster_rps={cluster['rps']:.0f} "
        f"floor_rps={floor['rps']:.0f} ratio={ratio:.2f} p99_ms={p99:.1f}"
    )


if __name__ == "__main__":
    main()
