"""Writes of the awards capability. Every public service takes a keyword-only `actor` and checks it.

- `people`: persons, annual assessments, discipline;
- `batches`: proposal batches, candidates, the status flow, council votes, publication;
- `overrides`: R9/R10 tick boxes as recorded exceptions approved by a second person;
- `decisions`: decisions (with the authority's competence), attachments, revocation;
- `importing`: the all-or-nothing Excel import of award records (a background job).
"""

from .batches import (
    _finish_council,
    ballots_for_batch,
    batch_create,
    batch_forward,
    batch_publish,
    batch_transition,
    batches_due,
    candidate_add,
    candidate_remove,
    candidates_from_ballot,
    council_ballots,
    council_vote_from_ballot,
    council_vote_record,
    deadline_kind,
    processing_deadline,
)
from .decisions import (
    DECISION_FILE_TYPES,
    annulment_register,
    award_record_revoke,
    decision_attach,
    decision_attachment_delete,
    decision_publish,
    decision_register,
)
from .overrides import override_approve, overrides_request
from .people import assessment_set, discipline_add, person_create, person_update

__all__ = [
    "batch_forward",
    "DECISION_FILE_TYPES",
    "annulment_register",
    "_finish_council",
    "assessment_set",
    "award_record_revoke",
    "ballots_for_batch",
    "batch_create",
    "batch_publish",
    "batch_transition",
    "batches_due",
    "candidate_add",
    "candidate_remove",
    "candidates_from_ballot",
    "council_ballots",
    "council_vote_from_ballot",
    "council_vote_record",
    "deadline_kind",
    "decision_attach",
    "decision_attachment_delete",
    "decision_publish",
    "decision_register",
    "discipline_add",
    "override_approve",
    "overrides_request",
    "person_create",
    "person_update",
    "processing_deadline",
]
