"""Writes for secret ballots: set up, open (voter roll + one-time codes), cast, paper, close, tally, publish.

Secrecy (R14): `vote_cast` locks the code row, marks it used and stores the ballot in one
transaction; the stored ballot carries no voter, no code and no timestamp.
"""

from ._common import CODE_ALPHABET, CODE_LENGTH, RULE_FIELDS, new_code, normalise_code
from .ballots import (
    ballot_close,
    ballot_create,
    ballot_open,
    ballot_print_slips,
    ballot_set_committee,
    ballot_update_rules,
    option_set_tie_break_score,
    voter_code_reprint,
    voter_roll,
)
from .casting import vote_cast, vote_check
from .paper import (
    ballot_issue_paper,
    paper_ballot_add,
    paper_batch_confirm,
    paper_batch_discard,
    paper_batch_enter_ballots,
    paper_batch_enter_totals,
)
from .tally import ballot_decide_tie, ballot_publish, ballot_rules, ballot_tally, count_ballot

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "RULE_FIELDS",
    "ballot_close",
    "ballot_create",
    "ballot_decide_tie",
    "ballot_issue_paper",
    "ballot_open",
    "ballot_print_slips",
    "ballot_publish",
    "ballot_rules",
    "ballot_set_committee",
    "ballot_tally",
    "ballot_update_rules",
    "count_ballot",
    "new_code",
    "normalise_code",
    "option_set_tie_break_score",
    "paper_ballot_add",
    "paper_batch_confirm",
    "paper_batch_discard",
    "paper_batch_enter_ballots",
    "paper_batch_enter_totals",
    "vote_cast",
    "vote_check",
    "voter_code_reprint",
    "voter_roll",
]
