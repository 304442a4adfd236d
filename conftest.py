"""Shared fixtures: a small ministry with one cluster term, and users per role."""

import os
import shutil

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from thidua.organisation.models import ClusterLevel, Role, UnitKind
from thidua.organisation.tests.factories import (
    ClusterFactory,
    ClusterTermFactory,
    UnitFactory,
    UnitRoleFactory,
    UserFactory,
)

CHROMIUM = "/usr/bin/chromium"

# Property tests judge rules, not speed: on a shared 2-core CI machine a slow draw or example is not a
# failure (timing belongs to bench/). Examples per test stay Hypothesis's default.
hypothesis_settings.register_profile("thidua", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("thidua")


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no rendered page kept (thidua.core.pagecache)."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def ministry(db):
    return UnitFactory(kind=UnitKind.MINISTRY, name="Bộ Công an", short_name="Bộ Công an", code="BCA")


@pytest.fixture
def provinces(ministry):
    names = ["Sóc Trăng", "Tiền Giang", "Bến Tre", "Vĩnh Long", "Đồng Tháp", "Trà Vinh"]
    return [
        UnitFactory(parent=ministry, name=f"Công an tỉnh {n}", short_name=f"CA {n}", code=f"T-{i}")
        for i, n in enumerate(names)
    ]


@pytest.fixture
def other_province(ministry):
    return UnitFactory(parent=ministry, name="Công an tỉnh Hà Tĩnh", short_name="CA Hà Tĩnh", code="T-HT")


@pytest.fixture
def term(ministry, provinces):
    cluster = ClusterFactory(owner=ministry, level=ClusterLevel.MINISTRY, number=11, name="Cụm thi đua số 11")
    term = ClusterTermFactory(cluster=cluster, year=2024, members=provinces)
    term.leader, term.deputy = provinces[0], provinces[1]
    term.save()
    return term


@pytest.fixture
def make_user(db):
    def make(role: str | None = None, unit=None, **kwargs):
        user = UserFactory(**kwargs)
        if role == "superuser":
            user.is_superuser = user.is_staff = True
            user.save()
        elif role:
            UnitRoleFactory(user=user, unit=unit, role=role)
        return user

    return make


@pytest.fixture
def superuser(make_user):
    return make_user("superuser")


@pytest.fixture
def admin_client(client, superuser):
    """A client logged in as a superuser (staff): the Django admin back office."""
    client.force_login(superuser)
    return client


@pytest.fixture
def users(make_user, ministry, provinces, other_province):
    """One user per role; the unit roles sit at provinces[1] (Tiền Giang), the leader staff at provinces[0]."""
    return {
        "admin": make_user(Role.ADMIN, ministry),
        "board": make_user(Role.BOARD, ministry),
        "cluster_staff": make_user(Role.CLUSTER_STAFF, provinces[0]),
        "officer": make_user(Role.OFFICER, provinces[1]),
        "unit_leader": make_user(Role.UNIT_LEADER, provinces[1]),
        "viewer": make_user(Role.VIEWER, provinces[1]),
        "foreign_officer": make_user(Role.OFFICER, other_province),
        "nobody": make_user(None),
    }


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser).

    Skipped only when chromium is missing on a developer machine; under CI=true it must exist.
    """
    if not chromium_available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but /usr/bin/chromium is missing: .ci/run must install it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login_page(page, live_server):
    """Log a user in through the real login form; returns (page, base_url)."""

    def login(user, password="matkhau-thu-nghiem"):
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return login
