"""The covenant page and its actions."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.errors import NotFound
from thidua.core.htmx import domain_errors
from thidua.core.versioning import posted_version
from thidua.organisation import access
from thidua.organisation.access import Action

from .. import selectors, services
from ..forms import (
    AmendForm,
    CovenantForm,
    CriterionForm,
    GroupForm,
    RuleForm,
    SignForm,
)

# -- covenant ------------------------------------------------------------------------------------


def _covenant_context(request, cluster_term, **forms) -> dict:
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
            covenant_form=forms.get("covenant_form") or CovenantForm(),
            group_form=forms.get("group_form") or GroupForm(),
            criterion_form=forms.get("criterion_form") or CriterionForm(groups=groups),
            rule_form=forms.get("rule_form") or RuleForm(),
            sign_form=forms.get("sign_form") or SignForm(initial={"signed_on": datetime.date.today()}),
            amend_form=forms.get("amend_form") or AmendForm(criteria=criteria),
        )
    return context


@login_required
@require_GET
@domain_errors
def covenant(request: HttpRequest, term_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    return render(request, "emulation/covenant.html", _covenant_context(request, cluster_term))


@login_required
@require_POST
@domain_errors
def covenant_action(request: HttpRequest, term_id: int, action: str) -> HttpResponse:
    """create / copy / group / criterion / rule / sign / amend — each a service call."""
    actor = request.user
    cluster_term = selectors.term_get(actor=actor, term_id=term_id)
    target = reverse("emulation:covenant", args=[term_id])
    if action == "copy":
        services.covenant_copy_from_previous(actor=actor, term=cluster_term)
        messages.success(request, _("Đã sao chép giao ước năm trước làm dự thảo."))
        return redirect(target)
    if action == "create":
        form = CovenantForm(request.POST)
        if form.is_valid():
            services.covenant_create(actor=actor, term=cluster_term, **form.cleaned_data)
            messages.success(request, _("Đã lập dự thảo giao ước."))
            return redirect(target)
        return render(
            request,
            "emulation/covenant.html",
            _covenant_context(request, cluster_term, covenant_form=form),
            status=422,
        )
    covenant_obj = selectors.covenant_for_term(actor=actor, term=cluster_term)
    if covenant_obj is None:
        raise NotFound()
    groups = list(covenant_obj.groups.all())
    criteria = [c for g in groups for c in g.criteria.all()]
    version = posted_version(request.POST)  # the covenant as this page showed it (13.11)
    forms_by_action = {
        "group": ("group_form", GroupForm(request.POST)),
        "criterion": ("criterion_form", CriterionForm(request.POST, groups=groups)),
        "rule": ("rule_form", RuleForm(request.POST)),
        "sign": ("sign_form", SignForm(request.POST)),
        "amend": ("amend_form", AmendForm(request.POST, criteria=criteria)),
    }
    if action == "criterion-delete":
        criterion = next((c for c in criteria if str(c.pk) == request.POST.get("criterion", "")), None)
        if criterion is None:
            raise NotFound()
        services.criterion_delete(actor=actor, criterion=criterion, version=version)
        return redirect(target)
    if action == "signatory":
        signatory = next(
            (x for x in covenant_obj.signatories.all() if str(x.pk) == request.POST.get("signatory", "")),
            None,
        )
        if signatory is None:
            raise NotFound()
        services.signatory_update(
            actor=actor,
            signatory=signatory,
            signer_name=request.POST.get("signer_name", "")[:120],
            signer_position=request.POST.get("signer_position", "")[:160],
            version=version,
        )
        return redirect(target)
    if action not in forms_by_action:
        raise NotFound()
    name, form = forms_by_action[action]
    if not form.is_valid():
        context = _covenant_context(request, cluster_term, **{name: form})
        return render(request, "emulation/covenant.html", context, status=422)
    data = form.cleaned_data
    if action == "group":
        services.group_add(actor=actor, covenant=covenant_obj, version=version, **data)
    elif action == "criterion":
        group = next(g for g in groups if g.pk == data.pop("group"))
        services.criterion_add(actor=actor, group=group, version=version, **data)
    elif action == "rule":
        services.rule_add(actor=actor, covenant=covenant_obj, version=version, **data)
    elif action == "sign":
        services.covenant_sign(
            actor=actor, covenant=covenant_obj, signed_on=data["signed_on"], version=version
        )
        messages.success(request, _("Giao ước đã được ký kết và khóa."))
    elif action == "amend":
        services.covenant_amend(
            actor=actor, covenant=covenant_obj, reason=data["reason"], changes=form.changes(), version=version
        )
        messages.success(request, _("Đã ghi nhận sửa đổi, bổ sung giao ước."))
    return redirect(target)
