"""`manage.py demo_load` end to end: the seed clusters of DOMAIN.md, idempotent, and every page any demo
account reaches by following links renders (no error, no link to a page it may not open, no template left
unrendered)."""

import io
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from thidua.organisation.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from thidua.organisation.models import ClusterTerm, Handover, Unit

pytestmark = pytest.mark.django_db

PAGES_PER_ACCOUNT = 150
SKIP = ("/tai-khoan/dang-xuat", "/i18n/", "/admin/", "/api/", "/static/", "/media/")
LINK = re.compile(r'href="([^"#]+)"')
MODEL_COUNTS = ("organisation.Unit", "organisation.ClusterTerm", "emulation.Target", "awards.AwardRecord")


def _counts():
    from django.apps import apps

    return {label: apps.get_model(label).objects.count() for label in MODEL_COUNTS}


def _term(number: int, year: int, owner_code: str) -> ClusterTerm:
    return ClusterTerm.objects.select_related("leader", "deputy").get(
        cluster__number=number, year=year, cluster__owner__code=owner_code
    )


def _crawl(client: Client) -> dict[str, int]:
    """Breadth-first over internal GET links from the dashboard; returns {path: status}."""
    seen: dict[str, int] = {}
    queue = deque(["/"])
    while queue and len(seen) < PAGES_PER_ACCOUNT:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        assert "{{" not in body and "{%" not in body, f"{path}: unrendered template syntax"
        title = re.search(r"<title>(.*?)</title>", body, re.S)
        assert title and "<" not in title.group(1), f"{path}: markup inside <title>"
        for href in LINK.findall(body):
            target = urlsplit(urljoin(path, href.replace("&amp;", "&")))
            if target.netloc or not target.path.startswith("/") or target.path.startswith(SKIP):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen


def test_demo_data_is_the_seed_clusters_idempotent_and_every_linked_page_renders(settings):
    settings.THIDUA_SOFFICE = "/nonexistent/soffice"  # no PDF run: keeps the test fast
    call_command("demo_load", stdout=io.StringIO())
    first = _counts()
    call_command("demo_load", stdout=io.StringIO())
    assert _counts() == first  # loading again adds nothing

    cum11 = _term(11, 2024, "BCA")
    assert (cum11.leader.name, cum11.deputy.name) == ("Công an tỉnh Sóc Trăng", "Công an tỉnh Tiền Giang")
    assert {m.unit.name for m in cum11.memberships.select_related("unit")} >= {
        "Công an tỉnh Bến Tre",
        "Công an tỉnh Vĩnh Long",
        "Công an tỉnh Đồng Tháp",
        "Công an tỉnh Trà Vinh",
    }
    cum8 = _term(8, 2023, "BCA")
    assert (cum8.leader.name, cum8.deputy.name) == ("Công an tỉnh Bến Tre", "Công an tỉnh Tây Ninh")
    assert cum8.memberships.count() == 8
    assert _term(1, 2022, "BCA").memberships.count() == 5
    hatinh = Unit.objects.get(name="Công an tỉnh Hà Tĩnh")
    assert _term(1, 2021, hatinh.code).memberships.exists()
    cum5 = _term(5, 2024, hatinh.code)
    assert cum5.memberships.count() == 6
    assert Handover.objects.filter(from_term=cum5, to_term__year=2025).exists()
    # issue 17.1: every demo decision's authority is competent for each award it grants
    from thidua.awards.authority import is_competent
    from thidua.awards.models import AwardRecord

    decided = AwardRecord.objects.filter(decision__isnull=False).select_related("decision", "award_type")
    assert decided.filter(decision__authority="Bộ trưởng Bộ Công an", award_type__code="CO-BCA").exists()
    assert [
        (r.decision.number, r.award_type.code)
        for r in decided
        if not is_competent(r.decision.authority, r.award_type.authority)
    ] == []

    # issue 20: two partner installations with their certificates and a sample package in the inbox
    from thidua.exchange import services as exchange_services
    from thidua.exchange.models import Direction, Package, Partner

    assert set(Partner.objects.values_list("code", flat=True)) == {"BCA", "CA-HA-TINH"}
    sample = Package.objects.get(direction=Direction.IN, sender_code="CA-HA-TINH")
    board = get_user_model().objects.get(username="thuongtruc.bca")
    preview = exchange_services.package_preview(actor=board, package=sample)
    assert preview["missing"] == [] and preview["candidates"]

    problems = []
    for username, *_rest in DEMO_ACCOUNTS:
        user = get_user_model().objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD), username
        client = Client()
        client.force_login(user)
        visited = _crawl(client)
        assert len(visited) > 10, f"{username} reached only {len(visited)} pages"
        # a link must lead somewhere the account may go (a PDF, or a dossier holding one, redirects back
        # with a message: no LibreOffice here)
        problems += [
            f"{username} {path} → {status}"
            for path, status in visited.items()
            if status != 200 and not (status == 302 and path.endswith(("/pdf/", "/ho-so/zip/")))
        ]
    # the English catalogue renders everywhere too (placeholders, plurals)
    english = Client()
    english.force_login(get_user_model().objects.get(username="cumtruong.soctrang"))
    english.cookies["django_language"] = "en"
    problems += [f"en {path} → {status}" for path, status in _crawl(english).items() if status >= 400]
    assert not problems, "\n".join(problems)
