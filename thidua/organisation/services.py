"""Writes for the organisation context: units, succession, clusters, terms, hand-over."""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.dates import KnownDate
from thidua.core.errors import ValidationFailed

from . import access
from .access import Action
from .errors import (
    ClusterNumberTaken,
    DeputyNotMember,
    InvalidParent,
    LeaderIsDeputy,
    LeaderNotMember,
    MemberHasRole,
    RoleAlreadyEnded,
    TermExists,
    UnitCodeTaken,
    UnitGoneOnTermStart,
    UnitInactive,
    UnitInAnotherCluster,
)
from .models import (
    Cluster,
    ClusterKind,
    ClusterLevel,
    ClusterMembership,
    ClusterTerm,
    Handover,
    SelectionMode,
    SuccessionKind,
    Unit,
    UnitKind,
    UnitName,
    UnitRole,
    UnitSuccession,
)

UNIT_FIELDS = ("kind", "name", "short_name", "code", "active_from", "active_to")


# -- units ---------------------------------------------------------------------------------------


@transaction.atomic
def unit_create(
    *,
    actor: User,
    parent: Unit | None,
    kind: str,
    name: str,
    code: str,
    short_name: str = "",
    active_from: datetime.date | None = None,
    active_to: datetime.date | None = None,
) -> Unit:
    if parent is None:
        if not access.is_admin(actor):
            raise access.AccessDenied()
    else:
        access.require(actor, Action.MANAGE_ORGANISATION, parent)
    if Unit.objects.filter(code=code).exists():
        raise UnitCodeTaken(field="code", code=code)
    if active_from and active_to and active_to < active_from:
        raise ValidationFailed(_("Ngày kết thúc hoạt động phải sau ngày bắt đầu."), field="active_to")
    return Unit.objects.create(
        parent=parent,
        kind=kind,
        name=name.strip(),
        short_name=short_name.strip(),
        code=code.strip(),
        active_from=active_from,
        active_to=active_to,
    )


@transaction.atomic
def unit_update(
    *,
    actor: User,
    unit: Unit,
    effective_date: datetime.date | None = None,
    **changes,
) -> Unit:
    """Change a unit's fields. A change of name keeps the old name in UnitName until `effective_date`."""
    access.require(actor, Action.MANAGE_ORGANISATION, unit)
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise ValidationFailed(_("Trường không được phép sửa: {fields}"), fields=", ".join(sorted(unknown)))
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_code = changes.get("code")
    if new_code and new_code != unit.code and Unit.objects.filter(code=new_code).exists():
        raise UnitCodeTaken(field="code", code=new_code)
    new_name = changes.get("name")
    if new_name and new_name.strip() != unit.name:
        day = effective_date or datetime.date.today()
        previous_start = (
            unit.names.filter(valid_to__isnull=False)
            .order_by("-valid_to")
            .values_list("valid_to", flat=True)
            .first()
        )
        UnitName.objects.create(
            unit=unit,
            name=unit.name,
            short_name=unit.short_name,
            valid_from=(previous_start + datetime.timedelta(days=1))
            if previous_start
            else (unit.active_from or datetime.date(1945, 8, 19)),
            valid_to=day - datetime.timedelta(days=1),
        )
    for field, value in changes.items():
        setattr(unit, field, value.strip() if isinstance(value, str) else value)
    if unit.active_from and unit.active_to and unit.active_to < unit.active_from:
        raise ValidationFailed(_("Ngày kết thúc hoạt động phải sau ngày bắt đầu."), field="active_to")
    unit.save()
    return unit


@transaction.atomic
def unit_move(*, actor: User, unit: Unit, new_parent: Unit) -> Unit:
    """Re-attach a unit (and its subtree) under another parent, rewriting materialized paths."""
    access.require(actor, Action.MANAGE_ORGANISATION, unit)
    access.require(actor, Action.MANAGE_ORGANISATION, new_parent)
    return _move(unit, new_parent)


def _move(unit: Unit, new_parent: Unit) -> Unit:
    if new_parent.path.startswith(unit.path):
        raise InvalidParent(field="parent")
    old_prefix = unit.path
    new_prefix = f"{new_parent.path}{unit.pk:06d}."
    for node in Unit.objects.select_for_update().filter(path__startswith=old_prefix):
        node.path = new_prefix + node.path[len(old_prefix) :]
        node.depth = node.path.count(".") - 1
        if node.pk == unit.pk:
            node.parent = new_parent
        node.save()
    unit.refresh_from_db()
    return unit


@transaction.atomic
def unit_merge(
    *,
    actor: User,
    predecessors: Iterable[Unit],
    successor: Unit,
    effective_date: datetime.date,
    legal_basis: str = "",
    kind: str = SuccessionKind.MERGE,
) -> list[UnitSuccession]:
    """Merge units into `successor` from `effective_date`.

    The predecessors stop being active the day before and keep their own rows, so memberships,
    reports and awards of earlier years stay reportable under the names they had then.
    """
    access.require(actor, Action.MANAGE_ORGANISATION, successor)
    predecessors = list(predecessors)
    for unit in predecessors:
        access.require(actor, Action.MANAGE_ORGANISATION, unit)
    return _merge(predecessors, successor, effective_date, legal_basis, kind)


def _merge(
    predecessors: list[Unit], successor: Unit, effective_date: datetime.date, legal_basis: str, kind: str
) -> list[UnitSuccession]:
    records = []
    for unit in predecessors:
        if unit.pk == successor.pk:
            continue
        unit.active_to = effective_date - datetime.timedelta(days=1)
        unit.save(update_fields=["active_to", "updated_at", "search_key"])
        record, _created = UnitSuccession.objects.update_or_create(
            predecessor=unit,
            successor=successor,
            defaults={"kind": kind, "effective_date": effective_date, "legal_basis": legal_basis},
        )
        records.append(record)
    return records


@transaction.atomic
def unit_reorganise(
    *,
    actor: User,
    unit: Unit,
    successor: Unit,
    effective_date: datetime.date,
    kind: str = SuccessionKind.MERGE,
    legal_basis: str = "",
    move_children: bool = False,
    move_memberships: bool = True,
) -> UnitSuccession:
    """Record a merger (or the end of a unit whose tasks pass to `successor`) from `effective_date`.

    The unit's last day is the day before; its rows stay, so earlier years stay reportable under the
    name it had. With `move_memberships`, its places in cluster terms of later years go to the
    successor (dropped where the successor is already a member); with `move_children`, its sub-units
    move under the successor."""
    access.require_reorganise(actor, unit)
    access.require_successor(actor, successor)
    if kind not in (SuccessionKind.MERGE, SuccessionKind.DISSOLVE, SuccessionKind.TRANSFER):
        raise ValidationFailed(_("Hình thức sắp xếp không hợp lệ."), field="kind")
    if not datetime.date(1945, 8, 19) <= effective_date <= datetime.date(2100, 12, 31):
        raise ValidationFailed(_("Ngày hiệu lực không hợp lệ."), field="effective_date")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.pk == successor.pk or successor.path.startswith(unit.path):
        raise ValidationFailed(
            _("Đơn vị kế thừa phải là một đơn vị khác, không thuộc “{unit}”."), field="successor", unit=unit
        )
    if unit.active_to is not None and unit.active_to < effective_date:
        raise ValidationFailed(
            _("“{unit}” đã ngừng hoạt động từ {day}."),
            field="effective_date",
            unit=unit,
            day=(unit.active_to + datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
        )
    if unit.active_from and effective_date <= unit.active_from:
        raise ValidationFailed(
            _("Ngày hiệu lực phải sau ngày đơn vị bắt đầu hoạt động."), field="effective_date"
        )
    if not successor.is_active_on(effective_date):
        raise ValidationFailed(
            _("Đơn vị kế thừa “{unit}” không hoạt động ngày {day}."),
            field="successor",
            unit=successor,
            day=effective_date.strftime("%d/%m/%Y"),
        )
    [record] = _merge([unit], successor, effective_date, legal_basis.strip(), kind)
    if move_memberships:
        for membership in ClusterMembership.objects.select_related("term").filter(
            unit=unit, year__gt=effective_date.year
        ):
            term = _locked_term(membership.term)
            roles = [term.leader, *term.deputies]
            if unit in roles and successor in roles:
                raise ValidationFailed(
                    _(
                        "“{unit}” và “{successor}” cùng giữ vai trò trong {term}: đổi Cụm trưởng, Cụm phó trước."
                    ),
                    field="successor",
                    unit=unit,
                    successor=successor,
                    term=term,
                )
            membership.delete()
            if not term.memberships.filter(unit=successor).exists():
                _add_members(term, [successor])
            swap = [successor if role_unit == unit else role_unit for role_unit in roles]
            if unit in roles:
                _apply_roles(term, swap[0], [u for u in swap[1:] if u is not None])
    if move_children:
        for child in list(unit.children.filter(Q(active_to__isnull=True) | Q(active_to__gte=effective_date))):
            _move(child, successor)
    return record


@transaction.atomic
def role_grant(*, actor: User, user, unit: Unit, role: str) -> UnitRole:
    """Grant a role: admins grant anything; a board grants roles inside its own units, never to itself
    and never the admin role (access.require_grant). An ended grant stays as history; a new one starts."""
    access.require_grant(actor, user, unit, role)
    grant, _created = UnitRole.objects.get_or_create(
        user=user,
        unit=unit,
        role=role,
        ended_on=None,
        defaults={"valid_from": timezone.localdate(), "granted_by": actor},
    )
    return grant


@transaction.atomic
def role_end(*, actor: User, grant: UnitRole, ended_on: datetime.date | None = None) -> UnitRole:
    """End a grant (a move, a change of duty): the row stays with its dates, the right stops."""
    grant = UnitRole.objects.select_for_update(of=("self",)).select_related("unit", "user").get(pk=grant.pk)
    access.require_grant(actor, grant.user, grant.unit, grant.role)
    if grant.ended_on is not None:
        raise RoleAlreadyEnded(ended_on=f"{grant.ended_on:%d/%m/%Y}")
    today = timezone.localdate()
    ended_on = ended_on or today
    if ended_on > today:  # the right stops when the end is recorded: a later day would be a false record
        raise ValidationFailed(
            _("Ngày kết thúc không được sau hôm nay ({today}); hãy ghi khi vai trò thực sự kết thúc."),
            field="ended_on",
            today=f"{today:%d/%m/%Y}",
        )
    if grant.valid_from and ended_on < grant.valid_from:
        raise ValidationFailed(
            _("Ngày kết thúc không được trước ngày bắt đầu ({start})."),
            field="ended_on",
            start=f"{grant.valid_from:%d/%m/%Y}",
        )
    grant.ended_on, grant.ended_by = ended_on, actor
    grant.save(update_fields=["ended_on", "ended_by", "updated_at"])
    return grant


# -- clusters and terms --------------------------------------------------------------------------


# the kind of unit that owns each level of cluster (the emulation board of that unit manages it)
LEVEL_OWNER_KIND = {
    ClusterLevel.MINISTRY: UnitKind.MINISTRY,
    ClusterLevel.PROVINCIAL: UnitKind.PROVINCIAL_POLICE,
}


@transaction.atomic
def cluster_create(
    *,
    actor: User,
    owner: Unit,
    level: str,
    name: str,
    number: int | None = None,
    kind: str = ClusterKind.CUM,
) -> Cluster:
    """A new cluster (Cụm) or bloc (Khối) of the owner's board; the number is optional."""
    access.require(actor, Action.MANAGE_CLUSTERS, owner)
    if level not in ClusterLevel.values:
        raise ValidationFailed(_("Cấp cụm không hợp lệ."), field="level")
    if kind not in ClusterKind.values:
        raise ValidationFailed(_("Cụm hay Khối: giá trị không hợp lệ."), field="kind")
    if owner.kind != LEVEL_OWNER_KIND[ClusterLevel(level)]:
        raise ValidationFailed(
            _("Cụm {level} phải do {owner_kind} quản lý; “{owner}” không phải."),
            field="owner",
            level=ClusterLevel(level).label,
            owner_kind=UnitKind(LEVEL_OWNER_KIND[ClusterLevel(level)]).label,
            owner=owner,
        )
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Tên cụm không được để trống."), field="name")
    if number is not None and not 1 <= number <= 999:
        raise ValidationFailed(_("Số cụm phải từ 1 đến 999."), field="number")
    if (
        number is not None
        and Cluster.objects.filter(owner=owner, level=level, kind=kind, number=number).exists()
    ):
        raise ClusterNumberTaken(field="number", number=number, owner=owner)
    try:
        with transaction.atomic():
            return Cluster.objects.create(owner=owner, level=level, kind=kind, number=number, name=name)
    except IntegrityError:  # a concurrent board took the number first
        raise ClusterNumberTaken(field="number", number=number, owner=owner) from None


def _check_roles(term: ClusterTerm, leader: Unit | None, deputies: list[Unit], member_ids: set[int]) -> None:
    deputy_ids = [unit.pk for unit in deputies]
    if leader and leader.pk in deputy_ids:
        raise LeaderIsDeputy(field="deputy")
    if len(set(deputy_ids)) != len(deputy_ids):
        raise ValidationFailed(_("Một đơn vị được chọn làm Cụm phó hai lần."), field="deputy_ids")
    if leader and leader.pk not in member_ids:
        raise LeaderNotMember(field="leader", unit=leader, year=term.year)
    for deputy in deputies:
        if deputy.pk not in member_ids:
            raise DeputyNotMember(field="deputy", unit=deputy, year=term.year)


def _apply_roles(term: ClusterTerm, leader: Unit | None, deputies: list[Unit]) -> None:
    term.leader = leader
    term.deputy = deputies[0] if deputies else None
    term.save()
    term.additional_deputies.set(deputies[1:])


def _deputy_list(deputy: Unit | None, deputies: Iterable[Unit] | None) -> list[Unit]:
    if deputies is not None:
        return list(deputies)
    return [deputy] if deputy is not None else []


def _add_members(term: ClusterTerm, units: Iterable[Unit]) -> None:
    cluster = term.cluster
    year_start = datetime.date(term.year, 1, 1)
    year_end = datetime.date(term.year, 12, 31)
    for unit in units:
        if (unit.active_to and unit.active_to < year_start) or (
            unit.active_from and unit.active_from > year_end
        ):
            raise UnitInactive(field="members", unit=unit, year=term.year)
        clash = (
            ClusterMembership.objects.filter(
                unit=unit, year=term.year, level=cluster.level, owner=cluster.owner
            )
            .exclude(term=term)
            .select_related("term__cluster")
            .first()
        )
        if clash:
            raise UnitInAnotherCluster(
                field="members", unit=unit, cluster=clash.term.display_name, year=term.year
            )
        try:
            with transaction.atomic():
                ClusterMembership.objects.get_or_create(
                    term=term,
                    unit=unit,
                    defaults={"year": term.year, "level": cluster.level, "owner": cluster.owner},
                )
        except IntegrityError:  # a concurrent writer put the unit in another cluster
            raise UnitInAnotherCluster(field="members", unit=unit, cluster="?", year=term.year) from None


@transaction.atomic
def term_create(
    *,
    actor: User,
    cluster: Cluster,
    year: int,
    members: Iterable[Unit],
    leader: Unit | None = None,
    deputy: Unit | None = None,
    deputies: Iterable[Unit] | None = None,
    name: str = "",
    selection_mode: str = SelectionMode.ELECTED,
) -> ClusterTerm:
    access.require(actor, Action.MANAGE_CLUSTERS, cluster.owner)
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("Năm phải từ 2000 đến 2100."), field="year")
    if selection_mode not in SelectionMode.values:
        raise ValidationFailed(_("Cách chọn Cụm trưởng không hợp lệ."), field="selection_mode")
    if ClusterTerm.objects.filter(cluster=cluster, year=year).exists():
        raise TermExists(field="year", cluster=cluster, year=year)
    members = list(members)
    deputy_list = _deputy_list(deputy, deputies)
    term = ClusterTerm(cluster=cluster, year=year, name=name.strip(), selection_mode=selection_mode)
    _check_roles(term, leader, deputy_list, {u.pk for u in members})
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError:  # a concurrent board created the same year first
        raise TermExists(field="year", cluster=cluster, year=year) from None
    _add_members(term, members)
    _apply_roles(term, leader, deputy_list)
    return term


def _locked_term(term: ClusterTerm) -> ClusterTerm:
    """The term row locked for this transaction: concurrent edits of its members and roles queue."""
    return (
        ClusterTerm.objects.select_for_update(of=("self",))
        .select_related("cluster__owner", "leader", "deputy")
        .get(pk=term.pk)
    )


def _refuse_role_holder(term: ClusterTerm, leaving: set[int]) -> None:
    for role_unit in [term.leader, *term.deputies]:
        if role_unit is not None and role_unit.pk in leaving:
            raise MemberHasRole(field="members", unit=role_unit)


@transaction.atomic
def term_set_members(*, actor: User, term: ClusterTerm, members: Iterable[Unit]) -> ClusterTerm:
    access.require(actor, Action.MANAGE_CLUSTERS, term.cluster.owner)
    term = _locked_term(term)
    members = list(members)
    wanted = {u.pk for u in members}
    current = set(term.memberships.values_list("unit_id", flat=True))
    _refuse_role_holder(term, current - wanted)
    term.memberships.exclude(unit_id__in=wanted).delete()
    _add_members(term, members)
    return term


@transaction.atomic
def term_member_add(*, actor: User, term: ClusterTerm, unit: Unit) -> ClusterTerm:
    """Add one unit to the year's members (active that year, in no other cluster of that level)."""
    access.require(actor, Action.MANAGE_CLUSTERS, term.cluster.owner)
    term = _locked_term(term)
    _add_members(term, [unit])
    return term


@transaction.atomic
def term_member_remove(*, actor: User, term: ClusterTerm, unit: Unit) -> ClusterTerm:
    """Take one unit out of the year's members; the leader and deputies must be changed first."""
    access.require(actor, Action.MANAGE_CLUSTERS, term.cluster.owner)
    term = _locked_term(term)
    _refuse_role_holder(term, {unit.pk})
    deleted, _rows = term.memberships.filter(unit=unit).delete()
    if not deleted:
        raise ValidationFailed(
            _("Đơn vị “{unit}” không phải thành viên cụm năm {year}."),
            field="unit",
            unit=unit,
            year=term.year,
        )
    return term


@transaction.atomic
def term_set_roles(
    *,
    actor: User,
    term: ClusterTerm,
    leader: Unit | None,
    deputy: Unit | None = None,
    deputies: Iterable[Unit] | None = None,
    selection_mode: str | None = None,
) -> ClusterTerm:
    """Set the leader (Cụm trưởng) and the deputies (Cụm phó, one or several, the first one first)."""
    access.require(actor, Action.MANAGE_CLUSTERS, term.cluster.owner)
    term = _locked_term(term)
    if selection_mode and selection_mode not in SelectionMode.values:
        raise ValidationFailed(_("Cách chọn Cụm trưởng không hợp lệ."), field="selection_mode")
    deputy_list = _deputy_list(deputy, deputies)
    _check_roles(term, leader, deputy_list, set(term.memberships.values_list("unit_id", flat=True)))
    if selection_mode:
        term.selection_mode = selection_mode
    _apply_roles(term, leader, deputy_list)
    return term


@transaction.atomic
def term_create_next(
    *,
    actor: User,
    term: ClusterTerm,
    members: Iterable[Unit] | None = None,
    leader: Unit | None = None,
    deputies: Iterable[Unit] | None = None,
) -> ClusterTerm:
    """Start next year's term from this year's (the new-year wizard, 15.3).

    Without `members`, next year's list is the plan the wizard shows (selectors.next_term_plan):
    this year's members, a unit that stops before next year ends replaced by its successor."""
    from .selectors import next_term_plan  # reads; the service only writes what the plan says

    access.require(actor, Action.MANAGE_CLUSTERS, term.cluster.owner)
    next_year = term.year + 1
    if ClusterTerm.objects.filter(cluster=term.cluster, year=next_year).exists():
        raise TermExists(field="year", cluster=term.cluster, year=next_year)
    if members is None:
        members = [unit for row in next_term_plan(term=term) if (unit := row.joins) is not None]
    members = list(members)
    for unit in [leader, *(deputies or [])]:
        if unit is not None:
            _require_active_on_start(unit, next_year)
    return term_create(
        actor=actor,
        cluster=term.cluster,
        year=next_year,
        members=members,
        leader=leader,
        deputies=list(deputies) if deputies is not None else None,
        name=term.name,
        selection_mode=term.selection_mode,
    )


def _require_active_on_start(unit: Unit, year: int) -> None:
    """A leader or deputy must exist on the first day of its year (a merged unit hands over nothing)."""
    start = datetime.date(year, 1, 1)
    if unit.is_active_on(start):
        return
    successor = unit.successions_out.select_related("successor").order_by("-effective_date").first()
    raise UnitGoneOnTermStart(
        field="new_leader",
        unit=unit,
        day=start.strftime("%d/%m/%Y"),
        reason=(
            _("đã hợp nhất vào {successor} từ {date}").format(
                successor=successor.successor, date=successor.effective_date.strftime("%d/%m/%Y")
            )
            if successor
            else _("ngừng hoạt động từ {date}").format(
                date=(unit.active_to + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
                if unit.active_to
                else "?"
            )
            if unit.active_to and unit.active_to < start
            else _("chỉ hoạt động từ {date}").format(
                date=unit.active_from.strftime("%d/%m/%Y") if unit.active_from else "?"
            )
        ),
    )


@transaction.atomic
def term_hand_over(
    *,
    actor: User,
    term: ClusterTerm,
    new_leader: Unit,
    new_deputy: Unit | None,
    handed_over_on: datetime.date | KnownDate,
    mode: str = SelectionMode.ELECTED,
    conference_title: str = "",
    conference_ref: int | None = None,
    note: str = "",
) -> Handover:
    """Hand the leader/deputy roles over for next year (recorded at the year-end conference)."""
    access.require(actor, Action.MANAGE_CLUSTERS, term.cluster.owner)
    for unit in (new_leader, new_deputy):
        if unit is not None:
            _require_active_on_start(unit, term.year + 1)
    next_term = ClusterTerm.objects.filter(cluster=term.cluster, year=term.year + 1).first()
    if next_term is None:
        next_term = term_create_next(actor=actor, term=term)
    next_term = term_set_roles(
        actor=actor, term=next_term, leader=new_leader, deputy=new_deputy, selection_mode=mode
    )
    return Handover.objects.create(
        from_term=term,
        to_term=next_term,
        previous_leader=term.leader,
        previous_deputy=term.deputy,
        new_leader=new_leader,
        new_deputy=new_deputy,
        handed_over_on=KnownDate.of(handed_over_on).start,
        handed_over_on_precision=KnownDate.of(handed_over_on).precision,  # 16.3: as the conference knew it
        mode=mode,
        conference_title=conference_title.strip(),
        conference_ref=conference_ref,
        note=note.strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
