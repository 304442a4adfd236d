"""Issue 15.11: "Công khai từ/đến" shows the saved dates (ISO in type=date) and saves them back."""

import datetime
import re

import pytest
from django.urls import reverse

from thidua.awards.models import ProposalBatch

from .factories import BatchFactory

pytestmark = pytest.mark.django_db


def test_publish_window_inputs_hold_the_saved_dates_and_a_resave_keeps_them(client, users, provinces):
    batch = BatchFactory(
        unit=provinces[1],
        reviewer=provinces[1].parent,
        publish_from=datetime.date(2025, 3, 1),
        publish_until=datetime.date(2025, 3, 15),
    )
    client.force_login(users["board"])
    body = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    block = body[body.index('id="publish-form"') :]
    fields = dict(re.findall(r'<input type="date" name="(publish_\w+)" value="([^"]*)"', block))
    assert fields == {"publish_from": "2025-03-01", "publish_until": "2025-03-15"}

    found = re.search(r'name="version" value="(\d+)"', block)
    assert found
    version = found.group(1)
    client.post(reverse("awards:batch_action", args=[batch.pk, "publish"]), fields | {"version": version})
    batch = ProposalBatch.objects.get(pk=batch.pk)
    assert (batch.publish_from, batch.publish_until) == (
        datetime.date(2025, 3, 1),
        datetime.date(2025, 3, 15),
    )
