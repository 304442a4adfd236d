"""The official classification of a period, when it is not the score band.

A cluster may classify its units by secret ballot at the conference (voting, a layer above scoring):
the published vote is then the official classification and the score band is shown beside it for
reference. Scoring cannot import voting, so voting registers a provider here at start-up (apps.ready),
as the paper kinds register with the documents engine."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class OfficialClassification:
    source: str  # e.g. the ballot's title
    url: str
    published_at: datetime.datetime | None
    grades: dict[int, str] = field(default_factory=dict)  # unit id → grade label ("Tốt")


Provider = Callable[..., "OfficialClassification | None"]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def official_classification(*, term: Any, period: Any) -> OfficialClassification | None:
    for provider in _providers:
        found = provider(term=term, period=period)
        if found is not None:
            return found
    return None
