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
def _vietnamese_ui_language():
    """Each test starts in the default language. A request made with the language cookie leaves its
    language active in the thread (the middleware activates, nothing deactivates), so a test after an
    English request saw English labels, depending on which tests shared its worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


@pytest.fixture
def softhsm_token(tmp_path, monkeypatch):
    """A PKCS#11 token of its own in tmp_path (SoftHSM2, SOFTHSM2_CONF), holding one RSA key and its
    certificate under the label "ky-so", as a CA issues a USB signing token: a factory taking the
    holder's name and returning (signing.TokenKey with the PIN, certificate).

    Skipped only when softhsm2 is missing on a developer machine; under CI=true it must exist."""
    if shutil.which("softhsm2-util") is None or not os.path.exists(SOFTHSM_MODULE):
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but softhsm2 is missing: `make system-deps` must install it")
        pytest.skip("softhsm2 is not installed (apt-get install softhsm2)")
    import datetime
    import subprocess

    import pkcs11
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    from thidua.documents import signing

    tokens = tmp_path / "tokens"
    tokens.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    made = iter(range(1, 100))

    def make(name: str = "Nguyễn Văn Minh", pin: str = "246810") -> tuple[signing.TokenKey, x509.Certificate]:
        label = f"token-{next(made)}"
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365))
            .sign(key, hashes.SHA256())
        )
        key_file = tmp_path / f"{label}.pem"
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )

        def util(*args: str) -> None:
            subprocess.run(["softhsm2-util", *args], check=True, capture_output=True, timeout=60)

        util("--init-token", "--free", "--label", label, "--so-pin", "13579135", "--pin", pin)
        util("--import", str(key_file), "--token", label, "--label", "ky-so", "--id", "01", "--pin", pin)
        key_file.unlink()
        library = pkcs11.lib(SOFTHSM_MODULE)
        library.reinitialize()  # read this test's SOFTHSM2_CONF and the token just made
        with library.get_token(token_label=label).open(rw=True, user_pin=pin) as session:
            session.create_object(
                {
                    pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                    pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                    pkcs11.Attribute.TOKEN: True,
                    pkcs11.Attribute.PRIVATE: False,
                    pkcs11.Attribute.LABEL: "ky-so",
                    pkcs11.Attribute.ID: b"\x01",
                    pkcs11.Attribute.SUBJECT: subject.public_bytes(),
                    pkcs11.Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER),
                }
            )
        return signing.TokenKey(
            module=SOFTHSM_MODULE, token_label=label, key_label="ky-so", pin=pin
        ), certificate

    return make
