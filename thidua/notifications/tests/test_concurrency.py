"""Two workers scanning at once on PostgreSQL: each notification and each e-mail exactly once, no error."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from thidua.emulation.tests.factories import make_periods
from thidua.notifications import services
from thidua.notifications.models import Notification

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_runs_at_once_notify_and_mail_each_person_once(users, term, provinces):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL (SQLite serialises writers)")
    officer = users["officer"]
    officer.email = "canbo@tiengiang.gov.vn"
    officer.save()
    periods = make_periods(term.cluster.owner, 2024)
    today = periods["q1"].default_deadline - datetime.timedelta(days=1)
    start, errors = threading.Barrier(4), []

    def run():
        try:
            start.wait()
            services.notifications_run(today=today)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    mine = Notification.objects.filter(recipient=officer)
    assert mine.count() == len(set(mine.values_list("key", flat=True))) > 0
    assert len([m for m in mail.outbox if m.to == [officer.email]]) == mine.count()
