"""Browser (issue 15.3): the board starts a new year — next year's members with a merged unit replaced by
its successor (shown before confirming), the standard periods edited, last year's covenant copied as a
draft, the new leader's officer listed as managing the year — at desktop and phone widths."""

import datetime
import re

import pytest

from thidua.emulation.models import Covenant, EmulationPeriod
from thidua.emulation.tests.factories import make_covenant
from thidua.organisation import services
from thidua.organisation.models import ClusterTerm, Role
from thidua.organisation.tests.factories import UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_board_starts_a_new_year(
    login_page, live_server, users, term, provinces, make_user, tmp_path, width, height
):
    make_covenant(term)
    successor = UnitFactory(parent=term.cluster.owner, name="Công an tỉnh Kế Thừa")
    services.unit_merge(
        actor=users["admin"],
        predecessors=[provinces[2]],
        successor=successor,
        effective_date=datetime.date(2025, 7, 1),
    )
    officer = make_user(Role.OFFICER, provinces[3], full_name="Trần Văn Cụm Trưởng Mới")
    page = login_page(users["board"])
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/to-chuc/cum/{term.pk}/")
    page.click("#start-next-year")
    page.wait_for_selector("#plan-flags")
    assert "thay bằng Công an tỉnh Kế Thừa" in page.inner_text("#plan-rows")
    assert page.is_checked(f"#next-form input[name=members][value='{successor.pk}']")
    assert not ClusterTerm.objects.filter(cluster=term.cluster, year=2025).exists()
    page.select_option("#id_leader", str(provinces[3].pk))
    page.check(f"#next-form input[name=deputies][value='{provinces[4].pk}']")
    page.click("#next-form button[type=submit]")
    page.wait_for_selector("#confirm-dialog[open]")
    page.click("#confirm-dialog-ok")
    page.wait_for_url(re.compile(r".*/thi-dua/cum/\d+/bat-dau-nam/$"))
    new_term = ClusterTerm.objects.get(cluster=term.cluster, year=2025)
    assert new_term.leader == provinces[3]

    page.fill("#id_half_year_1_default_deadline", "2025-07-20")
    page.click("#periods-form button[type=submit]")
    page.wait_for_selector("#periods")
    assert EmulationPeriod.objects.filter(owner=term.cluster.owner, year=2025).count() == 6
    assert "20/07/2025" in page.inner_text("#periods")

    page.click("#covenant-copy button[type=submit]")
    page.wait_for_selector("#confirm-dialog[open]")
    page.click("#confirm-dialog-ok")
    page.wait_for_selector("text=Đã chép giao ước năm 2024 thành bản nháp năm 2025")
    assert Covenant.objects.filter(term=new_term, copied_from__isnull=False).exists()
    assert officer.full_name in page.inner_text("#leader-staff")
    width_used = page.evaluate("document.documentElement.scrollWidth")
    assert width_used <= width, f"page is {width_used}px wide at {width}px"
    page.screenshot(path=str(tmp_path / f"new-year-{width}.png"), full_page=True)
    assert (tmp_path / f"new-year-{width}.png").stat().st_size > 0
