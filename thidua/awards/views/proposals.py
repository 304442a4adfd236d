"""Proposal pages: the awards index, the catalogue, starting a season, a batch and its actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import AccessDenied, DomainError, NotFound
from thidua.core.htmx import domain_errors
from thidua.core.listing import filter_int, list_errors, paginate_list, search_query
from thidua.organisation import access
from thidua.organisation.access import Action

from .. import policy, selectors, services
from ..forms import (
    BatchCreateForm,
    CandidateForm,
    CouncilBallotForm,
    CouncilVoteForm,
    DecisionForm,
    FromBallotForm,
    PublishForm,
    TransitionForm,
)
from ..models import CandidateStatus, ProposalStatus
from ._common import _int


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    status = request.GET.get("status", "")
    if status not in ProposalStatus.values:
        status = ""
    batches = list(selectors.batch_list(actor=request.user, year=year, status=status)[:200])
    context = {
        "batches": batches,
        "due": selectors.due_list(actor=request.user),
        "statuses": ProposalStatus.choices,
        "status": status,
        "year": year,
        "today": timezone.localdate(),
        "can_start": any(_proposers(request.user)),
    }
    return render(request, "awards/index.html", context)


def _proposers(user) -> tuple[list, list]:
    """The units and cluster years the user may start a proposal for (the policy of `awards.policy.can_draft`)."""
    units = list(
        access.units_in_scope(user, Action.EDIT).select_related("parent").order_by("depth", "path")[:300]
    )
    terms = [
        term
        for term in access.terms_in_scope(user)
        .select_related("cluster__owner", "leader")
        .order_by("-year", "cluster__name")[:200]
        if access.can_term(user, Action.MANAGE_TERM, term)
    ]
    return units, terms


def _proposer(user, kind: str, pk: int):
    """The chosen unit or cluster year, looked up in the user's view scope (outside it: 404)."""
    if kind == "u":
        unit = access.units_in_scope(user, Action.VIEW).select_related("parent").filter(pk=pk).first()
        if unit is None:
            raise NotFound()
        return {"unit": unit}
    term = access.terms_in_scope(user).select_related("cluster__owner", "leader").filter(pk=pk).first()
    if term is None:
        raise NotFound()
    return {"cluster_term": term}


@login_required
@require_http_methods(["GET", "POST"])
def batch_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start an award season (15.1): the same service as `POST /api/awards/proposals`."""
    units, terms = _proposers(request.user)
    if not units and not terms:
        return render(request, "core/error.html", {"error": AccessDenied()}, status=403)
    year = timezone.localdate().year
    initial = {"year": year, "title": _("Đề nghị khen thưởng năm %(year)s") % {"year": year}}
    if len(units) + len(terms) == 1:
        initial["proposer"] = f"u:{units[0].pk}" if units else f"t:{terms[0].pk}"
    form = BatchCreateForm(request.POST or None, units=units, terms=terms, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.batch_create(
                actor=request.user,
                title=data["title"],
                year=data["year"],
                track=data["track"],
                submit_by=data["submit_by"],
                **_proposer(request.user, *data["proposer"]),
            )
        except DomainError as error:
            if error.status in (403, 404):
                request.thidua_refused = error  # type: ignore[attr-defined]  # the activity log records it
                return render(request, "core/error.html", {"error": error}, status=error.status)
            field = {"unit": "proposer"}.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, str(error))
        else:
            messages.success(request, _("Đã bắt đầu đợt đề nghị “%(title)s”.") % {"title": batch.title})
            return redirect("awards:batch_detail", batch_id=batch.pk)
    status = 422 if form.errors else 200
    return render(request, "awards/batch_create.html", {"form": form}, status=status)


@login_required
@require_GET
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "types": selectors.catalogue(),
        "bases": selectors.legal_bases(),
        "general_rules": selectors.cross_cutting_rules(),
        "can_manage": policy.can_manage_catalogue(request.user),
    }
    return render(request, "awards/catalogue.html", context)


@login_required
@require_GET
@domain_errors
def batch_detail(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    perms = selectors.batch_permissions(actor=request.user, batch=batch)
    review = selectors.batch_review(batch=batch)
    today = timezone.localdate()
    context = {
        "batch": batch,
        "review": review,
        "perms": perms,
        **_forms(batch, perms, [row["candidate"] for row in review["rows"]]),
        "moves": _moves(batch, perms),
        "can_forward": perms["is_desk"]
        and batch.status == ProposalStatus.SUBMITTED
        and any(
            row["candidate"].status == CandidateStatus.ACCEPTED
            and not policy.decides_here(batch, row["candidate"].award_type)
            for row in review["rows"]
        ),
        "log": selectors.batch_log(batch=batch),
        "origins": selectors.batch_origins(batch=batch),
        "forwarded_to": selectors.batch_forwarded_to(batch=batch),
        "is_late": batch.is_late_on(today),
        "decisions": batch.decisions.all(),
    }
    return render(request, "awards/batch_detail.html", context)


_SENDER_MOVES = {
    (ProposalStatus.DRAFT, ProposalStatus.PENDING_LEADER): ("can_draft", _("Trình lãnh đạo đơn vị")),
    (ProposalStatus.RETURNED, ProposalStatus.PENDING_LEADER): ("can_draft", _("Gửi lại sau khi bổ sung")),
    (ProposalStatus.PENDING_LEADER, ProposalStatus.SENT): ("can_approve", _("Duyệt, gửi cấp trên")),
    (ProposalStatus.PENDING_LEADER, ProposalStatus.DRAFT): ("can_approve", _("Trả về dự thảo")),
    (ProposalStatus.SENT, ProposalStatus.IN_REVIEW): ("is_desk", _("Tiếp nhận hồ sơ")),
    (ProposalStatus.IN_REVIEW, ProposalStatus.COUNCIL): ("is_desk", _("Đưa ra Hội đồng TĐKT xét")),
    (ProposalStatus.COUNCIL, ProposalStatus.IN_REVIEW): ("is_desk", _("Trả về Thường trực thẩm định")),
    (ProposalStatus.COUNCIL, ProposalStatus.SUBMITTED): ("is_desk", _("Hội đồng kết luận, trình")),
}


def _moves(batch, perms) -> list[dict]:
    """The steps the user may take from here (the service checks again), the return with its reason."""
    moves = []
    for target in batch.TRANSITIONS[batch.status]:
        if target == ProposalStatus.RETURNED:
            if perms["is_desk"]:
                moves.append({"target": target, "label": _("Trả lại đơn vị gửi"), "needs_reason": True})
            continue
        perm, label = _SENDER_MOVES.get((batch.status, target), ("", ""))
        if perm and (perms[perm] or (perm == "can_approve" and perms["can_draft"] and target == "draft")):
            moves.append({"target": target, "label": label, "needs_reason": False})
    return moves


def _batch_units(batch):
    from thidua.organisation.models import Unit

    if batch.cluster_term_id:
        return Unit.objects.filter(cluster_memberships__term_id=batch.cluster_term_id).order_by("name")
    return Unit.objects.filter(path__startswith=batch.unit.path).order_by("path")


def _forms(batch, perms, candidates, data=None):
    result: dict[str, Form] = {}
    if batch.status in batch.EDITABLE and perms["can_draft"]:
        result["candidate_form"] = CandidateForm(data, units=_batch_units(batch), year=batch.year)
        ballots = services.ballots_for_batch(batch=batch)
        if ballots:
            result["ballot_form"] = FromBallotForm(data, ballots=ballots, year=batch.year)
    if batch.status == ProposalStatus.COUNCIL and perms["is_desk"]:
        initial = {
            "council_members": batch.council_members,
            "council_present": batch.council_present,
            "voted_on": batch.council_voted_on,
            "version": batch.version,
        }
        initial |= {f"votes_{c.pk}": c.votes_for for c in candidates}
        result["vote_form"] = CouncilVoteForm(data, candidates=candidates, initial=initial)
        ballots = services.council_ballots(batch=batch)
        if ballots:
            result["council_ballot_form"] = CouncilBallotForm(
                data, ballots=ballots, initial={"version": batch.version}
            )
    if batch.status == ProposalStatus.SUBMITTED and perms["is_desk"]:
        result["decision_form"] = DecisionForm(data, initial={"signed_on": timezone.localdate()})
    if perms["can_review"]:
        result["publish_form"] = PublishForm(
            initial={
                "publish_from": batch.publish_from,
                "publish_until": batch.publish_until,
                "version": batch.version,
            }
        )
    return result


@login_required
@require_POST
@domain_errors
def batch_action(request: AuthenticatedHttpRequest, batch_id: int, action: str) -> HttpResponse:
    """Forms of the batch page: add a candidate, record the council vote, register the decision, publish."""
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    perms = selectors.batch_permissions(actor=request.user, batch=batch)
    candidates = selectors.batch_candidates(batch=batch)
    forms = _forms(batch, perms, candidates, request.POST)
    form = forms.get(
        {
            "candidate": "candidate_form",
            "from-ballot": "ballot_form",
            "vote": "vote_form",
            "vote-ballot": "council_ballot_form",
            "decision": "decision_form",
        }.get(action, "")
    )
    if action == "publish":
        form = PublishForm(request.POST)
    if form is None:
        raise NotFound()
    if not form.is_valid():
        messages.error(
            request,
            "; ".join(
                f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
                for f, e in form.errors.items()
            ),
        )
        return redirect("awards:batch_detail", batch_id=batch.pk)
    data = form.cleaned_data
    if action == "candidate":
        services.candidate_add(actor=request.user, batch=batch, **data)
        messages.success(request, _("Đã thêm đối tượng đề nghị."))
    elif action == "from-ballot":
        created = services.candidates_from_ballot(
            actor=request.user,
            batch=batch,
            ballot=form.ballots[data["ballot"]],
            award_type=data["award_type"],
        )
        messages.success(request, _("Đã thêm %(count)s đơn vị được suy tôn.") % {"count": len(created)})
    elif action == "vote":
        services.council_vote_record(
            actor=request.user,
            batch=batch,
            council_members=data["council_members"],
            council_present=data["council_present"],
            voted_on=data["voted_on"],
            votes=form.votes(),
            version=data["version"],
        )
        messages.success(request, _("Đã ghi kết quả biểu quyết của Hội đồng."))
    elif action == "vote-ballot":
        services.council_vote_from_ballot(
            actor=request.user,
            batch=batch,
            ballot=form.ballots[data["ballot"]],
            version=data["version"],
        )
        messages.success(request, _("Đã lấy kết quả biểu quyết của Hội đồng từ phiếu trên hệ thống."))
    elif action == "decision":
        decision = services.decision_register(actor=request.user, batch=batch, **data)
        messages.success(request, _("Đã vào sổ quyết định %(number)s.") % {"number": decision.number})
        return redirect("awards:decision_detail", decision_id=decision.pk)
    else:
        services.batch_publish(actor=request.user, batch=batch, **data)
        messages.success(request, _("Đã đặt thời hạn công khai."))
    return redirect("awards:batch_detail", batch_id=batch.pk)


@login_required
@require_POST
@domain_errors
def batch_transition(request: AuthenticatedHttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        if "target" in form.errors:
            raise NotFound()
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("awards:batch_detail", batch_id=batch.pk)
    data = form.cleaned_data
    if data["target"] == ProposalStatus.FORWARDED:
        upper = services.batch_forward(actor=request.user, batch=batch, version=data["version"])
        messages.success(request, _("Đã chuyển lên cấp trên: “%(title)s”.") % {"title": upper.title})
        return redirect("awards:batch_detail", batch_id=batch.pk)
    batch = services.batch_transition(
        actor=request.user,
        batch=batch,
        target=data["target"],
        reason=data["reason"],
        version=data["version"],
    )
    messages.success(
        request, _("Đã chuyển đề nghị sang “%(status)s”.") % {"status": batch.get_status_display()}
    )
    return redirect("awards:batch_detail", batch_id=batch.pk)


@login_required
@require_GET
@list_errors
def next_eligible(request: AuthenticatedHttpRequest) -> HttpResponse:
    """People one year from a higher title: one page at a time, searchable, sortable (issue 15.12)."""
    year = (
        filter_int(request.GET.get("year"), label=_("Năm"), low=1900, high=2200) or timezone.localdate().year
    )
    unit_id = filter_int(request.GET.get("unit"), label=_("Đơn vị"))
    query = search_query(request.GET.get("q"))
    units = list(selectors.next_eligible_units(actor=request.user)[:300])
    rows = selectors.next_eligible_list(actor=request.user, year=year, unit_id=unit_id, query=query)
    listing = paginate_list(request, rows, sorts=selectors.NEXT_ELIGIBLE_SORTS, default="unit")
    context = {"listing": listing, "rows": listing.rows, "units": units, "unit_id": unit_id, "year": year}
    return render(request, "awards/next_eligible.html", context | {"query": query})


@login_required
@require_GET
@domain_errors
def batch_dossier(request: AuthenticatedHttpRequest, batch_id: int, fmt: str) -> HttpResponse:
    """The one-click dossier (17.5), a ZIP: "zip" = Word files and one merged PDF with its contents;
    "word" = the Word files only."""
    from thidua.core.http import attachment

    from ..services import dossier

    if fmt not in dossier.FORMATS:
        raise NotFound()
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    content = dossier.batch_dossier(actor=request.user, batch=batch, with_pdf=dossier.FORMATS[fmt])
    return attachment(content, dossier.dossier_filename(batch=batch, fmt=fmt), "application/zip")
