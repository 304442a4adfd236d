"""Generated papers, replaceable Word templates, overlay layouts for pre-printed forms, press drafts."""

import datetime
import os
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.models import TimeStampedModel
from thidua.core.text import filename_slug
from thidua.organisation.models import ClusterTerm, Unit

from .kinds import kind_choices


def _random_name(directory: str, filename: str) -> str:
    """An unguessable stored name (never the uploader's file name nor the paper's title), keeping the
    extension; files are reached only through permission-checked views, never a media URL."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"{directory}/{datetime.date.today():%Y/%m}/{secrets.token_hex(16)}{extension}"


def template_upload_to(instance: "DocumentTemplate", filename: str) -> str:
    return _random_name("documents/templates", filename)


def generated_upload_to(instance: "GeneratedDocument", filename: str) -> str:
    return _random_name("documents/generated", filename)


class DocumentTemplate(TimeStampedModel):
    """An uploaded .docx (docxtpl/Jinja placeholders) replacing the built-in layout of a kind.

    The most specific active template wins: the owner unit nearest to the document's owner (a
    grant on a unit covers its descendants), then a template without owner (whole system).
    """

    kind = models.CharField(_("loại văn bản"), max_length=32, choices=kind_choices)
    owner = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị sử dụng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_templates",
        help_text=_("Để trống: dùng chung cho toàn hệ thống."),
    )
    name = models.CharField(_("tên mẫu"), max_length=200)
    file = models.FileField(_("tệp mẫu (.docx)"), upload_to=template_upload_to, max_length=255)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["kind", "owner_id", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


def key_upload_to(instance: "SigningIdentity", filename: str) -> str:
    return _random_name("documents/keys", filename)


class KeyKind(models.TextChoices):
    PKCS12 = "pkcs12", _("Tệp PKCS#12 (.p12/.pfx)")
    PKCS11 = "pkcs11", _("Thiết bị ký số USB (PKCS#11)")


class SigningIdentity(TimeStampedModel):
    """A signer's key and certificate: whose it is (one user, at one unit, with a position), and where
    the private key lives. A PKCS#12 file is stored as it came, still encrypted under its passphrase,
    which is never stored: the signer types it at each signing. A token's key stays on the token;
    its PIN is typed at each signing too. Managed by the system admin."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="signing_keys"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    holder_name = models.CharField(_("họ tên trên chứng thư"), max_length=200)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True, default="")
    kind = models.CharField(_("nơi giữ khóa"), max_length=8, choices=KeyKind.choices, default=KeyKind.PKCS12)
    pkcs12 = models.FileField(_("tệp khóa"), upload_to=key_upload_to, max_length=255, null=True, blank=True)
    module_path = models.CharField(_("thư viện PKCS#11 của thiết bị"), max_length=255, blank=True, default="")
    token_label = models.CharField(_("nhãn thiết bị"), max_length=100, blank=True, default="")
    key_label = models.CharField(_("nhãn khóa trên thiết bị"), max_length=100, blank=True, default="")
    certificate_pem = models.TextField(_("chứng thư số (PEM)"))
    fingerprint = models.CharField(_("dấu SHA-256 của chứng thư"), max_length=64, unique=True)
    valid_from = models.DateTimeField(_("hiệu lực từ"))
    valid_until = models.DateTimeField(_("hiệu lực đến"))
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("khóa ký số")
        verbose_name_plural = _("khóa ký số")
        ordering = ["unit__path", "holder_name", "-valid_until"]

    def __str__(self) -> str:
        return f"{self.holder_name} – {self.position or self.unit.name}"


class GeneratedDocument(TimeStampedModel):
    """A paper produced by the app: who generated it, when, from which data, with which template."""

    kind = models.CharField(_("loại văn bản"), max_length=32, choices=kind_choices, db_index=True)
    title = models.CharField(_("tiêu đề"), max_length=500)
    owner = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="generated_documents",
    )
    cluster_term = models.ForeignKey(
        ClusterTerm,
        verbose_name=_("cụm thi đua (năm)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="generated_documents",
    )
    source_app = models.CharField(_("nguồn dữ liệu"), max_length=40, blank=True)
    source_id = models.PositiveBigIntegerField(_("mã bản ghi nguồn"), null=True, blank=True)
    context = models.JSONField(_("dữ liệu đã dùng"), default=dict)
    is_sample = models.BooleanField(
        _("dữ liệu mẫu"),
        default=False,
        help_text=_("Chức năng nguồn chưa cung cấp dữ liệu: văn bản được lập từ dữ liệu mẫu."),
    )
    docx = models.FileField(_("tệp Word"), upload_to=generated_upload_to, max_length=255)
    pdf = models.FileField(_("tệp PDF"), upload_to=generated_upload_to, max_length=255, null=True, blank=True)
    template = models.ForeignKey(
        DocumentTemplate,
        verbose_name=_("mẫu đã dùng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    template_label = models.CharField(_("mẫu"), max_length=200, default="built-in")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="generated_documents",
    )
    regenerated_at = models.DateTimeField(_("lập lại lúc"), null=True, blank=True)
    signed_pdf = models.FileField(
        _("tệp PDF đã ký số"), upload_to=generated_upload_to, max_length=255, null=True, blank=True
    )
    signed_by = models.ForeignKey(
        SigningIdentity,
        verbose_name=_("ký số bởi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signed_documents",
    )
    signed_at = models.DateTimeField(_("ký số lúc"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["context"])

    class Meta:
        verbose_name = _("văn bản đã lập")
        verbose_name_plural = _("văn bản đã lập")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["source_app", "source_id"], name="document_source_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def filename_stem(self) -> str:
        slug = filename_slug(self.title, limit=40) or self.kind  # the stem stays within 60 characters
        return f"{self.kind}-{self.pk}-{slug}"


class CertificateForm(models.TextChoices):
    GIAY_KHEN = "giay_khen", _("Giấy khen")
    BANG_KHEN = "bang_khen", _("Bằng khen")


class FormLayout(TimeStampedModel):
    """A pre-printed blank certificate (phôi Giấy khen / Bằng khen) and where each field goes on it.

    Positions are millimetres from the top-left edge of the sheet, so an office measures its own
    forms with a ruler and adjusts them in the admin without code.
    """

    name = models.CharField(_("tên phôi"), max_length=200)
    form = models.CharField(_("loại phôi"), max_length=16, choices=CertificateForm.choices)
    owner = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    page_width_mm = models.PositiveSmallIntegerField(_("khổ ngang (mm)"), default=297)
    page_height_mm = models.PositiveSmallIntegerField(_("khổ dọc (mm)"), default=210)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bố cục in lên phôi")
        verbose_name_plural = _("bố cục in lên phôi")
        ordering = ["form", "name"]

    def __str__(self) -> str:
        return self.name


class FormField(models.Model):
    """One text box printed on a pre-printed form."""

    layout = models.ForeignKey(FormLayout, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(
        _("trường dữ liệu"),
        max_length=40,
        help_text=_(
            "recipient, recipient_unit, reason, place_date, decision, book_number, signer_name, qr …"
        ),
    )
    x_mm = models.DecimalField(
        _("cách lề trái (mm)"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    y_mm = models.DecimalField(
        _("cách mép trên (mm)"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    width_mm = models.DecimalField(
        _("rộng (mm)"), max_digits=6, decimal_places=1, default=120, validators=[MinValueValidator(5)]
    )
    font_size = models.PositiveSmallIntegerField(
        _("cỡ chữ"), default=14, validators=[MinValueValidator(6), MaxValueValidator(48)]
    )
    bold = models.BooleanField(_("đậm"), default=False)
    italic = models.BooleanField(_("nghiêng"), default=False)
    align = models.CharField(
        _("căn lề"),
        max_length=8,
        default="center",
        choices=[("left", _("trái")), ("center", _("giữa")), ("right", _("phải"))],
    )

    class Meta:
        verbose_name = _("trường in")
        verbose_name_plural = _("trường in")
        ordering = ["layout", "y_mm", "x_mm"]
        constraints = [models.UniqueConstraint(fields=["layout", "key"], name="form_field_key_unique")]

    def __str__(self) -> str:
        return f"{self.key} @ ({self.x_mm}, {self.y_mm}) mm"


class PressRelease(TimeStampedModel):
    """A news draft (tin bài) composed from a conference's data, edited by a person before export."""

    title = models.CharField(_("tiêu đề"), max_length=300)
    lead = models.TextField(_("sapo"))
    body = models.TextField(_("nội dung"), help_text=_("Mỗi đoạn cách nhau một dòng trống."))
    byline = models.CharField(_("tác giả"), max_length=200, blank=True)
    source_app = models.CharField(max_length=40, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    context = models.JSONField(_("dữ liệu hội nghị"), default=dict)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    owner = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cluster_term = models.ForeignKey(
        ClusterTerm, null=True, blank=True, on_delete=models.PROTECT, related_name="press_releases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        GeneratedDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["context"])

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]
