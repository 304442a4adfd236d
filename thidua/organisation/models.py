"""Units (a tree with materialized path), their succession, roles, clusters and cluster terms."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.dates import known_date_property, precision_field
from thidua.core.models import TimeStampedModel
from thidua.core.text import clean_code, fold, nfc


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ Công an")
    MINISTRY_DEPARTMENT = "ministry_department", _("Đơn vị thuộc Bộ (Cục, Vụ, Bộ Tư lệnh)")
    PROVINCIAL_POLICE = "provincial_police", _("Công an tỉnh, thành phố")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Phòng, đơn vị thuộc Công an tỉnh")
    DISTRICT_POLICE = "district_police", _("Công an cấp huyện (đến 28/02/2025)")
    COMMUNE_POLICE = "commune_police", _("Công an cấp xã (xã, phường, đặc khu)")
    OTHER = "other", _("Khác")


class Unit(TimeStampedModel):
    """An organisational unit of the People's Public Security.

    `path` is a materialized path of zero-padded ids ("000001.000007."), so "this unit and its
    descendants" is one `path__startswith` filter. `search_key` holds the folded names for
    diacritic-insensitive search.
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("loại đơn vị"), max_length=32, choices=UnitKind.choices)
    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    search_key = models.CharField(max_length=500, db_index=True, editable=False, default="")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="unit_active_range_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Derived columns only (path, depth, search key); no side effects on other rows.
        self.name, self.short_name = nfc(self.name), nfc(self.short_name)
        self.code = clean_code(self.code)
        self.search_key = fold(f"{self.name} {self.short_name} {self.code}")
        super().save(*args, **kwargs)
        if not self.path:
            prefix = self.parent.path if self.parent is not None else ""
            self.path = f"{prefix}{self.pk:06d}."
            self.depth = self.path.count(".") - 1
            type(self).objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )

    def name_on(self, day: datetime.date) -> str:
        """The full name the unit had on that day (renames are kept in UnitName)."""
        for version in self.names.all():
            if version.valid_from <= day and (version.valid_to is None or day <= version.valid_to):
                return version.name
        return self.name


class UnitName(models.Model):
    """A former (or current) name of a unit, so old reports print the name it had then."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("tên gọi theo thời kỳ")
        verbose_name_plural = _("tên gọi theo thời kỳ")
        ordering = ["unit", "-valid_from"]

    def __str__(self) -> str:
        return (
            f"{self.name} ({self.valid_from:%d/%m/%Y} – {self.valid_to:%d/%m/%Y})"
            if self.valid_to
            else self.name
        )


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Hợp nhất / sáp nhập")
    RENAME = "rename", _("Đổi tên")
    SPLIT = "split", _("Chia tách")
    TRANSFER = "transfer", _("Chuyển giao")
    DISSOLVE = "dissolve", _("Kết thúc hoạt động, chuyển nhiệm vụ")


class UnitSuccession(models.Model):
    """`predecessor` continues as `successor` from `effective_date` (e.g. the 2025 province mergers)."""

    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions_out")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions_in")
    kind = models.CharField(_("hình thức"), max_length=16, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="unit_succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_date:%d/%m/%Y})"


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    BOARD = "board", _("Thường trực Hội đồng TĐKT (cơ quan quản lý cụm)")
    CLUSTER_STAFF = "cluster_staff", _("Cán bộ đơn vị Cụm trưởng")
    OFFICER = "officer", _("Cán bộ thi đua đơn vị")
    UNIT_LEADER = "unit_leader", _("Lãnh đạo đơn vị")
    VIEWER = "viewer", _("Xem")


class UnitRole(TimeStampedModel):
    """A grant: `user` holds `role` at `unit`, covering the unit and its descendants."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_roles")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    # A grant ends with a date instead of being deleted, so a person who moves unit keeps their
    # history. `valid_from` is empty on grants made before it was recorded (not invented).
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    ended_on = models.DateField(_("kết thúc ngày"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], condition=Q(ended_on__isnull=True), name="unit_role_unique"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(ended_on__gte=models.F("valid_from")),
                name="unit_role_dates_valid",
            ),
        ]

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class ClusterLevel(models.TextChoices):
    MINISTRY = "ministry", _("Cụm thi đua cấp Bộ")
    PROVINCIAL = "provincial", _("Cụm thi đua cấp tỉnh")


class ClusterKind(models.TextChoices):
    """What the papers call the group: "Cụm thi đua" or "Khối thi đua"."""

    CUM = "cum", _("Cụm")
    KHOI = "khoi", _("Khối")


class Cluster(TimeStampedModel):
    """An emulation cluster (Cụm / Khối thi đua). Its membership and roles live in yearly ClusterTerms.

    A cluster may have no number (a bloc named after its field of work)."""

    level = models.CharField(_("cấp"), max_length=16, choices=ClusterLevel.choices)
    owner = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan quản lý"),
        on_delete=models.PROTECT,
        related_name="owned_clusters",
        help_text=_("Đơn vị có Hội đồng thi đua – khen thưởng quản lý cụm (Bộ Công an, Công an tỉnh…)"),
    )
    kind = models.CharField(_("gọi là"), max_length=8, choices=ClusterKind.choices, default=ClusterKind.CUM)
    number = models.PositiveSmallIntegerField(_("số"), null=True, blank=True)
    name = models.CharField(_("tên"), max_length=255)
    search_key = models.CharField(max_length=500, editable=False, default="")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cụm thi đua")
        verbose_name_plural = _("cụm thi đua")
        ordering = ["level", "owner_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "level", "kind", "number"], name="cluster_number_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.search_key = fold(self.name)
        super().save(*args, **kwargs)


class SelectionMode(models.TextChoices):
    ELECTED = "elected", _("Bầu tại hội nghị")
    ASSIGNED = "assigned", _("Cấp trên phân công")
    ROTATION = "rotation", _("Luân phiên")


class ClusterTerm(TimeStampedModel):
    """One year of a cluster: its name that year, members, leader (Cụm trưởng) and deputy (Cụm phó)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="terms")
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên trong năm"), max_length=255, blank=True)
    leader = models.ForeignKey(
        Unit, verbose_name=_("Cụm trưởng"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        Unit, verbose_name=_("Cụm phó"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # further deputies beside the first one (a cluster may elect several Cụm phó)
    additional_deputies = models.ManyToManyField(
        Unit, verbose_name=_("Cụm phó khác"), blank=True, related_name="deputy_of_terms"
    )
    selection_mode = models.CharField(
        _("cách chọn Cụm trưởng"), max_length=16, choices=SelectionMode.choices, default=SelectionMode.ELECTED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm kỳ cụm (năm)")
        verbose_name_plural = _("nhiệm kỳ cụm (năm)")
        ordering = ["-year", "cluster__level", "cluster__number"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="cluster_term_year_unique"),
            models.CheckConstraint(
                condition=Q(leader__isnull=True) | Q(deputy__isnull=True) | ~Q(leader=models.F("deputy")),
                name="cluster_term_leader_not_deputy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} – {self.year}"

    @property
    def display_name(self) -> str:
        return self.name or self.cluster.name

    @property
    def deputies(self) -> list[Unit]:
        """Every Cụm phó, the first one first (reads the prefetched `additional_deputies`)."""
        others = sorted(self.additional_deputies.all(), key=lambda unit: unit.name)
        return ([self.deputy] if self.deputy is not None else []) + [
            unit for unit in others if unit.pk != self.deputy_id
        ]

    @property
    def deputy_ids(self) -> set[int]:
        return {unit.pk for unit in self.deputies}


class ClusterMembership(models.Model):
    """A unit's membership in a cluster for one year.

    `year`, `level` and `owner` repeat the term's values so that the database itself enforces
    "a unit is in at most one cluster of a given level and owner per year".
    """

    term = models.ForeignKey(ClusterTerm, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cluster_memberships")
    year = models.PositiveSmallIntegerField(editable=False)
    level = models.CharField(max_length=16, choices=ClusterLevel.choices, editable=False)
    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        verbose_name = _("thành viên cụm")
        verbose_name_plural = _("thành viên cụm")
        constraints = [
            models.UniqueConstraint(fields=["term", "unit"], name="membership_unique_in_term"),
            models.UniqueConstraint(
                fields=["unit", "year", "level", "owner"], name="membership_one_cluster_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ∈ {self.term}"


class Handover(TimeStampedModel):
    """Hand-over of the leader/deputy roles from one term to the next (bàn giao Cụm trưởng, Cụm phó)."""

    from_term = models.ForeignKey(ClusterTerm, on_delete=models.PROTECT, related_name="handovers_out")
    to_term = models.ForeignKey(ClusterTerm, on_delete=models.PROTECT, related_name="handovers_in")
    previous_leader = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    previous_deputy = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_leader = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    new_deputy = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    handed_over_on = models.DateField(_("ngày bàn giao"))
    handed_over_on_precision = precision_field(_("ngày bàn giao biết đến"))  # 16.3: "năm 2019"
    mode = models.CharField(
        _("hình thức"), max_length=16, choices=SelectionMode.choices, default=SelectionMode.ELECTED
    )
    conference_title = models.CharField(_("tại hội nghị"), max_length=255, blank=True)
    conference_ref = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="conferences.Conference id"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bàn giao Cụm trưởng, Cụm phó")
        verbose_name_plural = _("bàn giao Cụm trưởng, Cụm phó")
        ordering = ["-handed_over_on"]

    handed_over_known = known_date_property("handed_over_on", "handed_over_on_precision")
