"""The covenant page and its actions."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import NotFound
from thidua.core.htmx import domain_errors
from thidua.core.http import stored_file
from thidua.core.versioning import posted_version
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm

from .. import selectors, services
from ..forms import (
    AmendForm,
    CovenantDocumentForm,
    CovenantForm,
    CriterionForm,
    GroupForm,
    RuleForm,
    ScaleForm,
    SignForm,
)
from ..models import Covenant, CriteriaGroup, Criterion

# -- covenant ------------------------------------------------------------------------------------


def _covenant_context(request, cluster_term, **bound: forms.Form) -> dict:
    covenant = selectors.covenant_for_term(actor=request.user, term=cluster_term)
    can_manage = access.can_term(request.user, Action.MANAGE_TERM, cluster_term)
    groups = list(covenant.groups.all()) if covenant else []
    criteria = [c for g in groups for c in g.criteria.all()]
    context = {
        "term": cluster_term,
        "covenant": covenant,
        "groups": groups,
        "can_manage": can_manage,
        "points": sum((c.max_points for c in criteria), 0),
        "history": selectors.covenant_history(covenant=covenant) if covenant else [],
    }
    if can_manage:
        context.update(
            covenant_form=bound.get("covenant_form") or CovenantForm(),
            group_form=bound.get("group_form") or GroupForm(),
            criterion_form=bound.get("criterion_form") or CriterionForm(groups=groups),
            rule_form=bound.get("rule_form") or RuleForm(),
            sign_form=bound.get("sign_form") or SignForm(initial={"signed_on": datetime.date.today()}),
            amend_form=bound.get("amend_form") or AmendForm(criteria=criteria),
            scale_form=bound.get("scale_form")
            or ScaleForm(initial={"scale": covenant.scale if covenant else None}),
            document_form=bound.get("document_form") or CovenantDocumentForm(),
        )
    return context


@login_required
@require_GET
@domain_errors
def covenant(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    return render(request, "emulation/covenant.html", _covenant_context(request, cluster_term))


@dataclass
class _CovenantPost:
    """One POST on the covenant page: the term (fetched and checked), and, once loaded, its covenant."""

    request: HttpRequest
    term: ClusterTerm
    covenant: Covenant | None = None
    groups: list[CriteriaGroup] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    version: int | None = None

    @property
    def actor(self) -> Any:
        return self.request.user

    @property
    def data(self) -> QueryDict:
        return self.request.POST

    def load_covenant(self) -> Covenant:
        covenant = selectors.covenant_for_term(actor=self.actor, term=self.term)
        if covenant is None:
            raise NotFound()
        self.covenant = covenant
        self.groups = list(covenant.groups.all())
        self.criteria = [c for g in self.groups for c in g.criteria.all()]
        self.version = posted_version(self.data)  # the covenant as this page showed it (13.11)
        return covenant

    def done(self, message: str = "") -> HttpResponse:
        if message:
            messages.success(self.request, message)
        return redirect(reverse("emulation:covenant", args=[self.term.pk]))

    def invalid(self, name: str, form: forms.Form) -> HttpResponse:
        context = _covenant_context(self.request, self.term, **{name: form})
        return render(self.request, "emulation/covenant.html", context, status=422)


def _copy(post: _CovenantPost) -> HttpResponse:
    services.covenant_copy_from_previous(actor=post.actor, term=post.term)
    return post.done(_("Đã sao chép giao ước năm trước làm dự thảo."))


def _create(post: _CovenantPost) -> HttpResponse:
    form = CovenantForm(post.data)
    if not form.is_valid():
        return post.invalid("covenant_form", form)
    services.covenant_create(actor=post.actor, term=post.term, **form.cleaned_data)
    return post.done(_("Đã lập dự thảo giao ước."))


def _criterion_delete(post: _CovenantPost) -> HttpResponse:
    post.load_covenant()
    criterion = next((c for c in post.criteria if str(c.pk) == post.data.get("criterion", "")), None)
    if criterion is None:
        raise NotFound()
    services.criterion_delete(actor=post.actor, criterion=criterion, version=post.version)
    return post.done()


def _signatory(post: _CovenantPost) -> HttpResponse:
    covenant = post.load_covenant()
    chosen = post.data.get("signatory", "")
    signatory = next((x for x in covenant.signatories.all() if str(x.pk) == chosen), None)
    if signatory is None:
        raise NotFound()
    services.signatory_update(
        actor=post.actor,
        signatory=signatory,
        signer_name=post.data.get("signer_name", "")[:120],
        signer_position=post.data.get("signer_position", "")[:160],
        version=post.version,
    )
    return post.done()


def _group(post: _CovenantPost) -> HttpResponse:
    covenant = post.load_covenant()
    form = GroupForm(post.data)
    if not form.is_valid():
        return post.invalid("group_form", form)
    services.group_add(actor=post.actor, covenant=covenant, version=post.version, **form.cleaned_data)
    return post.done()


def _criterion(post: _CovenantPost) -> HttpResponse:
    post.load_covenant()
    form = CriterionForm(post.data, groups=post.groups)
    if not form.is_valid():
        return post.invalid("criterion_form", form)
    data = form.cleaned_data
    if data.get("max_points") is None:  # no point scale given (16.5)
        data["max_points"] = Decimal(0)
    group = next(g for g in post.groups if g.pk == data.pop("group"))
    services.criterion_add(actor=post.actor, group=group, version=post.version, **data)
    return post.done()


def _rule(post: _CovenantPost) -> HttpResponse:
    covenant = post.load_covenant()
    form = RuleForm(post.data)
    if not form.is_valid():
        return post.invalid("rule_form", form)
    services.rule_add(actor=post.actor, covenant=covenant, version=post.version, **form.cleaned_data)
    return post.done()


def _sign(post: _CovenantPost) -> HttpResponse:
    covenant = post.load_covenant()
    form = SignForm(post.data)
    if not form.is_valid():
        return post.invalid("sign_form", form)
    services.covenant_sign(
        actor=post.actor, covenant=covenant, signed_on=form.cleaned_data["signed_on"], version=post.version
    )
    return post.done(_("Giao ước đã được ký kết và khóa."))


def _scale(post: _CovenantPost) -> HttpResponse:
    covenant = post.load_covenant()
    form = ScaleForm(post.data)
    if not form.is_valid():
        return post.invalid("scale_form", form)
    services.covenant_update(actor=post.actor, covenant=covenant, version=post.version, **form.cleaned_data)
    return post.done(_("Đã ghi nhận thang điểm của giao ước."))


def _document(post: _CovenantPost) -> HttpResponse:
    covenant = post.load_covenant()
    form = CovenantDocumentForm(post.data, post.request.FILES)
    if not form.is_valid():
        return post.invalid("document_form", form)
    services.covenant_document_attach(actor=post.actor, covenant=covenant, **form.cleaned_data)
    return post.done(_("Đã lưu văn bản kèm giao ước."))


def _amend(post: _CovenantPost) -> HttpResponse:
    covenant = post.load_covenant()
    form = AmendForm(post.data, criteria=post.criteria)
    if not form.is_valid():
        return post.invalid("amend_form", form)
    services.covenant_amend(
        actor=post.actor,
        covenant=covenant,
        reason=form.cleaned_data["reason"],
        changes=form.changes(),
        version=post.version,
    )
    return post.done(_("Đã ghi nhận sửa đổi, bổ sung giao ước."))


COVENANT_ACTIONS: dict[str, Callable[[_CovenantPost], HttpResponse]] = {
    "copy": _copy,
    "create": _create,
    "criterion-delete": _criterion_delete,
    "signatory": _signatory,
    "group": _group,
    "criterion": _criterion,
    "rule": _rule,
    "sign": _sign,
    "amend": _amend,
    "scale": _scale,
    "document": _document,
}


@login_required
@require_GET
@domain_errors
def covenant_document(request: AuthenticatedHttpRequest, term_id: int, document_id: int) -> FileResponse:
    """Download a paper attached to the covenant (permission-checked; 404 outside the user's scope)."""
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    document = selectors.covenant_document_get(actor=request.user, term=cluster_term, document_id=document_id)
    return stored_file(document.file, document.original_name, document.content_type)


@login_required
@require_POST
@domain_errors
def covenant_action(request: AuthenticatedHttpRequest, term_id: int, action: str) -> HttpResponse:
    """One of COVENANT_ACTIONS, each a form (if any) and one service call."""
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    handler = COVENANT_ACTIONS.get(action)
    if handler is None:
        raise NotFound()
    return handler(_CovenantPost(request=request, term=cluster_term))
