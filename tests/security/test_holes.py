"""Holes the role × route matrix found, each pinned at the HTTP level (fails before its fix)."""

import datetime
from collections import defaultdict

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from thidua.conferences import services as conference_services
from thidua.conferences.errors import AttendeeHasVoterCode
from thidua.conferences.models import Attendee, SideEvent
from thidua.conferences.tests.factories import AttendeeFactory, ConferenceFactory
from thidua.core.errors import ValidationFailed
from thidua.voting import services as voting_services
from thidua.voting.models import BallotKind

pytestmark = pytest.mark.django_db


def _conference_with_an_open_ballot(term, staff, provinces):
    conference = ConferenceFactory(term=term, host=provinces[0])
    attendees = [AttendeeFactory(conference=conference, unit=unit, is_voter=True) for unit in provinces]
    ballot = voting_services.ballot_create(
        actor=staff, conference=conference, kind=BallotKind.YES_NO, title="Biểu quyết", units=[provinces[0]]
    )
    voting_services.ballot_open(actor=staff, ballot=ballot)
    return conference, attendees[0]


def test_removing_an_attendee_who_holds_a_voter_code_is_refused_not_a_500(client, term, users, provinces):
    """Was a ProtectedError (500): the voter code of an opened ballot names the attendee."""
    staff = users["cluster_staff"]
    conference, attendee = _conference_with_an_open_ballot(term, staff, provinces)
    client.force_login(staff)

    response = client.post(reverse("conferences:attendee_remove", args=[conference.pk, attendee.pk]))

    assert response.status_code == 302
    assert Attendee.objects.filter(pk=attendee.pk).exists()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("mã bỏ phiếu" in m for m in messages), messages


def test_the_service_refuses_it_with_a_409(term, users, provinces):
    staff = users["cluster_staff"]
    _conference, attendee = _conference_with_an_open_ballot(term, staff, provinces)
    with pytest.raises(AttendeeHasVoterCode) as caught:
        conference_services.attendee_remove(actor=staff, attendee=attendee)
    assert caught.value.status == 409
    assert Attendee.objects.filter(pk=attendee.pk).exists()


def test_a_side_event_of_an_unknown_kind_is_refused(term, users, provinces):
    """Was stored, then every API read of the conference failed its response schema (500)."""
    conference = ConferenceFactory(term=term, host=provinces[0])
    with pytest.raises(ValidationFailed):
        conference_services.side_event_add(
            actor=users["cluster_staff"],
            conference=conference,
            kind="sport",
            title="Giao lưu",
            date=datetime.date(2024, 7, 15),
        )
    assert not SideEvent.objects.exists()


def test_openapi_component_names_are_unique_per_schema():
    """ninja names a component after the class: two different classes of one name silently became one
    (the conference status change was documented with the award proposal's body)."""
    from ninja import Schema

    from thidua.api.api import api

    api.get_openapi_schema()  # imports every router
    by_name = defaultdict(set)
    pending = list(Schema.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("thidua."):
            by_name[cls.__name__].add(
                tuple(sorted((k, str(v.annotation)) for k, v in cls.model_fields.items()))
            )
    clashes = {name: shapes for name, shapes in by_name.items() if len(shapes) > 1}
    assert not clashes, sorted(clashes)


def test_the_api_reads_a_conference_that_has_a_side_event(client, term, users, provinces):
    """Was a 500: the side event's output schema required a `version` the model does not have."""
    conference = ConferenceFactory(term=term, host=provinces[0])
    client.force_login(users["cluster_staff"])
    created = client.post(
        f"/api/v1/conferences/{conference.pk}/side-events",
        {"kind": "sports", "title": "Giao lưu bóng đá", "date": "2024-07-15"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    response = client.get(f"/api/v1/conferences/{conference.pk}")
    assert response.status_code == 200
    assert [e["title"] for e in response.json()["side_events"]] == ["Giao lưu bóng đá"]
