"""THE permission policy: the only module that knows roles.

A grant (UnitRole) of a role at a unit covers that unit and all its descendants. Cluster rights
derive from unit grants: the emulation board of the cluster's owning authority manages the
cluster; the leader unit's staff manage that year's term; members see their cluster.

Entry points:
- `units_in_scope(user, action)` — queryset of units on which the user may do `action` (selectors)
- `can(user, action, unit)` / `require(user, action, unit)` — unit checks (templates / services)
- `clusters_in_scope(user)`, `can_term(user, action, term)`, `require_term(user, action, term)`
- separation of duties: `can_assess`/`require_assess(user, term, unit)` (never one's own unit),
  `require_not_author(user, author_id)` (never approve what one sent)
- object rules of the apps (Wagtail-style policies): each app declares "may this user <verb> this
  object" in its own `<app>/policy.py` with `@access.rule(Model, "verb")`, built on the unit and
  term checks above; services and selectors ask `can_object(user, "verb", obj)` /
  `require_object(user, "verb", obj)`, never the rule's module. `object_rules()` lists them.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.accounts.types import Actor
from thidua.core.errors import AccessDenied

from .models import Cluster, ClusterMembership, ClusterTerm, Role, Unit, UnitRole


class Action(StrEnum):
    VIEW = "view"  # read a unit's data
    EDIT = "edit"  # enter/edit the unit's own data (targets, reports, self-scores, proposals)
    APPROVE = "approve"  # approve the unit's submissions (unit leader)
    MANAGE_ORGANISATION = "manage_organisation"  # edit the unit tree (system admin)
    MANAGE_CLUSTERS = "manage_clusters"  # create clusters/terms, hand over roles (board of the owner)
    MANAGE_TERM = "manage_term"  # a term's data: covenant, acceptance, scoring, conferences (leader staff)
    VIEW_CLUSTER = "view_cluster"  # see a cluster term and its members' shared data
    MANAGE_ACCOUNTS = "manage_accounts"  # accounts and role grants of the unit's people (board, admin)


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.BOARD: frozenset(
        {Action.VIEW, Action.MANAGE_CLUSTERS, Action.MANAGE_TERM, Action.VIEW_CLUSTER, Action.MANAGE_ACCOUNTS}
    ),
    Role.CLUSTER_STAFF: frozenset({Action.VIEW, Action.MANAGE_TERM, Action.VIEW_CLUSTER}),
    Role.OFFICER: frozenset({Action.VIEW, Action.EDIT, Action.VIEW_CLUSTER}),
    Role.UNIT_LEADER: frozenset({Action.VIEW, Action.APPROVE, Action.VIEW_CLUSTER}),
    Role.VIEWER: frozenset({Action.VIEW, Action.VIEW_CLUSTER}),
}


# the grants at the term's leader unit that manage the term (MANAGE_TERM) while the unit leads it
LEADER_STAFF_ROLES = frozenset({Role.CLUSTER_STAFF, Role.OFFICER})


def _roles_for(action: Action) -> list[str]:
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]


def _grants(user: Actor) -> list[tuple[str, str]]:
    """(role, unit path) pairs, cached on the user object for the request."""
    if not isinstance(user, User) or not user.is_active:  # anonymous (or no one): no grant
        return []
    cached = getattr(user, "_thidua_grants", None)
    if cached is None:
        cached = list(
            UnitRole.objects.filter(user=user, ended_on__isnull=True).values_list("role", "unit__path")
        )
        user._thidua_grants = cached
    return cached


def is_admin(user: Actor) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active) or any(
        role == Role.ADMIN for role, _path in _grants(user)
    )


def _paths_for(user: Actor, action: Action) -> list[str]:
    roles = set(_roles_for(action))
    return [path for role, path in _grants(user) if role in roles]


def _path_q(paths: list[str], field: str = "path") -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def units_in_scope(user: Actor, action: Action) -> QuerySet[Unit]:
    if is_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(_path_q(_paths_for(user, action)))


def can(user: Actor, action: Action, unit: Unit | None) -> bool:
    if unit is None:
        return False
    if is_admin(user):
        return True
    return any(unit.path.startswith(path) for path in _paths_for(user, action))


def has_grant_at(user: Actor, action: Action, unit: Unit | None) -> bool:
    """A grant for `action` at exactly `unit` (not above it): the desk of that unit, e.g. the receiving
    level of a proposal (awards.policy). Administrators hold every desk."""
    if unit is None:
        return False
    if is_admin(user):
        return True
    return unit.path in _paths_for(user, action)


def require(user: Actor, action: Action, unit: Unit | None) -> None:
    if not can(user, action, unit):
        raise AccessDenied()


def can_reorganise(user, unit: Unit) -> bool:
    """Record that a unit merges into another or stops (17.13): the system admin, or the emulation board
    of the authority above it (the ministry's board for provincial police, a province's for its units)."""
    return can(user, Action.MANAGE_ORGANISATION, unit) or (
        unit.parent is not None and can(user, Action.MANAGE_CLUSTERS, unit.parent)
    )


def require_reorganise(user, unit: Unit) -> None:
    if not can_reorganise(user, unit):
        raise AccessDenied()


def require_successor(user, unit: Unit) -> None:
    """The unit that takes the tasks over is one the same board reorganises, or the board's own unit."""
    if not (can_reorganise(user, unit) or can(user, Action.MANAGE_CLUSTERS, unit)):
        raise AccessDenied()


# -- clusters ------------------------------------------------------------------------------------


def can_term(user: Actor, action: Action, term: ClusterTerm) -> bool:
    """Rights on one year of a cluster.

    MANAGE_CLUSTERS: board of the owner (or above). MANAGE_TERM: that, or the staff of the term's
    leader unit. VIEW_CLUSTER: any of those, or any grant covering a member unit or the owner.
    """
    if is_admin(user):
        return True
    owner = term.cluster.owner
    if can(user, Action.MANAGE_CLUSTERS, owner):
        return True
    if action == Action.MANAGE_CLUSTERS:
        return False
    # The leader unit's staff: its cluster staff and its emulation officers. The right follows the
    # term's leader, so after a hand-over the new leader's officers manage the new year at once (they
    # held only OFFICER, which gave no term rights: issue 15.3) and the old leader's staff do not.
    leader_staff = term.leader_id is not None and any(
        role in LEADER_STAFF_ROLES and (leader := term.leader) is not None and leader.path.startswith(path)
        for role, path in _grants(user)
    )
    if leader_staff:
        return True
    if action == Action.MANAGE_TERM:
        return False
    if action == Action.VIEW_CLUSTER:
        paths = _paths_for(user, Action.VIEW_CLUSTER)
        if any(owner.path.startswith(p) for p in paths):
            return True
        return term.memberships.filter(_path_q(paths, "unit__path")).exists()
    return False


def require_term(user: Actor, action: Action, term: ClusterTerm) -> None:
    if not can_term(user, action, term):
        raise AccessDenied()


def can_manage_clusters_of(user: Actor, owner: Unit) -> bool:
    return can(user, Action.MANAGE_CLUSTERS, owner)


def terms_in_scope(user: Actor) -> QuerySet[ClusterTerm]:
    """Terms the user may view: owned by a unit in their scope, led by their unit, or with a member in scope."""
    if is_admin(user):
        return ClusterTerm.objects.all()
    paths = _paths_for(user, Action.VIEW_CLUSTER)
    if not paths:
        return ClusterTerm.objects.none()
    owner_in_scope = _path_q(paths, "cluster__owner__path")
    member_in_scope = Exists(
        ClusterMembership.objects.filter(Q(term=OuterRef("pk")) & _path_q(paths, "unit__path"))
    )
    return ClusterTerm.objects.filter(owner_in_scope | member_in_scope)


def can_see_unit(user: Actor, unit: Unit) -> bool:
    """A unit's page: units in the user's VIEW scope, and the members and owners of the cluster terms
    the user may view (cluster partners see each other's organisational details and shared scores)."""
    if can(user, Action.VIEW, unit):
        return True
    visible = terms_in_scope(user)
    return (
        ClusterMembership.objects.filter(unit=unit, term__in=visible).exists()
        or visible.filter(cluster__owner=unit).exists()
    )


def clusters_in_scope(user: Actor) -> QuerySet[Cluster]:
    if is_admin(user):
        return Cluster.objects.all()
    owners = units_in_scope(user, Action.VIEW_CLUSTER).values("pk")
    return Cluster.objects.filter(Q(pk__in=terms_in_scope(user).values("cluster_id")) | Q(owner__in=owners))


# -- separation of duties ------------------------------------------------------------------------
# No one assesses, adjusts, approves or accepts their own unit's data or their own submission
# (issue 13.8). The leader unit's own data passes to the deputy unit's staff or the owner's board.

OWN_UNIT_REFUSED = _(
    "Không được tự thẩm định, cộng/trừ điểm hay tiếp nhận kết quả của chính đơn vị mình; "
    "việc này do đơn vị Cụm phó hoặc Thường trực Hội đồng Thi đua - Khen thưởng thực hiện."
)
OWN_SUBMISSION_REFUSED = _(
    "Người đã lập và gửi không được tự phê duyệt; việc này do lãnh đạo khác của đơn vị thực hiện."
)


class Capacity(StrEnum):
    """In what capacity someone assessed, adjusted or accepted a unit's data (recorded with it)."""

    BOARD = "board"  # the owner's emulation board (or an administrator)
    LEADER = "leader"  # the staff of the term's leader unit (the normal case)
    DEPUTY = "deputy"  # the deputy unit's staff, taking over the leader unit's own data


def is_own_unit(user: Actor, unit: Unit | None) -> bool:
    """The user works in `unit`: one of their grants sits at the unit or inside it (not above it)."""
    if unit is None:
        return False
    return any(path.startswith(unit.path) for _role, path in _grants(user))


def _is_staff_of(user: Actor, unit: Unit | None) -> bool:
    return unit is not None and any(
        role == Role.CLUSTER_STAFF and unit.path.startswith(path) for role, path in _grants(user)
    )


def assess_capacity(user: Actor, term: ClusterTerm, unit: Unit) -> Capacity | None:
    """In what capacity the user may assess, adjust or accept `unit`'s data in `term`; None: not at all."""
    if is_own_unit(user, unit):
        return None
    if is_admin(user) or can(user, Action.MANAGE_CLUSTERS, term.cluster.owner):
        return Capacity.BOARD
    if can_term(user, Action.MANAGE_TERM, term):
        return Capacity.LEADER
    if term.leader_id is not None and unit.pk == term.leader_id and _is_staff_of(user, term.deputy):
        return Capacity.DEPUTY
    return None


def can_assess(user: Actor, term: ClusterTerm, unit: Unit) -> bool:
    return assess_capacity(user, term, unit) is not None


def can_view_unit_data(user: Actor, term: ClusterTerm, unit: Unit) -> bool:
    """A unit's own submissions in a term (registration, reports, evidence, progress): its own scope,
    the term's managers (the leader's staff, the board), or the deputy unit's staff for the leader
    unit's own submissions (they accept them, 13.8)."""
    return (
        can(user, Action.VIEW, unit)
        or can_term(user, Action.MANAGE_TERM, term)
        or can_assess(user, term, unit)
    )


def require_assess(user: Actor, term: ClusterTerm, unit: Unit) -> Capacity:
    capacity = assess_capacity(user, term, unit)
    if capacity is not None:
        return capacity
    if is_own_unit(user, unit) and can_term(user, Action.MANAGE_TERM, term):
        raise AccessDenied(OWN_UNIT_REFUSED)
    raise AccessDenied()


def require_not_author(user: Actor, author_id: int | None) -> None:
    """The one who prepared and sent a submission does not approve it too."""
    if author_id is not None and getattr(user, "pk", None) == author_id:
        raise AccessDenied(OWN_SUBMISSION_REFUSED)


# -- accounts and role grants (issue 15.3a) ------------------------------------------------------
# The system admin manages every account; a board manages the accounts whose active grants all lie in
# its units, grants roles only inside them, never the admin role, and never to itself.

GRANT_TO_SELF_REFUSED = _("Không được tự cấp thêm vai trò cho chính mình.")
ADMIN_ROLE_REFUSED = _("Chỉ quản trị hệ thống mới cấp được vai trò quản trị.")
ACCOUNT_OUTSIDE_REFUSED = _(
    "Tài khoản này còn giữ vai trò ở đơn vị ngoài phạm vi quản lý của bạn; việc này do cấp trên thực hiện."
)


def manages_accounts(user: Actor) -> bool:
    """Does the user manage any accounts (the account pages and their menu entry)?"""
    return is_admin(user) or bool(_paths_for(user, Action.MANAGE_ACCOUNTS))


def require_manages_accounts(user: Actor) -> None:
    """The account pages are for the system admin and the boards (MANAGE_ACCOUNTS somewhere)."""
    if not manages_accounts(user):
        raise AccessDenied()


def can_manage_account(user: Actor, account, *, active_grants: list[tuple[str, str]] | None = None) -> bool:
    """May `user` deactivate, reset the password of or edit `account`? Admins: anyone. A board: an account
    that is not a superuser and whose active grants are all inside the board's units (at least one)."""
    if is_admin(user):
        return True
    if getattr(account, "pk", None) == getattr(user, "pk", None) or account.is_superuser:
        return False
    if active_grants is None:
        active_grants = list(
            UnitRole.objects.filter(user=account, ended_on__isnull=True).values_list("role", "unit__path")
        )
    paths = _paths_for(user, Action.MANAGE_ACCOUNTS)
    if not paths or any(role == Role.ADMIN for role, _path in active_grants):
        return False
    return all(any(path.startswith(p) for p in paths) for _role, path in active_grants)


def require_manage_account(user: Actor, account) -> None:
    if not can_manage_account(user, account):
        if not is_admin(user) and units_in_scope(user, Action.MANAGE_ACCOUNTS).exists():
            raise AccessDenied(ACCOUNT_OUTSIDE_REFUSED)
        raise AccessDenied()


def require_grant(user: Actor, account, unit: Unit, role: str) -> None:
    """Granting `role` at `unit` to `account`: inside the granter's units, no admin role, not to oneself."""
    if is_admin(user):
        return
    require(user, Action.MANAGE_ACCOUNTS, unit)
    if getattr(account, "pk", None) == getattr(user, "pk", None):
        raise AccessDenied(GRANT_TO_SELF_REFUSED)
    if role == Role.ADMIN:
        raise AccessDenied(ADMIN_ROLE_REFUSED)


# -- people (cán bộ, chiến sĩ) of a unit (issue 16.9) ----------------------------------------------
# A unit's officer keeps its people; the board of its authority may too (it enters award history and
# confirms the people an Excel import creates).


def can_manage_people(user: Actor, unit: Unit | None) -> bool:
    return can(user, Action.EDIT, unit) or can(user, Action.MANAGE_CLUSTERS, unit)


def require_manage_people(user: Actor, unit: Unit | None) -> None:
    if not can_manage_people(user, unit):
        raise AccessDenied()


def people_units(user: Actor) -> QuerySet[Unit]:
    """Units whose people the user may create or change (for forms)."""
    return units_in_scope(user, Action.EDIT) | units_in_scope(user, Action.MANAGE_CLUSTERS)


# -- object rules of the apps --------------------------------------------------------------------
# A rule answers "may this user <verb> this object"; the app owning the model declares it in its
# policy.py (loaded by its AppConfig.ready), so this module stays below the apps in the layer order.

ObjectRule = Callable[[Actor, Any], bool]
_RULES: dict[tuple[type[Model], str], ObjectRule] = {}


def rule(model: type[Model], verb: str) -> Callable[[ObjectRule], ObjectRule]:
    """Register the decorated function as the rule for `verb` on instances of `model`."""

    def register(check: ObjectRule) -> ObjectRule:
        if _RULES.setdefault((model, verb), check) is not check:
            raise ValueError(f"object rule {model.__name__}.{verb} declared twice")
        return check

    return register


def can_object(user: Actor, verb: str, obj: Model) -> bool:
    try:
        check = _RULES[(type(obj), verb)]
    except KeyError:
        raise LookupError(f"no object rule {type(obj).__name__}.{verb}") from None
    return check(user, obj)


def require_object(user: Actor, verb: str, obj: Model) -> None:
    if not can_object(user, verb, obj):
        raise AccessDenied()


def object_rules() -> list[str]:
    """`Model.verb` of every registered rule (for the docs and the tests)."""
    return sorted(f"{model.__name__}.{verb}" for model, verb in _RULES)
