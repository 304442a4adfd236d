"""Voting's answer to scoring.official: a published classification ballot of the period is official."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from thidua.scoring.official import OfficialClassification, register

from .models import Ballot, BallotKind, BallotStatus
from .selectors import ballot_results


@register
def published_classification(*, term: Any, period: Any) -> OfficialClassification | None:
    ballot = (
        Ballot.objects.filter(
            conference__term=term,
            conference__period=period,
            kind=BallotKind.CLASSIFICATION,
            status=BallotStatus.PUBLISHED,
        )
        .order_by("-published_at", "-pk")
        .first()
    )
    if ballot is None:
        return None
    published_at = ballot.published_at
    while ballot.parent_id:  # a re-vote round: the results follow the chain from its first round
        parent = ballot.parent
        assert parent is not None  # parent_id is set, and the FK keeps it pointing at a ballot
        ballot = parent
    grades = {row["unit_id"]: row["grade_label"] for row in ballot_results(ballot) if row["unit_id"]}
    return OfficialClassification(
        source=ballot.title,
        url=reverse("voting:ballot_detail", args=[ballot.pk]),
        published_at=published_at,
        grades=grades,
    )
