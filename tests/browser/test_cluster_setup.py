"""Browser (issue 15.2): the ministry board sets up a cluster — a numberless Khối, its first year with a
leader and two deputies, then removes a member after confirming — at desktop and phone widths."""

import re

import pytest

from thidua.organisation.models import Cluster, ClusterMembership, ClusterTerm
from thidua.organisation.tests.factories import UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_board_sets_up_a_bloc_with_two_deputies_and_removes_a_member(
    login_page, live_server, users, ministry, tmp_path, width, height
):
    units = [UnitFactory(parent=ministry, name=f"Công an tỉnh Khối {n}") for n in range(1, 5)]
    page = login_page(users["board"])
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/to-chuc/cum/")
    page.click("#cluster-create")
    page.select_option("#id_owner", str(ministry.pk))
    page.select_option("#id_level", "ministry")
    page.select_option("#id_kind", "khoi")
    page.fill("#id_name", "Khối thi đua các tỉnh biên giới")
    page.click("#cluster-create button[type=submit]")
    page.wait_for_url(re.compile(r".*/cum/nhom/\d+/nam-moi/$"))
    cluster = Cluster.objects.get(name="Khối thi đua các tỉnh biên giới")
    assert cluster.number is None

    page.fill("#id_year", "2025")
    page.dispatch_event("#id_year", "change")
    page.wait_for_selector("text=Chỉ hiện các đơn vị còn hoạt động trong năm 2025")
    for unit in units:
        page.check(f"#term-create-form input[name=members][value='{unit.pk}']")
    page.select_option("#id_leader", str(units[0].pk))
    page.check(f"#term-create-form input[name=deputies][value='{units[1].pk}']")
    page.check(f"#term-create-form input[name=deputies][value='{units[2].pk}']")
    page.click("#term-create-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/to-chuc/cum/\d+/$"))
    assert "Đã lập danh sách cụm năm 2025" in page.inner_text(".alert")
    term = ClusterTerm.objects.get(cluster=cluster, year=2025)
    assert page.locator("#members .badge-deputy").count() == 2
    assert page.locator("#members .badge-leader").count() == 1

    page.click("#edit-members")
    page.click(f"#member-{units[3].pk} button[type=submit]")
    page.wait_for_selector("#confirm-dialog[open]")
    assert f"Bỏ {units[3].name} khỏi cụm năm 2025?" in page.inner_text("#confirm-dialog")
    assert ClusterMembership.objects.filter(term=term, unit=units[3]).exists()  # nothing before the OK
    page.click("#confirm-dialog-ok")
    page.wait_for_selector(f"text=Đã bỏ {units[3].name} khỏi cụm năm 2025")
    assert not ClusterMembership.objects.filter(term=term, unit=units[3]).exists()
    # the leader cannot be removed from the page: no button, a hint instead
    assert page.locator(f"#member-{units[0].pk} button").count() == 0
    width_used = page.evaluate("document.documentElement.scrollWidth")
    assert width_used <= width, f"page is {width_used}px wide at {width}px"
    page.screenshot(path=str(tmp_path / f"cluster-setup-{width}.png"), full_page=True)
    assert (tmp_path / f"cluster-setup-{width}.png").stat().st_size > 0
