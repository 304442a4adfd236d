"""The vote-count minutes (Biên bản kiểm phiếu) of a tallied ballot. Registered at start-up
(VotingConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.documents import registry, sources
from thidua.documents.adapters.conferences import ballot as ballot_adapter
from thidua.documents.builtin.cluster import vote_count_minutes as minutes_layout
from thidua.documents.kinds import DEMO_CONTEXTS, HEADER, Kind

from .models import Ballot
from .selectors import ballot_count_minutes_context

COUNTED = ("tallied", "published")


def ballot_context(actor: User, ballot: Ballot, **params) -> sources.SourceContext:
    owner, term = sources.for_term(actor, ballot.conference.term)
    data = ballot_adapter(
        ballot_count_minutes_context(ballot), ballot, sources.term_facts(term), sources.place_of
    )
    return sources.from_record(data, ballot, owner=owner, term=term)


def _adapt(data: dict, ballot: Ballot) -> dict:
    return ballot_adapter(data, ballot, sources.term_facts(ballot.conference.term), sources.place_of)


def _demo(term):
    """A term's first counted ballot; system-wide (term None) every counted ballot."""
    ballots = Ballot.objects.filter(status__in=COUNTED).order_by("pk")
    if term is not None:
        first = ballots.filter(conference__term=term).first()
        return [(first, {})] if first is not None else []
    return [(ballot, {}) for ballot in ballots]


registry.register(
    registry.PaperKind(
        kind=Kind(
            "vote_count_minutes",
            _("Biên bản kiểm phiếu"),
            "BIÊN BẢN KIỂM PHIẾU",
            "BB",
            (
                *HEADER,
                "cluster_name",
                "ballot_title",
                "members_total",
                "present",
                "issued",
                "collected",
                "valid",
                "invalid",
                "candidates",
            ),
            _("phiếu bầu"),
        ),
        demo=DEMO_CONTEXTS["vote_count_minutes"],
        layout=minutes_layout,
        source=Ballot,
        context=ballot_context,
        adapt=_adapt,
        term_of=lambda ballot: ballot.conference.term,
        title="Biên bản kiểm phiếu",
        position=50,
        demo_records=_demo,
    )
)
