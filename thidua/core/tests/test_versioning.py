"""core.versioning: the atomic compare-and-increment behind every edit form and API update (13.11).

Exercised on core's own DataVersion table (it has a `version` column and no signals); the apps'
records test the same helper through their pages and API.
"""

import threading

import pytest
from django.db import connection, transaction

from thidua.core.errors import NotFound
from thidua.core.models import DataVersion
from thidua.core.versioning import StaleWrite, version_claim, version_field

pytestmark = pytest.mark.django_db


@pytest.fixture
def row():
    return DataVersion.objects.create(pk=99, version=3)


def test_a_fresh_version_moves_the_row_to_the_next_version(row):
    assert version_claim(row, 3) == 4
    assert row.version == 4 and DataVersion.objects.get(pk=99).version == 4


def test_a_stale_version_is_refused_with_the_newer_value_and_changes_nothing(row):
    with pytest.raises(StaleWrite) as caught:
        version_claim(row, 2, shown=lambda newer: f"phiên bản {newer.version}")
    error = caught.value
    assert error.status == 409 and error.code == "stale_write" and error.field == "version"
    assert "Giá trị hiện tại: phiên bản 3" in str(error) and "tải lại trang" in str(error)
    assert error.as_dict()["params"]["current_version"] == "3"
    assert DataVersion.objects.get(pk=99).version == 3


def test_without_an_expected_version_the_write_still_moves_the_version(row):
    """Imports and internal writes bump it too, so a form opened before them is refused after."""
    assert version_claim(row, None) == 4
    with pytest.raises(StaleWrite):
        version_claim(row, 3)


def test_a_deleted_row_is_not_found(row):
    DataVersion.objects.filter(pk=99).delete()
    with pytest.raises(NotFound):
        version_claim(row, 3)


def test_the_form_field_is_a_required_hidden_integer():
    field = version_field()
    assert field.widget.is_hidden and field.required


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_writers_at_the_same_version_one_wins_one_is_refused():
    """Both read version 1; they claim at once: exactly one succeeds, the other gets StaleWrite."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency needs PostgreSQL (SQLite serialises writers)")
    DataVersion.objects.create(pk=99, version=1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def writer():
        try:
            with transaction.atomic():
                row = DataVersion.objects.get(pk=99)
                barrier.wait(timeout=10)
                version_claim(row, 1)
                outcomes.append("saved")
        except StaleWrite:
            outcomes.append("stale")
        finally:
            from django.db import connection as own

            own.close()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["saved", "stale"]
    assert DataVersion.objects.get(pk=99).version == 2
