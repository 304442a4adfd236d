"""The page cache never shows a page older than the last committed write, nor another user's page."""

import os
import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from thidua.core import dataversion
from thidua.organisation.models import ClusterTerm, Unit

pytestmark = pytest.mark.django_db


def _get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response


def _warm(client, url):
    """First GET sets the CSRF cookie (not cacheable yet), the second stores, the third hits."""
    _get(client, url)
    assert _get(client, url)["X-Page-Cache"] == "miss"
    return _get(client, url)


@pytest.mark.parametrize("name", ["dashboard", "term_detail", "cluster_list", "unit_list"])
def test_second_view_is_served_from_the_cache_with_few_queries(
    client, users, term, name, django_assert_max_num_queries
):
    client.force_login(users["board"])
    url = {
        "dashboard": reverse("core:dashboard"),
        "term_detail": reverse("organisation:term_detail", args=[term.pk]),
        "cluster_list": reverse("organisation:cluster_list") + "?year=2024",
        "unit_list": reverse("organisation:unit_list"),
    }[name]
    first = _get(client, url)
    assert "X-Page-Cache" not in first  # no CSRF cookie yet: rendered, not stored
    stored = _get(client, url)
    assert stored["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(3):  # session user, data version (the session is in the cache)
        hit = _get(client, url)
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == stored.content
    assert "private" in hit["Cache-Control"]


def test_a_write_through_the_orm_is_seen_at_once(client, users, term, provinces):
    client.force_login(users["board"])
    url = reverse("organisation:term_detail", args=[term.pk])
    assert "Vĩnh Long" in _warm(client, url).content.decode()
    before = dataversion.current()
    Unit.objects.filter(pk=provinces[3].pk).update(name="Công an tỉnh Vĩnh Long mới")  # no signals
    assert dataversion.current() == before + 1
    Unit.objects.filter(pk=provinces[3].pk).update(short_name="CA Vĩnh Long mới")
    fresh = _get(client, url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "CA Vĩnh Long mới" in fresh.content.decode()


def test_a_handover_shows_its_message_and_new_leader(client, users, term, provinces):
    client.force_login(users["board"])
    url = reverse("organisation:term_detail", args=[term.pk])
    _warm(client, url)
    response = client.post(
        reverse("organisation:term_handover", args=[term.pk]),
        {"new_leader": provinces[2].pk, "new_deputy": provinces[3].pk, "handed_over_on": "20/11/2024"}
        | {"mode": "elected"},
    )
    assert response.status_code == 302
    page = _get(client, url).content.decode()
    assert "Đã bàn giao: năm 2025" in page  # the flash message: never a cached page
    assert ClusterTerm.objects.get(cluster=term.cluster, year=2025).leader == provinces[2]
    assert "2025" in page


def test_users_never_share_a_page(users, term):
    url = reverse("organisation:term_detail", args=[term.pk])
    board, staff = Client(), Client()
    board.force_login(users["board"])
    staff.force_login(users["cluster_staff"])
    board_page = _warm(board, url).content.decode()
    staff.cookies["csrftoken"] = board.cookies["csrftoken"].value  # even with the same browser cookie
    staff_page = _get(staff, url).content.decode()
    assert users["board"].full_name in board_page
    assert users["board"].full_name not in staff_page
    assert users["cluster_staff"].full_name in staff_page
    assert "Ghi nhận bàn giao" in board_page and "Ghi nhận bàn giao" not in staff_page


def test_a_cached_page_keeps_valid_csrf_tokens(users, term):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["board"])
    page = _warm(client, reverse("core:dashboard"))
    assert page["X-Page-Cache"] == "hit"
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert found
    token = found.group(1)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    english = _get(client, reverse("core:dashboard"))
    assert english["X-Page-Cache"] == "miss"  # another language is another page
    assert 'lang="en"' in english.content.decode()


def test_htmx_fragments_and_full_pages_are_kept_apart(client, users, ministry):
    client.force_login(users["board"])
    url = reverse("organisation:unit_list") + "?q=ca"
    full = _warm(client, url)
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "X-Page-Cache" not in fragment or fragment["X-Page-Cache"] == "miss"
    assert b"<html" in full.content and b"<html" not in fragment.content


def test_secret_ballot_storage_does_not_raise_the_version():
    tables = dataversion.versioned_tables()
    assert {"voting_votercode", "voting_castballot", "voting_ballotmark"}.isdisjoint(tables)
    assert {"voting_ballot", "organisation_unit", "emulation_periodreport", "awards_awardrecord"} <= tables
    assert not dataversion.writes_versioned_table('UPDATE "voting_votercode" SET "used" = %s WHERE id = %s')
    assert not dataversion.writes_versioned_table(
        'UPDATE "accounts_user" SET "last_login" = %s WHERE "id" = %s'
    )
    assert dataversion.writes_versioned_table('UPDATE "accounts_user" SET "full_name" = %s WHERE "id" = %s')
    assert dataversion.writes_versioned_table('DELETE FROM "organisation_unit" WHERE "id" IN (%s)')
    assert not dataversion.writes_versioned_table('SELECT * FROM "organisation_unit"')
    assert not dataversion.writes_versioned_table('INSERT INTO "django_session" ("session_key") VALUES (%s)')


def test_the_version_rises_once_after_commit_and_not_on_rollback(
    ministry, django_capture_on_commit_callbacks
):
    """Inside a test the outer transaction never commits: commits are played by the capture below."""
    start = dataversion.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        Unit.objects.filter(pk=ministry.pk).update(name="Bộ Công an (1)")
        Unit.objects.filter(pk=ministry.pk).update(name="Bộ Công an (2)")
        assert dataversion.current() == start  # nothing is promised before the commit
    assert len(callbacks) == 2
    assert dataversion.current() == start + 1  # raised once for the whole transaction
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Unit.objects.filter(pk=ministry.pk).update(name="Bộ Công an (3)")
        raise RuntimeError
    assert callbacks == [] and dataversion.current() == start + 1
    # a write after a rolled-back savepoint still counts
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                Unit.objects.filter(pk=ministry.pk).update(name="Bộ Công an (4)")
                raise RuntimeError
        except RuntimeError:
            pass
        Unit.objects.filter(pk=ministry.pk).update(name="Bộ Công an (5)")
    assert dataversion.current() == start + 2


def test_touch_records_a_write_made_outside_django(ministry, django_capture_on_commit_callbacks):
    start = dataversion.current()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        dataversion.touch()
    assert dataversion.current() == start + 1
    assert dataversion._wrapper in connection.execute_wrappers


def test_touch_command_rebuilds_cached_pages(client, users, term, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    client.force_login(users["board"])
    url = reverse("organisation:term_detail", args=[term.pk])
    assert _warm(client, url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True), open(os.devnull, "w") as devnull:
        call_command("touch_data_version", stdout=devnull)
    assert _get(client, url)["X-Page-Cache"] == "miss"
