"""Admin: replaceable Word templates (validated upload, preview with demo data), overlay layouts
of pre-printed forms, generated documents (read-only) and press drafts."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from thidua.accounts.models import User
from thidua.accounts.types import Actor, AuthenticatedHttpRequest
from thidua.core.errors import DomainError
from thidua.core.formfields import choice_field
from thidua.core.http import attachment, stored_file

from . import render, services, signing
from .forms import DOCX_TYPE
from .models import (
    DocumentTemplate,
    FormField,
    FormLayout,
    GeneratedDocument,
    KeyKind,
    PressRelease,
    SigningIdentity,
)


class DocumentTemplateForm(forms.ModelForm):
    """Validates an uploaded file (who may upload here, type, size, placeholders in the sandbox's
    allow-list, trial render) before anything is stored; `actor` is set by the admin."""

    actor: Actor = AnonymousUser()

    class Meta:
        model = DocumentTemplate
        fields = ["kind", "owner", "name", "file", "is_active", "note"]
        widgets = {"file": forms.FileInput}  # no "currently: <media URL>" link; see `download`

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        upload = cleaned.get("file")
        kind = cleaned.get("kind")
        if {"file", "owner"} & set(self.changed_data):
            try:  # the right first: a file from someone who may not upload here is never parsed
                services.check_can_upload(actor=self.actor, owner=cleaned.get("owner"))
            except DomainError as error:
                self.add_error("file" if "file" in self.changed_data else "owner", str(error))
                return cleaned
        if upload is not None and kind and hasattr(upload, "read") and "file" in self.changed_data:
            if upload.size > render.max_template_bytes():
                self.add_error(
                    "file", _("Tệp quá lớn (tối đa %(kb)s KB).") % {"kb": render.max_template_bytes() // 1024}
                )
                return cleaned
            data = upload.read()
            upload.seek(0)
            try:
                render.validate_template(data, kind, filename=upload.name)
            except DomainError as error:
                self.add_error("file", str(error))
        return cleaned


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(SimpleHistoryAdmin):
    form = DocumentTemplateForm
    list_display = ("name", "kind", "owner", "is_active", "uploaded_by", "created_at", "preview_link")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "owner__name")
    raw_id_fields = ("owner",)
    readonly_fields = ("uploaded_by", "placeholders", "download")

    @admin.display(description=_("Tệp mẫu"))
    def download(self, obj: DocumentTemplate) -> str:
        if not obj.pk or not obj.file:
            return "—"
        url = reverse("admin:documents_documenttemplate_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Tải tệp mẫu"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    @admin.display(description=_("Trường trộn có trong mẫu"))
    def placeholders(self, obj: DocumentTemplate) -> str:
        if not obj.pk or not obj.file:
            return "—"
        with obj.file.open("rb") as handle:
            return ", ".join(sorted(render.template_variables(handle.read())))

    @admin.display(description=_("Xem thử"))
    def preview_link(self, obj: DocumentTemplate) -> str:
        url = reverse("admin:documents_documenttemplate_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("DOCX với dữ liệu mẫu"))

    def save_model(self, request, obj, form, change):
        if change:  # a replaced file was validated in the form's clean()
            super().save_model(request, obj, form, change)
            return
        upload = form.cleaned_data["file"]
        template = services.template_upload(
            actor=request.user,
            kind=obj.kind,
            name=obj.name,
            data=upload.read(),
            filename=upload.name,
            owner=obj.owner,
            is_active=obj.is_active,
        )
        obj.pk, obj.file, obj.uploaded_by = template.pk, template.file, template.uploaded_by
        obj.created_at, obj.updated_at = template.created_at, template.updated_at
        obj._state.adding = False

    def get_urls(self):
        return [
            path(
                "<int:pk>/xem-thu/",
                self.admin_site.admin_view(self.preview_view),
                name="documents_documenttemplate_preview",
            ),
            path(
                "<int:pk>/tai-ve/",
                self.admin_site.admin_view(self.download_view),
                name="documents_documenttemplate_download",
            ),
        ] + super().get_urls()

    def download_view(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        template = get_object_or_404(DocumentTemplate, pk=pk)
        if not self.has_view_permission(request, template):
            raise Http404
        return stored_file(template.file, f"mau-{template.kind}-{template.pk}.docx", DOCX_TYPE)

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        template = get_object_or_404(DocumentTemplate, pk=pk)
        if not self.has_view_permission(request, template):
            raise Http404
        try:
            content = services.preview(kind=template.kind, template=template)
        except DomainError as error:
            messages.error(request, str(error))
            return HttpResponse(str(error), status=422, content_type="text/plain; charset=utf-8")
        return attachment(content, f"xem-thu-{template.kind}-{template.pk}.docx", DOCX_TYPE)


class FormFieldInline(admin.TabularInline):
    model = FormField
    extra = 0


@admin.register(FormLayout)
class FormLayoutAdmin(SimpleHistoryAdmin):
    list_display = ("name", "form", "owner", "page_width_mm", "page_height_mm", "is_active", "preview_link")
    list_filter = ("form", "is_active")
    raw_id_fields = ("owner",)
    inlines = [FormFieldInline]

    @admin.display(description=_("Xem thử"))
    def preview_link(self, obj: FormLayout) -> str:
        url = reverse("admin:documents_formlayout_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("DOCX với dữ liệu mẫu"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/xem-thu/",
                self.admin_site.admin_view(self.preview_view),
                name="documents_formlayout_preview",
            )
        ] + super().get_urls()

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        layout = get_object_or_404(FormLayout.objects.prefetch_related("fields"), pk=pk)
        content = services.preview(kind="certificate_overlay", layout=layout)
        return attachment(content, f"xem-thu-phoi-{layout.pk}.docx", DOCX_TYPE)


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "owner", "cluster_term", "is_sample", "created_by", "created_at")
    list_filter = ("kind", "is_sample")
    search_fields = ("title",)
    raw_id_fields = ("owner", "cluster_term", "template", "created_by")
    # the files through the permission-checked download view, never as media URLs
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields if f.name not in ("docx", "pdf")] + [
        "downloads"
    ]
    exclude = ("docx", "pdf")

    @admin.display(description=_("Tải về"))
    def downloads(self, obj: GeneratedDocument) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">DOCX</a> · <a href="{}">PDF</a>',
            reverse("documents:download", args=[obj.pk, "docx"]),
            reverse("documents:download", args=[obj.pk, "pdf"]),
        )

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(PressRelease)
class PressReleaseAdmin(SimpleHistoryAdmin):
    list_display = ("title", "cluster_term", "is_sample", "updated_at")
    raw_id_fields = ("owner", "cluster_term", "document", "created_by")
    readonly_fields = ("context", "source_app", "source_id", "is_sample")


class SigningIdentityForm(forms.ModelForm):
    """Register a signer's key: a PKCS#12 file opened with its passphrase (then forgotten) by
    services.signing_identity_create, or a key on a PKCS#11 token named by module, token label and
    key label (services.signing_identity_create_token reads its certificate from the token). The
    services check who may do it, the key and the certificate."""

    key_kind = forms.ChoiceField(label=_("Nơi giữ khóa"), choices=KeyKind.choices, initial=KeyKind.PKCS12)
    key_file = forms.FileField(label=_("Tệp khóa PKCS#12 (.p12/.pfx)"), required=False)
    passphrase = forms.CharField(
        label=_("Mật khẩu của tệp khóa"),
        max_length=200,
        strip=False,
        required=False,
        widget=forms.PasswordInput(),
    )
    module = forms.ChoiceField(label=_("Thư viện PKCS#11 của thiết bị"), choices=(), required=False)
    token_label = forms.CharField(label=_("Nhãn thiết bị ký số"), max_length=100, required=False)
    key_label = forms.CharField(label=_("Nhãn khóa trên thiết bị"), max_length=100, required=False)
    actor: User  # set per request by SigningIdentityAdmin.get_form (the admin requires a signed-in user)

    class Meta:
        model = SigningIdentity
        fields = ["unit", "user", "position"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "module").choices = [("", "—")] + [(m, m) for m in signing.pkcs11_modules()]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        try:
            if cleaned["key_kind"] == KeyKind.PKCS11:
                self.instance = services.signing_identity_create_token(
                    actor=self.actor,
                    unit=cleaned["unit"],
                    user=cleaned["user"],
                    module=cleaned.get("module") or "",
                    token_label=cleaned.get("token_label") or "",
                    key_label=cleaned.get("key_label") or "",
                    position=cleaned.get("position") or "",
                )
                return cleaned
            upload = cleaned.get("key_file")
            if upload is None:
                raise forms.ValidationError(_("Chọn tệp khóa PKCS#12 (.p12/.pfx)."))
            self.instance = services.signing_identity_create(
                actor=self.actor,
                unit=cleaned["unit"],
                user=cleaned["user"],
                pkcs12_data=upload.read(services.signatures.MAX_KEY_FILE_BYTES + 1),
                passphrase=cleaned.get("passphrase") or "",
                position=cleaned.get("position") or "",
            )
        except DomainError as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned

    def save(self, commit=True):
        return self.instance  # stored by the service in clean()


@admin.register(SigningIdentity)
class SigningIdentityAdmin(admin.ModelAdmin):
    """Signing keys per unit (system admin). The private key never leaves its encrypted file or its
    token."""

    form = SigningIdentityForm  # declares the key's own fields (file or token) beside the model's

    list_display = ["holder_name", "position", "unit", "user", "valid_until", "is_active"]
    list_filter = ["is_active", "kind"]
    search_fields = ["holder_name", "position", "unit__name", "fingerprint"]
    actions = ["deactivate"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a key is replaced, never edited: register the new one, deactivate the old

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # signed papers keep pointing at the key that signed them

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, form=forms.ModelForm, **kwargs)
        form = super().get_form(request, obj, change=change, **kwargs)
        return type("BoundSigningIdentityForm", (form,), {"actor": request.user})

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "unit",
                "user",
                "position",
                "key_kind",
                "key_file",
                "passphrase",
                "module",
                "token_label",
                "key_label",
            ]
        return [
            "holder_name",
            "position",
            "unit",
            "user",
            "kind",
            "module_path",
            "token_label",
            "key_label",
            "fingerprint",
            "valid_from",
            "valid_until",
            "is_active",
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def save_model(self, request, obj, form, change) -> None:
        pass  # saved by the service during validation

    def save_related(self, request, form, formsets, change) -> None:
        pass

    @admin.action(description=_("Ngừng sử dụng các khóa đã chọn"))
    def deactivate(self, request: AuthenticatedHttpRequest, queryset) -> None:
        for identity in queryset:
            services.signing_identity_deactivate(actor=request.user, identity=identity)
        messages.success(request, _("Đã ngừng sử dụng %(count)d khóa.") % {"count": queryset.count()})
