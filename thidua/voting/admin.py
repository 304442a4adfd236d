"""Admin for ballots only. The receipt side (VoterCode) and the vote side (CastBallot, BallotMark) are
deliberately not registered: the admin's change log would record who touched which row and when.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Ballot


@admin.register(Ballot)
class BallotAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "conference", "kind", "status", "round_number")
    list_filter = ("kind", "status")
    raw_id_fields = ("conference", "parent")
    readonly_fields = (
        "status",
        "member_count",
        "present_unit_count",
        "issued_count",
        "collected_count",
        "valid_count",
        "invalid_count",
        "quorum_met",
    )
