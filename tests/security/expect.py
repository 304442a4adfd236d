"""Role × route matrix: every HTML route of the URLconf and every operation of the API's OpenAPI schema, for
every role, on an own and a foreign object (tests/security/world.py).

EXPECT below is the one table of who may do what, keyed by URL name / operation id. A route without an entry
fails `test_every_route_has_an_expectation`, so the table cannot go stale silently. Outcomes:

- anonymous: a redirect to the login page (HTML) or 401 (API), unless the entry lets everyone in;
- a role outside the allowed set: 403 or 404 — a full-page POST may answer it with a redirect carrying the
  access-denied / not-found message (thidua.core.htmx.domain_errors), seen as "R403" / "R404";
- a role inside the allowed set: 200 for pages; for writes, success or a validation/state refusal
  (2xx, 409, 422, a redirect with or without a non-permission error) — never a permission refusal.
A 500 is never expected anywhere.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .matrix import Route, api_routes, html_routes, request, sides
from .world import ROLES

# -- role sets (written from the policy's intent, not computed from thidua/organisation/access.py) ---------------
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
# every grant at province A (or above it): they may read A's data and its cluster term's
VIEWERS = frozenset(
    {"admin", "ministry_board", "province_board", "cluster_staff", "officer", "unit_leader", "viewer"}
)
OVERSEERS = frozenset({"admin", "ministry_board"})  # the ministry sees every province: foreign objects too
ADMIN = frozenset({"admin"})
EDITORS = frozenset({"admin", "officer"})  # a unit's own entries (targets, reports, self-scores, proposals)
APPROVERS = frozenset({"admin", "unit_leader"})
# board of the owner, the leader unit's staff (its cluster staff and its emulation officer: A leads its term)
TERM_MANAGERS = frozenset({"admin", "ministry_board", "cluster_staff", "officer"})
BOARDS = frozenset({"admin", "ministry_board", "province_board"})  # authorities over province A
NONE: frozenset[str] = frozenset()

PAGE_OK = frozenset({200})
WRITE_OK = frozenset({200, 201, 204, 409, 422, "R", "R4xx"})
DENIED = frozenset({403, 404, "R403", "R404"})


@dataclass(frozen=True)
class Expect:
    own: frozenset[str]  # roles allowed on province A's object (or on a route without an object)
    foreign: frozenset[str] = OVERSEERS  # roles allowed on province B's object
    method: str = "GET"  # HTML only (an API operation's method is the schema's)
    ok: frozenset = PAGE_OK
    constants: dict[str, str] = field(default_factory=dict)  # non-object path parameters (action, fmt…)
    data: Callable | None = None  # HTML POST data, from the side's objects
    body: Callable | None = None  # API body fields replacing the schema-made ones
    denied: frozenset = DENIED
    note: str = ""

    def expected(self, role: str, side: str, kind: str) -> frozenset:
        allowed = self.foreign if side == "foreign" else self.own
        if role in allowed:
            return self.ok
        if role == "anonymous" and "anonymous" not in self.own:  # public routes refuse with 404
            return frozenset({401}) if kind == "api" else frozenset({"login"})
        return self.denied


def page(own=VIEWERS, foreign=OVERSEERS, **kwargs) -> Expect:
    return Expect(own, foreign, **kwargs)


def post(own, foreign=None, **kwargs) -> Expect:
    if foreign is None:
        foreign = own & OVERSEERS
    kwargs.setdefault("ok", WRITE_OK)
    return Expect(own, foreign, method="POST", **kwargs)


def write(own, foreign=None, **kwargs) -> Expect:  # an API operation that changes something
    return post(own, foreign, **kwargs)


def _pdf(name="tep.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def _xlsx():
    return SimpleUploadedFile(
        "bang.xlsx", b"PK\x03\x04 not really a workbook", content_type="application/zip"
    )


TODAY = datetime.date(2024, 7, 16).isoformat()
# separation of duties: the leader unit's staff (at A) may not accept, assess or adjust A's own data
SELF = "own unit's data: the cluster staff of the same unit is refused (separation of duties)"

EXPECT: dict[str, Expect | tuple[Expect, ...]] = {
    # -- public, accounts, core ---------------------------------------------------------------------------
    "set_language": post(EVERYONE, ok=frozenset({"R"}), data=lambda s: {"language": "en", "next": "/"}),
    "accounts:login": page(EVERYONE, ok=frozenset({200, "R"}), note="a signed-in user is sent on"),
    "accounts:logout": post(EVERYONE, ok=frozenset({"login"})),
    "accounts:password_change": page(SIGNED_IN),
    "accounts:password_change_done": page(SIGNED_IN),
    "accounts:password_set": page(
        EVERYONE, constants={"uidb64": "MQ", "token": "sai-ma"}, note="a one-time link: a wrong one says so"
    ),
    "accounts:password_set_done": page(EVERYONE),
    # accounts and role grants (15.3a): the admin, and each board for the accounts of its own units
    "personnel:account_list": page(BOARDS),
    "personnel:account_create": post(
        BOARDS,
        data=lambda s: {
            "username": "moi.matran",
            "full_name": "Ma Trận",
            "unit": s.unit.pk,
            "role": "viewer",
        },
    ),
    "personnel:account_import": post(BOARDS, data=lambda s: {"file": _xlsx()}),
    "personnel:import_template": page(BOARDS),
    "personnel:account_detail": page(BOARDS),
    "personnel:account_state": post(BOARDS, data=lambda s: {"active": "1"}),
    "personnel:password_reset": post(BOARDS),
    "personnel:grant_add": post(BOARDS, data=lambda s: {"unit": s.unit.pk, "role": "viewer"}),
    "personnel:grant_end": post(BOARDS, data=lambda s: {}),
    # notifications (15.7): everyone signed in has their own (nobody reads or marks another's)
    "notifications:list": page(SIGNED_IN),
    "notifications:mark_read": post(SIGNED_IN, data=lambda s: {"all": "1"}),
    "notifications:preference": post(SIGNED_IN, data=lambda s: {"email": "on"}),
    "audit:index": page(ADMIN, note="the activity log is the system admin's"),
    "core:dashboard": page(SIGNED_IN),
    "core:api-docs": page(EVERYONE, ok=frozenset({"R"})),
    "core:healthz": page(EVERYONE),
    "/api/{rest}": page(EVERYONE, ok=frozenset({404}), constants={"rest": "khong-co"}, note="JSON 404"),
    # -- organisation -------------------------------------------------------------------------------------
    "organisation:unit_list": page(SIGNED_IN),
    "organisation:unit_detail": page(),
    "organisation:cluster_list": page(SIGNED_IN),
    # a merger or the end of province A (17.13): the board of the authority above it (the ministry's)
    "organisation:unit_reorganise": (page(OVERSEERS), post(OVERSEERS)),
    "organisation:term_detail": page(),
    "organisation:term_handover": post(OVERSEERS),
    "organisation:term_create_next": (page(OVERSEERS), post(OVERSEERS)),
    # cluster set-up (15.2): the board of the owner; the world's cluster is the ministry's
    "organisation:cluster_create": (
        page(BOARDS, note="a role that may set up no cluster: 403"),
        post(BOARDS, data=lambda s: {"level": "provincial", "kind": "cum", "name": "Cụm mới"}),
    ),
    "organisation:cluster_detail": page(OVERSEERS),
    "organisation:term_create": (page(OVERSEERS), post(OVERSEERS, data=lambda s: {"year": "2026"})),
    "organisation:term_members": page(OVERSEERS),
    "organisation:term_member_add": post(OVERSEERS, data=lambda s: {"unit": s.unit.pk}),
    "organisation:term_member_remove": post(OVERSEERS),
    "organisation:term_roles": (
        page(OVERSEERS),
        post(OVERSEERS, data=lambda s: {"selection_mode": "elected"}),
    ),
    # -- emulation ----------------------------------------------------------------------------------------
    "emulation:index": page(SIGNED_IN),
    "emulation:periods_standard": post(BOARDS, data=lambda s: {"owner": s.unit.pk, "year": "2026"}),
    "emulation:movement_create": post(
        BOARDS,
        data=lambda s: {
            "owner": s.unit.pk,
            "kind": "regular",
            "name": "Phong trào thử",
            "start_date": "2024-01-01",
            "end_date": "2024-12-31",
        },
    ),
    "emulation:term": page(),
    # the new-year wizard's steps 2-4 (15.3): the term's managers; the periods step is the board's
    "emulation:year_start": (page(TERM_MANAGERS), post(TERM_MANAGERS, data=lambda s: {"step": "covenant"})),
    "emulation:deadline_set": post(TERM_MANAGERS, data=lambda s: {"due_date": "2024-07-20"}),
    "emulation:covenant": page(),
    "emulation:covenant_action": post(
        TERM_MANAGERS,
        constants={"action": "group"},
        data=lambda s: {"code": "III", "title": "Nội dung mới", "version": s.covenant.version},
    ),
    "emulation:registration": page(),
    "emulation:target_create": post(
        EDITORS,
        data=lambda s: {
            "indicator": "Chỉ tiêu mới",
            "unit_of_measure": "vụ",
            "direction": "higher",
            "measure": "cumulative",
            "target_value": "10",
        },
    ),
    "emulation:registration_template": page(),
    "emulation:registration_upload": post(EDITORS, data=lambda s: {"file": _xlsx()}),
    "emulation:registration_action": post(EDITORS, constants={"action": "submit"}),
    "emulation:target_edit": page(EDITORS, ADMIN),
    "emulation:target_remove": post(EDITORS),
    "emulation:report": page(),
    "emulation:report_save": post(EDITORS),
    "emulation:evidence_upload": post(EDITORS, data=lambda s: {"file": _pdf()}),
    "emulation:report_template": page(),
    "emulation:report_upload": post(EDITORS, data=lambda s: {"file": _xlsx()}),
    "emulation:report_action": post(EDITORS, constants={"action": "submit"}),
    "emulation:evidence_download": page(),
    "emulation:covenant_document": page(),
    "emulation:term_result_add": post(
        TERM_MANAGERS, data=lambda s: {"measure": "houses", "label": "Xây nhà tình nghĩa", "value": "3"}
    ),
    "emulation:term_result_remove": post(TERM_MANAGERS),
    "emulation:evidence_remove": post(EDITORS),
    "emulation:progress": page(),
    "emulation:progress_export": page(),
    "emulation:progress_unit": page(),
    "emulation:initiatives": page(SIGNED_IN),
    # -- scoring ------------------------------------------------------------------------------------------
    "scoring:index": page(SIGNED_IN),
    "scoring:term": page(),
    "scoring:leaderboard": page(),
    "scoring:leaderboard_export": page(),
    "scoring:compute": post(TERM_MANAGERS),
    "scoring:reconcile": post(TERM_MANAGERS),
    "scoring:lock": post(TERM_MANAGERS, data=lambda s: {"reason": "Khoá điểm"}),
    "scoring:reopen": post(TERM_MANAGERS, data=lambda s: {"reason": "Mở lại"}),
    "scoring:inspection_assign": post(
        TERM_MANAGERS, data=lambda s: {"inspecting_unit": s.unit.pk, "inspected_unit": s.partner.pk}
    ),
    "scoring:inspection": page(),
    "scoring:sheet": page(),
    "scoring:sheet_export": page(),
    "scoring:self_submit": post(EDITORS),
    "scoring:adjustment_add": post(
        TERM_MANAGERS, data=lambda s: {"kind": "bonus", "points": "1", "reason": "Được tặng Bằng khen"}
    ),
    "scoring:comment_add": post(
        frozenset({"admin", "officer", "unit_leader"}), ADMIN, data=lambda s: {"text": "Đề nghị xem lại"}
    ),
    "scoring:explain_sheet": page(),
    "scoring:adjustment_delete": post(TERM_MANAGERS),
    "scoring:adjustment_evidence": page(),
    "scoring:cell_self": post(EDITORS, ADMIN),
    "scoring:cell_assessed": post(OVERSEERS, note=SELF),
    "scoring:explain_line": page(),
    "scoring:unit_history": page(),
    "scoring:comparison": page(BOARDS),
    "scoring:config": page(BOARDS),
    # -- conferences --------------------------------------------------------------------------------------
    "conferences:index": page(SIGNED_IN),
    "conferences:create": page(TERM_MANAGERS | BOARDS),
    "conferences:detail": page(),
    "conferences:info_update": post(
        TERM_MANAGERS,
        data=lambda s: {"title": "Hội nghị sơ kết (sửa)", "date": TODAY, "version": s.conference.version},
    ),
    "conferences:transition": post(TERM_MANAGERS, data=lambda s: {"target": "held"}),
    "conferences:chair_set": post(TERM_MANAGERS, data=lambda s: {"role": "other", "unit": s.unit.pk}),
    "conferences:guest_add": post(TERM_MANAGERS, data=lambda s: {"position": "Phó Giám đốc"}),
    "conferences:guest_remove": post(TERM_MANAGERS),
    "conferences:attendee_add": post(
        TERM_MANAGERS, data=lambda s: {"unit": s.unit.pk, "name": "Đại biểu mới", "role": "delegate"}
    ),
    "conferences:attendee_toggle": post(
        TERM_MANAGERS, data=lambda s: {"field": "present", "version": s.attendee.version}
    ),
    "conferences:attendee_remove": post(TERM_MANAGERS),
    "conferences:agenda_add": post(TERM_MANAGERS, data=lambda s: {"kind": "report", "title": "Báo cáo"}),
    "conferences:side_event_add": post(
        TERM_MANAGERS, data=lambda s: {"kind": "sports", "title": "Bóng chuyền", "date": TODAY}
    ),
    "conferences:side_event_result_add": post(
        TERM_MANAGERS, data=lambda s: {"discipline": "Bóng đá", "unit": s.unit.pk}
    ),
    "conferences:featured_model_add": post(
        TERM_MANAGERS, data=lambda s: {"unit": s.unit.pk, "name": "Mô hình điển hình"}
    ),
    "conferences:document_attach": post(TERM_MANAGERS, data=lambda s: {"file": _pdf()}),
    "conferences:hand_over": post(TERM_MANAGERS, data=lambda s: {"new_leader": s.partner.pk}),
    "conferences:minutes": page(),
    "conferences:document_download": page(),
    "conferences:event_create": page(TERM_MANAGERS | BOARDS),
    "conferences:event_detail": page(),
    "conferences:event_result_add": post(
        TERM_MANAGERS, data=lambda s: {"discipline": "Bắn súng", "unit": s.unit.pk, "placing": "1"}
    ),
    # -- voting -------------------------------------------------------------------------------------------
    "voting:index": page(SIGNED_IN),
    "voting:conference_ballots": page(),
    "voting:ballot_detail": page(),
    "voting:turnout": page(TERM_MANAGERS),
    "voting:ballot_action": post(TERM_MANAGERS, constants={"action": "close"}),
    "voting:committee_update": post(TERM_MANAGERS),
    "voting:paper_issue": post(TERM_MANAGERS),
    "voting:paper_totals": post(TERM_MANAGERS, data=lambda s: {"collected": "0", "invalid": "0"}),
    # 16.10: the world's ballot is open, so the term's managers get the 409 refusal (a draft only)
    "voting:paper_record": post(
        TERM_MANAGERS, data=lambda s: {"source": "Biên bản", "voters_present": "5", "valid": "5"}
    ),
    "voting:paper_ballot": post(TERM_MANAGERS),
    "voting:batch_confirm": post(TERM_MANAGERS),
    "voting:batch_discard": post(TERM_MANAGERS),
    "voting:decide_tie": post(TERM_MANAGERS),
    "voting:slips": page(TERM_MANAGERS),
    "voting:slips_print": post(TERM_MANAGERS),
    "voting:slip_reprint": post(
        TERM_MANAGERS, data=lambda s: {"attendee": s.attendee.pk, "reason": "Mất phiếu"}
    ),
    "voting:minutes": page(TERM_MANAGERS),
    "voting:vote": page(EVERYONE, EVERYONE, note="the one-time code is the credential (no account)"),
    # -- awards -------------------------------------------------------------------------------------------
    "awards:index": page(SIGNED_IN),
    "awards:catalogue": page(SIGNED_IN),
    # 16.2: the catalogue is the installation's: its top board (the ministry's) and the admin edit it
    "awards:award_type_create": (
        page(OVERSEERS, note="the form only for the top board; others 403"),
        post(OVERSEERS, data=lambda s: {"code": "MA-TRAN", "name": "Thử", "category": "form"}),
    ),
    "awards:award_type_edit": (
        page(OVERSEERS, OVERSEERS),
        post(OVERSEERS, OVERSEERS, data=lambda s: {"version": "1", "note": "x"}),
    ),
    "awards:batch_create": page(
        frozenset({"admin", "ministry_board", "province_board", "cluster_staff", "officer"}),
        note="the form for those who may draft for a unit or a cluster year; others 403",
    ),
    "awards:batch_detail": page(),
    # 17.4: the Excel intake of a proposal list, for those who draft the batch (the world's is the cluster term's)
    "awards:batch_intake": page(TERM_MANAGERS),
    "awards:intake_template": page(SIGNED_IN),
    "awards:batch_dossier": page(
        TERM_MANAGERS,
        constants={"fmt": "word"},
        note="the cluster batch's papers: MANAGE_TERM (documents:generate)",
    ),
    # the world's batch is the cluster term's (unit A, cluster_term set): the term's managers draft it
    "awards:batch_transition": post(TERM_MANAGERS, data=lambda s: {"target": "pending_leader"}),
    "awards:batch_action": post(
        TERM_MANAGERS,
        constants={"action": "candidate"},
        data=lambda s: {"award_type": s.award_type.pk, "unit": s.unit.pk, "achievement": "Thành tích"},
    ),
    # R9/R10 exceptions (17.8): the leader unit's head, the term's and the reviewer's boards approve
    "awards:override_approve": post(frozenset({"admin", "ministry_board", "unit_leader"})),
    "awards:next_eligible": page(SIGNED_IN),
    # 17.11: a QR code verifies for everyone, signed in or not, whatever the disclosure window
    "awards:verify": page(EVERYONE, EVERYONE),
    "awards:history": page(SIGNED_IN),
    "awards:decision_list": page(SIGNED_IN),
    "awards:decision_detail": page(),
    "awards:decision_attach": post(BOARDS, data=lambda s: {"file": _pdf()}),
    # R13 (17.10): the board over the issuer; the matrix sends no legal basis (422 for those allowed)
    "awards:decision_annul": post(BOARDS, data=lambda s: {"reason": "Khai man", "annulled_on": "2025-02-01"}),
    "awards:decision_attachment": page(),
    "awards:decision_attachment_remove": post(BOARDS),
    "awards:import_upload": page(SIGNED_IN),
    "awards:import_status": page(BOARDS),
    "awards:import_errors": page(BOARDS),
    "awards:import_retry": post(BOARDS),
    "awards:import_template": page(SIGNED_IN),
    "awards:records_export": page(SIGNED_IN),
    "awards:people": page(SIGNED_IN),
    "awards:person_detail": page(),
    "awards:import_confirm": post(BOARDS),
    "awards:import_cancel": post(BOARDS),
    "awards:counts": page(SIGNED_IN),
    "awards:count_edit": post(BOARDS, data=lambda s: {"count": "40"}),
    "awards:count_delete": post(BOARDS),
    "awards:statistics": page(SIGNED_IN),
    "awards:statutory": page(SIGNED_IN),
    "awards:public_index": page(EVERYONE),
    # own side published, foreign side not: nobody sees an unpublished decision, award or proposal list
    "awards:public_decision": page(EVERYONE, NONE),
    "awards:public_decision_file": page(EVERYONE, NONE),
    "awards:public_award": page(EVERYONE, NONE),
    "awards:public_batch": page(EVERYONE, NONE),
    # -- documents ----------------------------------------------------------------------------------------
    "documents:index": page(SIGNED_IN),
    "documents:detail": page(),
    "documents:regenerate": post(TERM_MANAGERS),
    "documents:download": page(constants={"fmt": "docx"}),
    "documents:generate_from_term": post(
        TERM_MANAGERS,
        data=lambda s: {"kind": "plan", "term": s.term.pk},
        denied=DENIED | {"R4xx"},
        note="the term list holds only the user's terms: another's term is refused as an invalid choice",
    ),
    "documents:generate": post(TERM_MANAGERS, constants={"kind": "plan"}),
    "documents:gallery": page(SIGNED_IN),
    "documents:starter": page(SIGNED_IN, constants={"kind": "plan"}),
    "documents:preview": page(SIGNED_IN, constants={"kind": "plan", "fmt": "docx"}),
    "documents:press_edit": (
        page(),
        post(
            TERM_MANAGERS,
            data=lambda s: {"title": "Tin bài", "lead": "Sáng nay", "body": "Đoạn một."},
        ),
    ),
    "documents:press_reset": post(TERM_MANAGERS),
    "documents:sign": post(NONE, note="only a key's holder signs; the world registers no key"),
    "documents:signed_download": page(ok=frozenset({422, "R4xx"}), note="nothing is signed in the world"),
    "documents:signature_check": page(SIGNED_IN),
    # -- exchange (the installation's outbox and inbox, run by its boards: no own/foreign split) ---------
    "exchange:index": page(SIGNED_IN, note="an empty list for who is not a board"),
    "exchange:receive": post(BOARDS, BOARDS),
    "exchange:detail": page(BOARDS, BOARDS),
    "exchange:download": page(BOARDS, BOARDS),
    "exchange:import": post(BOARDS, BOARDS, note="an outgoing package is not imported: 422"),
    "exchange:answer": post(BOARDS, BOARDS),
    "exchange:send": page(BOARDS),
    "exchange:send_term": page(OVERSEERS, note="a cluster's year is sent by its owner's board"),
    # == API (operation ids) ==================================================================================
    "thidua_notifications_api_list_notifications": page(SIGNED_IN),
    "thidua_notifications_api_mark_read": write(SIGNED_IN, body=lambda s: {"all": True}),
    "thidua_notifications_api_set_preference": write(SIGNED_IN, body=lambda s: {"email": True}),
    "thidua_personnel_api_list_accounts": page(BOARDS),
    "thidua_personnel_api_create_account": write(
        BOARDS, body=lambda s: {"username": "api.matran", "full_name": "Ma Trận", "role": "viewer"}
    ),
    "thidua_personnel_api_import_accounts": write(BOARDS),
    "thidua_personnel_api_get_account": page(BOARDS),
    "thidua_personnel_api_set_account_state": write(BOARDS, body=lambda s: {"is_active": True}),
    "thidua_personnel_api_reset_password": write(BOARDS),
    "thidua_personnel_api_add_grant": write(BOARDS, body=lambda s: {"role": "viewer"}),
    "thidua_personnel_api_end_grant": write(BOARDS, body=lambda s: {}),
    "thidua_organisation_api_list_units": page(SIGNED_IN),
    "thidua_organisation_api_create_unit": write(ADMIN),
    "thidua_organisation_api_get_unit": page(),
    "thidua_organisation_api_update_unit": write(ADMIN),
    "thidua_organisation_api_reorganise_unit": write(
        OVERSEERS, body=lambda s: {"effective_date": "2030-07-01"}
    ),
    "thidua_organisation_api_list_clusters": page(SIGNED_IN),
    "thidua_organisation_api_create_cluster": write(
        BOARDS,
        body=lambda s: {"level": "provincial", "number": 7},
        denied=DENIED | {422},
        note="an owner_id outside the user's reach is a 422 on that field (as a missing one would be)",
    ),
    "thidua_organisation_api_list_terms": page(SIGNED_IN),
    "thidua_organisation_api_create_term": write(OVERSEERS, body=lambda s: {"year": 2026}),
    "thidua_organisation_api_get_term": page(),
    "thidua_organisation_api_set_members": write(OVERSEERS),
    "thidua_organisation_api_set_roles": write(OVERSEERS),
    "thidua_organisation_api_add_member": write(OVERSEERS),
    "thidua_organisation_api_remove_member": write(OVERSEERS),
    "thidua_organisation_api_create_next_term": write(OVERSEERS),
    "thidua_organisation_api_next_term_plan": page(OVERSEERS),
    "thidua_organisation_api_hand_over": write(OVERSEERS),
    "thidua_emulation_api_get_covenant": page(),
    "thidua_emulation_api_create_covenant": write(TERM_MANAGERS),
    "thidua_emulation_api_copy_covenant": write(
        TERM_MANAGERS, ok=WRITE_OK | {404}, note="no covenant of the year before: 404 for the managers too"
    ),
    "thidua_emulation_api_update_covenant": write(TERM_MANAGERS),
    "thidua_emulation_api_delete_criterion": write(TERM_MANAGERS),
    "thidua_emulation_api_add_group": write(TERM_MANAGERS),
    "thidua_emulation_api_add_criterion": write(TERM_MANAGERS),
    "thidua_emulation_api_add_rule": write(TERM_MANAGERS),
    "thidua_emulation_api_sign_covenant": write(TERM_MANAGERS),
    "thidua_emulation_api_amend_covenant": write(TERM_MANAGERS),
    "thidua_emulation_api_list_periods": page(),
    "thidua_emulation_api_create_movement": write(BOARDS),
    "thidua_emulation_api_list_movements": page(SIGNED_IN),
    "thidua_emulation_api_list_owner_periods": page(),
    "thidua_emulation_api_create_period": write(BOARDS, body=lambda s: {"kind": "quarter"}),
    "thidua_emulation_api_create_standard_periods": write(BOARDS),
    "thidua_emulation_api_set_deadline": write(TERM_MANAGERS),
    "thidua_emulation_api_get_registration": page(),
    "thidua_emulation_api_add_target": write(EDITORS),
    "thidua_emulation_api_delete_target": write(EDITORS),
    "thidua_emulation_api_submit_registration": write(EDITORS),
    "thidua_emulation_api_approve_registration": write(APPROVERS),
    "thidua_emulation_api_accept_registration": write(OVERSEERS, note=SELF),
    "thidua_emulation_api_return_registration": write(OVERSEERS, note=SELF),
    "thidua_emulation_api_get_report": page(),
    "thidua_emulation_api_save_report": write(EDITORS),
    "thidua_emulation_api_upload_evidence": write(EDITORS),
    "thidua_emulation_api_list_term_results": page(),
    "thidua_emulation_api_record_term_result": write(TERM_MANAGERS, body=lambda s: {"unit_id": None}),
    "thidua_emulation_api_delete_term_result": write(TERM_MANAGERS),
    "thidua_emulation_api_attach_covenant_document": write(
        TERM_MANAGERS, body=lambda s: {"kind": "operating_rules", "adopted_on": "2024-03", "title": "Quy chế"}
    ),
    "thidua_emulation_api_submit_report": write(EDITORS),
    "thidua_emulation_api_approve_report": write(APPROVERS),
    "thidua_emulation_api_accept_report": write(OVERSEERS, note=SELF),
    "thidua_emulation_api_return_report": write(OVERSEERS, note=SELF),
    "thidua_emulation_api_get_progress": page(),
    "thidua_emulation_api_list_initiatives": page(SIGNED_IN),
    "thidua_emulation_api_create_initiative": write(EDITORS),
    "thidua_scoring_api_get_leaderboard": page(),
    "thidua_scoring_api_list_sheets": page(),
    "thidua_scoring_api_compute": write(TERM_MANAGERS),
    "thidua_scoring_api_reconcile": write(TERM_MANAGERS),
    "thidua_scoring_api_lock": write(TERM_MANAGERS),
    "thidua_scoring_api_reopen": write(TERM_MANAGERS),
    "thidua_scoring_api_assign_inspection": write(TERM_MANAGERS),
    # the record is the inspecting unit's (the partner province): nobody at A but the admin writes it
    "thidua_scoring_api_save_record": write(ADMIN),
    "thidua_scoring_api_get_sheet": page(),
    "thidua_scoring_api_self_score": write(EDITORS, ADMIN),
    "thidua_scoring_api_assess": write(OVERSEERS, note=SELF),
    "thidua_scoring_api_self_submit": write(EDITORS, ADMIN),
    "thidua_scoring_api_add_adjustment": write(OVERSEERS, note=SELF),
    "thidua_scoring_api_delete_adjustment": write(OVERSEERS, note=SELF),
    "thidua_scoring_api_add_comment": write(frozenset({"admin", "officer", "unit_leader"}), ADMIN),
    "thidua_scoring_api_explain_line": page(),
    "thidua_scoring_api_explain_sheet": page(),
    "thidua_scoring_api_unit_history": page(),
    "thidua_scoring_api_get_config": page(),
    "thidua_scoring_api_update_config": write(BOARDS),
    "thidua_conferences_api_list_conferences": page(SIGNED_IN),
    "thidua_conferences_api_create_conference": write(TERM_MANAGERS),
    "thidua_conferences_api_host_rotation": page(),
    "thidua_conferences_api_get_conference": page(),
    "thidua_conferences_api_change_status": write(TERM_MANAGERS, body=lambda s: {"status": "held"}),
    "thidua_conferences_api_set_chair": write(TERM_MANAGERS),
    "thidua_conferences_api_add_guest": write(TERM_MANAGERS),
    "thidua_conferences_api_add_attendee": write(TERM_MANAGERS),
    "thidua_conferences_api_update_attendee": write(TERM_MANAGERS),
    "thidua_conferences_api_add_agenda_item": write(TERM_MANAGERS),
    "thidua_conferences_api_add_side_event": write(TERM_MANAGERS),
    "thidua_conferences_api_add_side_event_result": write(TERM_MANAGERS),
    "thidua_conferences_api_list_cluster_events": page(SIGNED_IN),
    "thidua_conferences_api_create_cluster_event": write(TERM_MANAGERS),
    "thidua_conferences_api_get_cluster_event": page(),
    "thidua_conferences_api_add_cluster_event_result": write(TERM_MANAGERS),
    "thidua_voting_api_list_ballots": page(SIGNED_IN),
    "thidua_voting_api_create_ballot": write(TERM_MANAGERS),
    "thidua_voting_api_get_ballot": page(),
    "thidua_voting_api_open_ballot": write(TERM_MANAGERS),
    "thidua_voting_api_close_ballot": write(TERM_MANAGERS),
    "thidua_voting_api_tally_ballot": write(TERM_MANAGERS),
    "thidua_voting_api_publish_ballot": write(TERM_MANAGERS),
    "thidua_voting_api_turnout": page(TERM_MANAGERS),
    "thidua_voting_api_results": page(TERM_MANAGERS),
    "thidua_voting_api_receipts": page(),
    "thidua_voting_api_committee": page(),
    "thidua_voting_api_trackers": page(),
    "thidua_voting_api_rekey_ballot": write(TERM_MANAGERS),
    "thidua_voting_api_recount_ballot": write(TERM_MANAGERS),
    "thidua_voting_api_enter_paper_ballots": write(TERM_MANAGERS),
    "thidua_voting_api_enter_paper_totals": write(TERM_MANAGERS),
    "thidua_voting_api_enter_paper_record": write(TERM_MANAGERS),
    "thidua_voting_api_get_paper_record": page(
        ok=frozenset({404}), note="the world's ballots are counted electronically: no paper record, 404 alike"
    ),
    "thidua_voting_api_issue_paper": write(TERM_MANAGERS),
    "thidua_voting_api_confirm_paper_batch": write(TERM_MANAGERS),
    "thidua_voting_api_decide_tie": write(TERM_MANAGERS),
    "thidua_voting_api_cast": write(EVERYONE, note="the one-time code is the credential (no account)"),
    "thidua_awards_api_list_catalogue": page(SIGNED_IN),
    "thidua_awards_api_create_award_type": write(OVERSEERS),
    "thidua_awards_api_update_award_type": write(OVERSEERS, OVERSEERS),
    "thidua_awards_api_list_proposals": page(SIGNED_IN),
    "thidua_awards_api_create_proposal": write(EDITORS, body=lambda s: {"unit_id": s.unit.pk}),
    "thidua_awards_api_proposal_eligibility": page(),
    "thidua_awards_api_list_decisions": page(SIGNED_IN),
    "thidua_awards_api_register_decision": write(OVERSEERS, note="the batch's reviewer is the ministry"),
    "thidua_awards_api_award_statistics": page(SIGNED_IN),
    "thidua_awards_api_add_candidate": write(TERM_MANAGERS),
    "thidua_awards_api_intake_proposal_list": write(TERM_MANAGERS),
    "thidua_awards_api_intake_template": page(SIGNED_IN),
    "thidua_awards_api_proposal_dossier": page(
        TERM_MANAGERS, constants={"fmt": "word"}, note="the cluster batch's papers: MANAGE_TERM"
    ),
    "thidua_awards_api_annul_decision": write(BOARDS, body=lambda s: {"legal_basis": " ", "record_ids": []}),
    "thidua_awards_api_approve_override": write(frozenset({"admin", "ministry_board", "unit_leader"})),
    "thidua_awards_api_transition_proposal": write(
        TERM_MANAGERS, body=lambda s: {"target": "pending_leader"}
    ),
    "thidua_awards_api_record_council_vote": write(OVERSEERS),
    # 17.2: only the receiving level's desk (the ministry's board, the batch's reviewer) forwards; a draft → 409
    "thidua_awards_api_forward_proposal": write(OVERSEERS, note="the batch's reviewer is the ministry"),
    "thidua_awards_api_proposal_log": page(),
    # 17.3: the desk takes the council's vote from a tallied ballot of a meeting its unit hosted; the world
    # has none for the ministry, so the desk gets 404 like everyone (the ballot is looked up in its scope)
    "thidua_awards_api_council_vote_from_ballot": write(
        OVERSEERS, ok=frozenset({404}), body=lambda s: {"ballot_id": s.tallied.pk}
    ),
    "thidua_awards_api_candidates_from_ballot": write(
        TERM_MANAGERS, body=lambda s: {"ballot_id": s.tallied.pk}
    ),
    "thidua_awards_api_list_decision_attachments": page(),
    "thidua_awards_api_attach_to_decision": write(BOARDS),
    "thidua_awards_api_check_eligibility": write(VIEWERS, ok=frozenset({200, 422})),
    "thidua_awards_api_list_records": page(SIGNED_IN),
    "thidua_awards_api_list_next_eligible": page(
        SIGNED_IN
    ),  # like awards:next_eligible: scoped rows, never 403
    "thidua_awards_api_import_job": page(BOARDS),
    "thidua_awards_api_retry_import_job": write(BOARDS),
    "thidua_awards_api_revoke_record": write(BOARDS),
    "thidua_awards_api_list_award_counts": page(SIGNED_IN),
    "thidua_awards_api_list_people": page(SIGNED_IN),
    "thidua_awards_api_get_person": page(),
    "thidua_awards_api_create_person": write(
        EDITORS | BOARDS, body=lambda s: {"unit_id": s.unit.pk, "full_name": "Trần Văn Ma Trận"}
    ),
    "thidua_awards_api_update_person": write(
        EDITORS | BOARDS, body=lambda s: {"rank": "Thiếu tá", "birth_date": "1980", "service_start": "1999"}
    ),
    "thidua_awards_api_upload_import": write(BOARDS, note="scope_id: the own unit (matrix RESOLVERS)"),
    "thidua_awards_api_confirm_import_people": write(BOARDS),
    "thidua_awards_api_cancel_import": write(BOARDS),
    "thidua_awards_api_create_award_count": write(
        BOARDS,
        body=lambda s: {
            "award_code": "GK-GD-TT",
            "year": 2019,
            "count": 10,
            "unit_id": s.unit.pk,
            "cluster_term_id": None,
            "decision_id": None,
            "source": "Báo cáo tổng kết năm 2019",
        },
    ),
    "thidua_awards_api_update_award_count": write(BOARDS, body=lambda s: {"count": 40}),
    "thidua_awards_api_delete_award_count": write(BOARDS),
    "thidua_documents_api_list_kinds": page(SIGNED_IN),
    "thidua_documents_api_list_documents": page(SIGNED_IN),
    "thidua_documents_api_generate_document": write(TERM_MANAGERS, body=lambda s: {"kind": "plan"}),
    "thidua_documents_api_get_document": page(),
    "thidua_documents_api_download_document": page(constants={"fmt": "docx"}),
    "thidua_documents_api_list_signing_keys": page(SIGNED_IN),
    "thidua_documents_api_register_signing_key": write(ADMIN),
    "thidua_documents_api_register_token_signing_key": write(
        ADMIN, note="the admin's sample names no token: 422"
    ),
    "thidua_documents_api_sign_document": write(NONE, note="only a key's holder signs; no key in the world"),
    "thidua_documents_api_download_signed_document": page(ok=frozenset({422})),
    "thidua_documents_api_verify_signatures": write(SIGNED_IN, ok=frozenset({422})),
    "thidua_exchange_api_list_partners": page(SIGNED_IN),
    "thidua_exchange_api_list_packages": page(SIGNED_IN, note="empty for who is not a board"),
    "thidua_exchange_api_get_package": page(BOARDS, BOARDS),
    "thidua_exchange_api_send_batch": write(BOARDS),
    "thidua_exchange_api_send_cluster_year": write(OVERSEERS, note="the term's owner's board"),
    "thidua_exchange_api_push_package": write(BOARDS, BOARDS),
    "thidua_exchange_api_inbox": write(
        EVERYONE, EVERYONE, ok=frozenset({422}), note="no account: the package's signature is the credential"
    ),
    "thidua_exchange_api_import_package": write(BOARDS, BOARDS),
    "thidua_exchange_api_answer_package": write(BOARDS, BOARDS),
}

# Cells where the application is known to be wrong: (route key, method, role, side) -> reason. Each one is
# checked by `test_known_hole` (strict xfail: it fails the suite once fixed, so the entry must go).
KNOWN_HOLES: dict[tuple[str, str, str, str], str] = {}


def _routes() -> dict[str, Route]:
    return {route.key: route for route in html_routes() + api_routes()}


ROUTES = _routes()


def _checks(key: str) -> tuple[Expect, ...]:
    entry = EXPECT[key]
    return entry if isinstance(entry, tuple) else (entry,)


def _method(route: Route, expect: Expect) -> str:
    return route.method if route.kind == "api" else expect.method


def _cells(key: str):
    route = ROUTES[key]
    for expect in _checks(key):
        for side in sides(route, expect.constants):
            for role in ROLES:
                yield route, expect, _method(route, expect), side, role


def _run(world, keys, route, expect, method, side, role):
    outcome = request(
        world, keys, route, role, side, method, expect.constants, data=expect.data, body=expect.body
    )
    return outcome.status, expect.expected(role, side, route.kind)


def check_every_route_has_an_expectation():
    missing = sorted(set(ROUTES) - set(EXPECT))
    stale = sorted(set(EXPECT) - set(ROUTES))
    assert not missing, f"routes without an entry in EXPECT (add who may use them): {missing}"
    assert not stale, f"EXPECT entries for routes that no longer exist: {stale}"
    assert len(ROUTES) > 200


def check_matrix_size():
    cells = sum(1 for key in EXPECT if key in ROUTES for _ in _cells(key))
    assert cells > 3000, cells


SHARDS = 4  # the matrix is split over test_matrix_<n>.py so that xdist (--dist loadfile) shares it


def shard_keys(shard: int) -> list[str]:
    """Route keys of one shard: every SHARDS-th key of the sorted table, so shards have similar sizes."""
    return sorted(set(ROUTES) & set(EXPECT))[shard::SHARDS]


def check_route(key, world, keys):
    wrong = []
    for route, expect, method, side, role in _cells(key):
        if (key, method, role, side) in KNOWN_HOLES:
            continue
        status, expected = _run(world, keys, route, expect, method, side, role)
        if status not in expected:
            wrong.append(
                f"{method} {route.template} as {role} on {side}: got {status}, expected {sorted(map(str, expected))}"
            )
    assert not wrong, "\n".join(wrong)


def known_hole_params():
    return [
        pytest.param(cell, marks=pytest.mark.xfail(strict=True, reason=reason))
        for cell, reason in KNOWN_HOLES.items()
    ]


def check_known_hole(cell, world, keys):
    key, method, role, side = cell
    route = ROUTES[key]
    expect = next(e for e in _checks(key) if _method(route, e) == method)
    status, expected = _run(world, keys, route, expect, method, side, role)
    assert status in expected, f"got {status}"
