"""Map each capability's context dict (its selectors' contract) onto the template keys of kinds.py
(used by the owning apps' papers.py).

Inputs are the dicts returned by emulation.covenant_document_context / period_report_document_context,
conferences.conference_document_context, voting.ballot_count_minutes_context and
awards.proposal_list_context / decision_context / certificate_context, plus the source record for
the few facts those dicts leave out (the place of the issuing unit, a period's kind).
"""

from .awards import certificate, decision, proposal
from .common import movement_name
from .conferences import ballot, conference
from .emulation import covenant, period_label, period_report

__all__ = [
    "ballot",
    "certificate",
    "conference",
    "covenant",
    "decision",
    "movement_name",
    "period_label",
    "period_report",
    "proposal",
]
