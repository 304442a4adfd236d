"""Writes for secret ballots: set up, open (voter roll + one-time codes), cast, paper, close, tally, publish.

Secrecy (R14, issue 18): `vote_cast` locks the code row, marks it used and stores the ballot in one
transaction, sealed under the ballot's public key; the stored ciphertext carries no voter, no code
and no timestamp, and only k shares of the count committee open it, in memory, at the tally.
"""

from ._common import CODE_ALPHABET, CODE_LENGTH, RULE_FIELDS, new_code, normalise_code
from .ballots import (
    ballot_close,
    ballot_create,
    ballot_open,
    ballot_print_slips,
    ballot_rekey,
    ballot_set_committee,
    ballot_update_rules,
    committee_choices,
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
    paper_record_enter,
)
from .tally import (
    OpenedBox,
    ballot_decide_tie,
    ballot_publish,
    ballot_recount,
    ballot_rules,
    ballot_tally,
    count_ballot,
    open_box,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "OpenedBox",
    "RULE_FIELDS",
    "ballot_close",
    "ballot_create",
    "ballot_decide_tie",
    "ballot_issue_paper",
    "ballot_open",
    "ballot_print_slips",
    "ballot_publish",
    "ballot_recount",
    "ballot_rekey",
    "ballot_rules",
    "ballot_set_committee",
    "ballot_tally",
    "ballot_update_rules",
    "committee_choices",
    "count_ballot",
    "new_code",
    "normalise_code",
    "open_box",
    "option_set_tie_break_score",
    "paper_ballot_add",
    "paper_batch_confirm",
    "paper_batch_discard",
    "paper_batch_enter_ballots",
    "paper_batch_enter_totals",
    "paper_record_enter",
    "vote_cast",
    "vote_check",
    "voter_code_reprint",
    "voter_roll",
]
