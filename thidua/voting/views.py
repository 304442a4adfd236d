"""Ballot pages: the secretary's live view, QR slips, paper entry, results; the code holder's page."""

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.conferences import selectors as conference_selectors
from thidua.core.errors import DomainError, NotFound, ValidationFailed
from thidua.core.htmx import domain_errors
from thidua.organisation.access import Action

from . import rules, selectors, services, throttle
from .errors import InvalidCode, TooManyAttempts
from .forms import BallotForm, CommitteeForm, PaperRecordForm, PaperTotalsForm
from .models import Ballot, BallotKind, BallotOption, BallotStatus, Grade, Mark, PaperBatch

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ACTIONS: dict[str, Callable[..., object]] = {
    "open": services.ballot_open,
    "close": services.ballot_close,
    "tally": services.ballot_tally,
    "recount": services.ballot_recount,
    "rekey": services.ballot_rekey,
    "publish": services.ballot_publish,
}
ACTION_MESSAGES = {
    "open": _("Đã mở bỏ phiếu và cấp mã cho đại biểu."),
    "close": _("Đã kết thúc bỏ phiếu."),
    "tally": _("Đã mở hộp phiếu bằng các mảnh khóa và kiểm phiếu."),
    "recount": _("Đã kiểm lại phiếu bằng các mảnh khóa."),
    "publish": _("Đã công bố kết quả."),
}


def mark_choices(kind: str) -> "list[tuple[str, StrOrPromise]]":
    if kind == BallotKind.CLASSIFICATION:
        return [*Grade.choices, (Mark.ABSTAIN.value, Mark.ABSTAIN.label)]
    if kind == BallotKind.YES_NO:
        return [(m.value, m.label) for m in (Mark.YES, Mark.NO, Mark.ABSTAIN)]
    return [(Mark.SELECTED.value, Mark.SELECTED.label)]


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    ballots = selectors.ballot_list(actor=request.user)
    return render(request, "voting/index.html", {"ballots": ballots})


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def conference_ballots(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    conference = conference_selectors.conference_get(actor=request.user, conference_id=conference_id)
    can_manage = selectors.conference_ballots_can_manage(actor=request.user, conference=conference)
    members = conference_selectors.term_members(term=conference.term)
    form = BallotForm(members=members) if can_manage else None
    if request.method == "POST":
        form = BallotForm(request.POST, members=members)
        if form.is_valid():
            ballot = services.ballot_create(
                actor=request.user, conference=conference, **form.service_kwargs()
            )
            messages.success(request, _("Đã lập phiếu bầu."))
            return redirect("voting:ballot_detail", ballot_id=ballot.pk)
    context = {
        "conference": conference,
        "ballots": selectors.ballot_list(actor=request.user, conference=conference),
        "form": form,
        "can_manage": can_manage,
    }
    return render(
        request, "voting/conference_ballots.html", context, status=422 if form and form.errors else 200
    )


def _ballot_context(request: HttpRequest, ballot_id: int) -> dict[str, Any]:
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    permissions = selectors.ballot_permissions(actor=request.user, ballot=ballot)
    can_manage, show_results = permissions["can_manage"], permissions["show_results"]
    options = list(ballot.options.all())
    context: dict[str, Any] = {
        "ballot": ballot,
        "options": options,
        "can_manage": can_manage,
        "turnout": selectors.ballot_turnout(ballot),
        "rule": selectors.rule_summary(ballot),
        "results": selectors.ballot_results(ballot) if show_results else [],
        "paper_record": selectors.paper_record(ballot=ballot) if show_results else None,
        "receipts": selectors.counted_receipts(ballot=ballot) if show_results else [],
        "revotes": list(ballot.revotes.all()),
        "next_actions": [
            a
            for a in ("open", "close", "tally", "publish")
            if _target(a) in ballot.TRANSITIONS[ballot.status]
        ],
        "minutes_generate_url": reverse("documents:generate", args=["vote_count_minutes", ballot.pk]),
        "polling": ballot.status == BallotStatus.OPEN,
        "seal_committee": selectors.seal_committee(ballot=ballot),
        "trackers": selectors.ballot_trackers(ballot=ballot),
        "can_recount": can_manage
        and ballot.status == BallotStatus.TALLIED
        and bool(ballot.public_key)
        and not ballot.revotes.all(),
    }
    if can_manage and ballot.status == BallotStatus.DRAFT:
        context["open_roll"] = services.committee_choices(ballot=ballot)
    if can_manage and ballot.status == BallotStatus.DRAFT and not ballot.parent_id:
        _entitled, present = services.voter_roll(ballot=ballot)
        members = len(conference_selectors.term_members(term=ballot.conference.term))
        context["roll"] = {
            "present": len(present),
            "units": len({a.unit_id for a in present}),
            "members": members,
            "required": rules.quorum_required(members, ballot.quorum_numerator, ballot.quorum_denominator),
        }
    if can_manage:
        context["batches"] = list(selectors.paper_batches(ballot=ballot))
        context["committee_form"] = CommitteeForm(
            initial={
                "tally_chair": ballot.tally_chair,
                "tally_committee": "\n".join(ballot.tally_committee or []),
            }
        )
        if ballot.status in (BallotStatus.OPEN, BallotStatus.CLOSED):
            context["paper_form"] = PaperTotalsForm(cells=_cells(ballot, options))
            context["marks"] = mark_choices(ballot.kind)
        if ballot.status == BallotStatus.DRAFT and not ballot.parent_id and not context["batches"]:
            context["record_form"] = PaperRecordForm(cells=_cells(ballot, options))
    return context


def _target(action: str) -> str:
    return {
        "open": BallotStatus.OPEN,
        "close": BallotStatus.CLOSED,
        "tally": BallotStatus.TALLIED,
        "publish": BallotStatus.PUBLISHED,
    }[action]


def _cells(ballot: Ballot, options: list[BallotOption]) -> list[tuple[int, str, str]]:
    return [
        (o.pk, value, f"{o.label} – {label}")
        for o in options
        for value, label in mark_choices(ballot.kind)
        if value != Mark.ABSTAIN
    ]


@login_required
@require_GET
@domain_errors
def ballot_detail(request: AuthenticatedHttpRequest, ballot_id: int) -> HttpResponse:
    return render(request, "voting/ballot_detail.html", _ballot_context(request, ballot_id))


@login_required
@require_GET
@domain_errors
def turnout(request: AuthenticatedHttpRequest, ballot_id: int) -> HttpResponse:
    """Polled every 2 s by the live view (HTMX); stops polling once the ballot is closed."""
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id, action=Action.MANAGE_TERM)
    context = {
        "ballot": ballot,
        "turnout": selectors.ballot_turnout(ballot),
        "polling": ballot.status == BallotStatus.OPEN,
    }
    return render(request, "voting/ballot_detail.html#turnout", context)


def _int_list(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        raise ValidationFailed(_("Danh sách thành viên không hợp lệ."), field="committee") from None


def _share_slips(request: HttpRequest, ballot: Ballot) -> HttpResponse:
    """The count committee's share slips: shown in this one response, never again (no-store)."""
    slips = [{"slip": slip, "qr": _qr_svg(slip.text)} for slip in getattr(ballot, "issued_shares", [])]
    response = render(request, "voting/shares.html", {"ballot": ballot, "slips": slips})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
@domain_errors
def ballot_action(request: AuthenticatedHttpRequest, ballot_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise NotFound()
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    try:
        return _run_action(request, ballot, action)
    except NotFound:
        raise
    except DomainError as error:  # back to the ballot page with the reason (shares are never echoed)
        messages.error(request, str(error))
        return redirect("voting:ballot_detail", ballot_id=ballot.pk)


def _run_action(request: HttpRequest, ballot: Ballot, action: str) -> HttpResponse:
    if action == "open":
        committee = _int_list(request.POST.getlist("committee")) or None
        raw_threshold = request.POST.get("threshold", "").strip()
        threshold = _int_list([raw_threshold])[0] if raw_threshold else None
        ballot = services.ballot_open(
            actor=request.user, ballot=ballot, committee=committee, threshold=threshold
        )
        return _share_slips(request, ballot)
    if action == "rekey":
        return _share_slips(request, services.ballot_rekey(actor=request.user, ballot=ballot))
    if action in ("tally", "recount"):
        ACTIONS[action](actor=request.user, ballot=ballot, shares=request.POST.getlist("share"))
    else:
        ACTIONS[action](actor=request.user, ballot=ballot)
    messages.success(request, ACTION_MESSAGES[action])
    return redirect("voting:ballot_detail", ballot_id=ballot.pk)


@login_required
@require_POST
@domain_errors
def committee_update(request: AuthenticatedHttpRequest, ballot_id: int) -> HttpResponse:
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    form = CommitteeForm(request.POST)
    if form.is_valid():
        services.ballot_set_committee(
            actor=request.user,
            ballot=ballot,
            tally_chair=form.cleaned_data["tally_chair"],
            tally_committee=form.cleaned_data["tally_committee"].splitlines(),
        )
        messages.success(request, _("Đã ghi ban kiểm phiếu."))
    return redirect("voting:ballot_detail", ballot_id=ballot.pk)


@login_required
@require_POST
@domain_errors
def paper_issue(request: AuthenticatedHttpRequest, ballot_id: int) -> HttpResponse:
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    count = services.ballot_issue_paper(actor=request.user, ballot=ballot)
    messages.success(
        request, _("Đã phát %(n)s phiếu giấy (mã của các đại biểu này không dùng được nữa).") % {"n": count}
    )
    return redirect("voting:ballot_detail", ballot_id=ballot.pk)


@login_required
@require_POST
@domain_errors
def paper_totals(request: AuthenticatedHttpRequest, ballot_id: int) -> HttpResponse:
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    form = PaperTotalsForm(request.POST, cells=_cells(ballot, list(ballot.options.all())))
    if not form.is_valid():
        messages.error(request, _("Số liệu phiếu giấy không hợp lệ."))
    else:
        services.paper_batch_enter_totals(
            actor=request.user,
            ballot=ballot,
            collected=form.cleaned_data["collected"],
            invalid=form.cleaned_data["invalid"],
            invalid_reasons=form.cleaned_data["invalid_reasons"],
            totals=form.totals(),
        )
        messages.success(request, _("Đã nhập phiếu giấy; cần một thành viên khác xác nhận."))
    return redirect("voting:ballot_detail", ballot_id=ballot.pk)


@login_required
@require_POST
@domain_errors
def paper_record(request: AuthenticatedHttpRequest, ballot_id: int) -> HttpResponse:
    """A vote held on paper, recorded from its minutes without a voter roll (16.10)."""
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    form = PaperRecordForm(request.POST, cells=_cells(ballot, list(ballot.options.all())))
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(str(m) for m in e)}"
            for f, e in form.errors.items()
        )
        messages.error(request, _("Số liệu biên bản không hợp lệ: %(errors)s") % {"errors": errors})
        return redirect(reverse("voting:ballot_detail", kwargs={"ballot_id": ballot.pk}) + "#paper-record")
    data = form.cleaned_data
    services.paper_record_enter(
        actor=request.user,
        ballot=ballot,
        source=data["source"],
        voters_entitled=data["voters_entitled"],
        voters_present=data["voters_present"],
        issued=data["issued"],
        collected=data["collected"],
        valid=data["valid"],
        invalid=data["invalid"],
        invalid_reasons=data["invalid_reasons"],
        totals=form.totals(),
    )
    messages.success(request, _("Đã ghi kết quả theo biên bản giấy; cần một thành viên khác xác nhận."))
    return redirect(reverse("voting:ballot_detail", kwargs={"ballot_id": ballot.pk}) + "#paper")


@login_required
@require_POST
@domain_errors
def paper_ballot(request: AuthenticatedHttpRequest, ballot_id: int) -> HttpResponse:
    """One paper ballot, added to the batch this committee member is entering (confirmed later by another)."""
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    choices = _choices_from_post(ballot, list(ballot.options.all()), request.POST)
    batch = services.paper_ballot_add(
        actor=request.user,
        ballot=ballot,
        marks=choices,
        invalid_reason=request.POST.get("invalid_reason", "")[:255],
    )
    messages.success(
        request,
        _("Đã nhập phiếu giấy vào lô #%(batch)s (%(n)s phiếu).") % {"batch": batch.pk, "n": batch.collected},
    )
    return redirect(reverse("voting:ballot_detail", kwargs={"ballot_id": ballot.pk}) + "#paper")


def _batch(request: HttpRequest, ballot_id: int, batch_id: int) -> PaperBatch:
    return selectors.paper_batch_get(actor=request.user, ballot_id=ballot_id, batch_id=batch_id)


@login_required
@require_POST
@domain_errors
def batch_confirm(request: AuthenticatedHttpRequest, ballot_id: int, batch_id: int) -> HttpResponse:
    services.paper_batch_confirm(actor=request.user, batch=_batch(request, ballot_id, batch_id))
    messages.success(request, _("Đã xác nhận lô phiếu giấy."))
    return redirect("voting:ballot_detail", ballot_id=ballot_id)


@login_required
@require_POST
@domain_errors
def batch_discard(request: AuthenticatedHttpRequest, ballot_id: int, batch_id: int) -> HttpResponse:
    services.paper_batch_discard(actor=request.user, batch=_batch(request, ballot_id, batch_id))
    messages.success(request, _("Đã hủy lô phiếu giấy chưa xác nhận."))
    return redirect("voting:ballot_detail", ballot_id=ballot_id)


@login_required
@require_POST
@domain_errors
def decide_tie(request: AuthenticatedHttpRequest, ballot_id: int, option_id: int) -> HttpResponse:
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id)
    option = selectors.ballot_option_get(ballot=ballot, option_id=option_id)
    services.ballot_decide_tie(actor=request.user, ballot=ballot, option=option)
    return redirect("voting:ballot_detail", ballot_id=ballot.pk)


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def _group(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _slip_rows(voter_codes: list[Any]) -> list[dict[str, Any]]:
    """Printable slips: the code travels in the QR's fragment (#…), which browsers never send to the server."""
    page = settings.THIDUA_PUBLIC_BASE_URL.rstrip("/") + reverse("voting:vote")
    return [
        {
            "name": voter_code.attendee.name,
            "unit": voter_code.attendee.unit.name,
            "grouped": _group(voter_code.code),
            "page": page,
            "qr": _qr_svg(f"{page}#{_group(voter_code.code)}"),
        }
        for voter_code in voter_codes
    ]


def _printable(request: HttpRequest, ballot: Ballot, voter_codes: list[Any], reprint: bool) -> HttpResponse:
    response = render(
        request, "voting/slips.html", {"ballot": ballot, "rows": _slip_rows(voter_codes), "reprint": reprint}
    )
    response["Cache-Control"] = "no-store"  # shown once: not kept by the browser or a proxy
    return response


@login_required
@require_GET
@never_cache
@domain_errors
def slips(request: AuthenticatedHttpRequest, ballot_id: int) -> HttpResponse:
    """The roll of slips: who has one, who has voted; never a code (codes are shown once, when printed)."""
    ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id, action=Action.MANAGE_TERM)
    context = {
        "ballot": ballot,
        "voters": selectors.slip_roll(ballot=ballot),
        "reprints": selectors.slip_reprints(ballot=ballot),
    }
    return render(request, "voting/slip_roll.html", context)


def _print_or_back(request: HttpRequest, ballot_id: int, make: Any) -> HttpResponse:
    """Print slips once; a refusal goes back to the roll with the message (never shows a code)."""
    try:
        ballot = selectors.ballot_get(actor=request.user, ballot_id=ballot_id, action=Action.MANAGE_TERM)
    except NotFound as error:
        return render(request, "core/error.html", {"error": error}, status=404)
    try:
        voter_codes, reprint = make(ballot)
    except NotFound as error:
        return render(request, "core/error.html", {"error": error}, status=404)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("voting:slips", ballot_id=ballot.pk)
    return _printable(request, ballot, voter_codes, reprint)


@login_required
@require_POST
def slips_print(request: AuthenticatedHttpRequest, ballot_id: int) -> HttpResponse:
    return _print_or_back(
        request,
        ballot_id,
        lambda ballot: (services.ballot_print_slips(actor=request.user, ballot=ballot), False),
    )


@login_required
@require_POST
def slip_reprint(request: AuthenticatedHttpRequest, ballot_id: int) -> HttpResponse:
    def make(ballot: Ballot) -> tuple[list[Any], bool]:
        try:
            attendee_id = int(request.POST.get("attendee", ""))
        except ValueError:
            raise NotFound() from None
        voter_code = services.voter_code_reprint(
            actor=request.user, ballot=ballot, attendee_id=attendee_id, reason=request.POST.get("reason", "")
        )
        return [voter_code], True

    return _print_or_back(request, ballot_id, make)


@login_required
@require_GET
@domain_errors
def minutes(request: AuthenticatedHttpRequest, ballot_id: int) -> HttpResponse:
    ballot = selectors.ballot_results_get(actor=request.user, ballot_id=ballot_id, counted_only=True)
    context = {
        "ballot": ballot,
        "doc": selectors.ballot_count_minutes_context(ballot),
        "minutes_generate_url": reverse("documents:generate", args=["vote_count_minutes", ballot.pk]),
    }
    return render(request, "voting/minutes.html", context)


# -- the code holder's page: no login, the code is the credential --------------------------------


def _choices_from_post(ballot: Ballot, options: list[BallotOption], data) -> dict[int, str]:
    if ballot.kind in (BallotKind.CHOOSE_ONE, BallotKind.CHOOSE_UP_TO_N):
        chosen = data.getlist("choice")
        try:
            return {int(option_id): Mark.SELECTED.value for option_id in chosen}
        except ValueError:
            return {-1: "?"}
    choices = {}
    for option in options:
        value = data.get(f"option_{option.pk}")
        if value:
            choices[option.pk] = value
    return choices


def _review(ballot: Ballot, options: list[BallotOption], marks: dict[int, str], choices: dict[int, str]):
    """What the voter is about to send: (option, mark label) rows and the fields to post again."""
    labels = dict(mark_choices(ballot.kind))
    if ballot.kind in (BallotKind.CHOOSE_ONE, BallotKind.CHOOSE_UP_TO_N):
        rows = [(o.label, labels[Mark.SELECTED]) for o in options if o.pk in marks]
        hidden = [("choice", str(o.pk)) for o in options if o.pk in marks]
    else:
        rows = [(o.label, labels.get(marks.get(o.pk, Mark.ABSTAIN), "")) for o in options]
        hidden = [(f"option_{o.pk}", v) for o, v in ((o, choices.get(o.pk)) for o in options) if v]
    return rows, hidden


@require_http_methods(["GET", "POST"])
@never_cache
def vote(request: HttpRequest) -> HttpResponse:
    """The code holder's page. The code is only ever in the POST body (access logs record URLs).

    GET: a field for the code (the slip's QR fills it from the URL fragment, which is not sent).
    POST code: the ballot; POST step=review: what will be sent; POST step=cast: cast, show the receipt.
    """
    if request.method == "GET":
        return render(request, "voting/vote.html", {"ask_code": True})
    try:
        voter_code = selectors.voter_code_for_voting(code=request.POST.get("code", ""))
    except InvalidCode as error:
        try:
            throttle.refuse(request)
        except TooManyAttempts as refused:
            response = render(request, "voting/vote.html", {"error": refused, "ask_code": True}, status=429)
            response["Retry-After"] = refused.params["retry_after"]
            return response
        return render(request, "voting/vote.html", {"error": error, "ask_code": True}, status=404)
    ballot = voter_code.ballot
    options = list(ballot.options.all())
    context: dict[str, Any] = {
        "ballot": ballot,
        "options": options,
        "marks": mark_choices(ballot.kind),
        "code": voter_code.code,
        "used": voter_code.used,
        "is_open": ballot.status == BallotStatus.OPEN,
        "receipts": selectors.ballot_trackers(ballot=ballot),
    }
    step = request.POST.get("step", "")
    choices = _choices_from_post(ballot, options, request.POST)
    # the form shows what the voter chose so far (back from the review): nothing is preselected
    context["option_rows"] = [(o, choices.get(o.pk, "")) for o in options]
    if step not in ("review", "cast") or voter_code.used or not context["is_open"]:
        return render(request, "voting/vote.html", context)
    unmarked = [o.label for o in options if o.pk not in choices]
    if (
        step == "review"
        and unmarked
        and ballot.kind not in (BallotKind.CHOOSE_ONE, BallotKind.CHOOSE_UP_TO_N)
    ):
        context["error"] = ngettext(
            "Chưa chọn cho %(count)d phương án: %(labels)s. Hãy chọn cho từng phương án (kể cả “Không biểu quyết”).",
            "Chưa chọn cho %(count)d phương án: %(labels)s. Hãy chọn cho từng phương án (kể cả “Không biểu quyết”).",
            len(unmarked),
        ) % {"count": len(unmarked), "labels": "; ".join(unmarked)}
        return render(request, "voting/vote.html", context, status=422)
    try:
        if step == "review":
            marks = services.vote_check(code=voter_code.code, choices=choices)
            rows, hidden = _review(ballot, options, marks, choices)
            return render(request, "voting/vote.html", context | {"review": rows, "hidden": hidden})
        cast = services.vote_cast(code=voter_code.code, choices=choices)
    except DomainError as error:
        context |= {"error": error, "used": voter_code.used or error.code == "code_already_used"}
        return render(request, "voting/vote.html", context, status=error.status)
    return render(request, "voting/receipt.html", {"ballot": ballot, "receipt": cast.tracker})
