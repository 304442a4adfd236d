"""Issue 13.11 for award proposals: a stale council-vote or publication form / API call is refused
with the newer values; a fresh one is saved."""

import datetime

import pytest
from django.urls import reverse

from thidua.awards.models import ProposalBatch, ProposalStatus

from .factories import BatchFactory, CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_batch(seeded, provinces):
    batch = BatchFactory(unit=provinces[1], reviewer=provinces[1].parent, status=ProposalStatus.COUNCIL)
    CandidateFactory(batch=batch, award_type=seeded["BK-BCA-TT"])
    return batch


def test_a_stale_publication_form_is_refused_and_keeps_the_newer_window(client, users, council_batch):
    client.force_login(users["board"])
    page = client.get(reverse("awards:batch_detail", args=[council_batch.pk])).content.decode()
    assert f'name="version" value="{council_batch.version}"' in page
    url = reverse("awards:batch_action", args=[council_batch.pk, "publish"])
    window = {"publish_from": "2025-03-01", "publish_until": "2025-03-15"}
    assert client.post(url, window | {"version": 1}).status_code == 302  # B
    response = client.post(
        url,
        {"publish_from": "2025-04-01", "publish_until": "2025-04-02", "version": 1},  # A, page read before B
        follow=True,
        HTTP_REFERER=reverse("awards:batch_detail", args=[council_batch.pk]),
    )
    body = response.content.decode()
    assert "người khác cập nhật" in body and "01/03/2025–15/03/2025" in body
    batch = ProposalBatch.objects.get(pk=council_batch.pk)
    assert (batch.publish_from, batch.version) == (datetime.date(2025, 3, 1), 2)
    assert client.post(url, window | {"publish_until": "2025-03-20", "version": 2}).status_code == 302
    assert ProposalBatch.objects.get(pk=council_batch.pk).publish_until == datetime.date(2025, 3, 20)


def test_council_vote_api_needs_a_fresh_version(client, users, council_batch):
    candidate = council_batch.candidates.get()
    client.force_login(users["board"])
    url = f"/api/v1/awards/proposals/{council_batch.pk}/council-vote"
    vote = {"council_members": 9, "council_present": 9, "voted_on": "2024-12-05", "votes": {candidate.pk: 9}}

    def post(data):
        return client.post(url, data=data, content_type="application/json")

    assert post(vote).status_code == 422  # version required
    fresh = post(vote | {"version": 1})
    assert fresh.status_code == 200 and fresh.json()["version"] == 2
    stale = post(vote | {"votes": {candidate.pk: 3}, "version": 1})
    assert (
        stale.status_code == 409
        and stale.json()["code"] == "stale_write"
        and "9/9" in stale.json()["message"]
    )
    candidate.refresh_from_db()
    assert candidate.votes_for == 9
