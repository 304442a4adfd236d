"""Admin back office for the activity log: registered, pages render, nothing can be added or edited."""

import pytest

from thidua.audit.models import Activity, ActivityEntry
from thidua.core.tests import admin_contract as contract

pytestmark = pytest.mark.django_db
APP = "audit"


@pytest.fixture
def rows(users):
    return ActivityEntry.objects.create(
        action=Activity.LOGIN,
        user=users["officer"],
        username=users["officer"].username,
        client_ip="203.0.113.9",
    )


def test_every_model_is_registered():
    contract.check_every_concrete_model_is_registered(APP)


def test_pages_render_for_a_superuser(admin_client, superuser, rows):
    contract.check_changelist_search_and_add(admin_client, superuser, APP, "activityentry")
    contract.check_change_and_history(admin_client, APP, "activityentry")
    response = admin_client.post(
        contract.admin_url(APP, "activityentry", "change", rows.pk), {"username": "x"}
    )
    assert response.status_code == 403
    rows.refresh_from_db()
    assert rows.username == users_name(rows)


def users_name(entry):
    return entry.user.username


def test_non_staff_is_sent_to_login(client, users):
    contract.check_non_staff_is_sent_to_login(client, users["officer"], APP)
