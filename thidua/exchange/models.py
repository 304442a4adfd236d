"""Signed packages between thidua installations (issue 20): partners, the outbox and inbox, and the
external references that make an import idempotent."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.organisation.models import Unit


class Partner(TimeStampedModel):
    """Another installation (a province's thidua, the Ministry's): its code, the certificate its
    packages are signed with, and where to push packages to (optional: files work without it)."""

    code = models.CharField(_("mã hệ thống"), max_length=60, unique=True)
    name = models.CharField(_("tên hệ thống"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị vận hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    base_url = models.URLField(_("địa chỉ API nhận gói"), blank=True, default="")
    certificate_pem = models.TextField(_("chứng thư số ký gói (PEM)"))
    fingerprint = models.CharField(_("dấu SHA-256 của chứng thư"), max_length=64, db_index=True)
    is_active = models.BooleanField(_("đang trao đổi"), default=True)

    class Meta:
        verbose_name = _("hệ thống đối tác")
        verbose_name_plural = _("hệ thống đối tác")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Direction(models.TextChoices):
    OUT = "out", _("Gửi đi")
    IN = "in", _("Nhận về")


class PackageStatus(models.TextChoices):
    BUILT = "built", _("Đã lập, chờ gửi")
    SENT = "sent", _("Đã gửi")
    SEND_FAILED = "send_failed", _("Gửi chưa được, sẽ thử lại")
    RECEIVED = "received", _("Đã nhận, chờ xác nhận nhập")
    IMPORTED = "imported", _("Đã nhập")
    ANSWERED = "answered", _("Cấp trên đã trả lời")


class Package(TimeStampedModel):
    """One package, sent or received: its manifest, the file as it travelled, what it became."""

    package_id = models.UUIDField(_("mã gói"), default=uuid.uuid4, db_index=True)
    direction = models.CharField(_("chiều"), max_length=3, choices=Direction.choices)
    kind = models.CharField(_("loại gói"), max_length=30)
    status = models.CharField(_("trạng thái"), max_length=12, choices=PackageStatus.choices)
    sender_code = models.CharField(_("hệ thống gửi"), max_length=60)
    receiver_code = models.CharField(_("hệ thống nhận"), max_length=60)
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="packages"
    )
    manifest = models.JSONField(_("bản kê"), default=dict)
    archive = models.FileField(_("tệp gói"), upload_to="exchange/%Y/%m", max_length=255)
    batch = models.ForeignKey(
        "awards.ProposalBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchange_packages",
    )
    term = models.ForeignKey(
        "organisation.ClusterTerm",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchange_packages",
    )
    answer = models.JSONField(_("trả lời"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("gói trao đổi")
        verbose_name_plural = _("gói trao đổi")
        ordering = ["-created_at"]
        constraints = [
            # a package is received once from its sender: a replay creates nothing
            models.UniqueConstraint(
                fields=["direction", "sender_code", "package_id"], name="exchange_package_once_per_sender"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.kind} {self.package_id}"


class ExternalRef(models.Model):
    """A record created from a partner's package, under the sender's own id (idempotent imports)."""

    sender_code = models.CharField(max_length=60)
    model = models.CharField(max_length=60)
    external_id = models.CharField(max_length=60)
    local_id = models.BigIntegerField()
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="refs")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sender_code", "model", "external_id"], name="exchange_ref_once")
        ]

    def __str__(self) -> str:
        return f"{self.sender_code}:{self.model}:{self.external_id} → {self.local_id}"


class ClusterYearRecord(TimeStampedModel):
    """A cluster's year as a partner sent it (kind `cluster_year`): its conferences with each
    ballot's totals, the units' score sheets and reports, kept as the sender's signed figures beside
    the local term they were imported into. One per sender and sender's term; a newer package of
    the same year replaces it, an older one changes nothing."""

    sender_code = models.CharField(_("hệ thống gửi"), max_length=60)
    external_term_id = models.CharField(max_length=60)
    term = models.ForeignKey(
        "organisation.ClusterTerm", on_delete=models.PROTECT, related_name="received_years"
    )
    package = models.ForeignKey(Package, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("gói lập lúc"))
    conferences = models.JSONField(_("hội nghị và kết quả bỏ phiếu"), default=list)
    scores = models.JSONField(_("bảng điểm"), default=list)
    reports = models.JSONField(_("báo cáo kỳ"), default=list)

    class Meta:
        verbose_name = _("năm của cụm nhận từ đối tác")
        verbose_name_plural = _("năm của cụm nhận từ đối tác")
        constraints = [
            models.UniqueConstraint(
                fields=["sender_code", "external_term_id"], name="exchange_cluster_year_once_per_sender"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sender_code}:{self.external_term_id} → {self.term_id}"
