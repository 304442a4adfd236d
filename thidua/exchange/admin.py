"""Admin: the registry of partner installations (system admin), and packages (read-only)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from thidua.core.errors import DomainError

from . import services
from .models import Package, Partner


class PartnerForm(forms.ModelForm):
    actor: Any = None  # the admin user, set by PartnerAdmin.get_form

    class Meta:
        model = Partner
        fields = ["code", "name", "unit", "base_url", "certificate_pem"]

    def clean(self):
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            self.instance = services.partner_register(
                actor=self.actor,
                code=cleaned["code"],
                name=cleaned["name"],
                certificate_pem=cleaned["certificate_pem"],
                base_url=cleaned.get("base_url") or "",
                unit=cleaned.get("unit"),
            )
        except DomainError as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned

    def validate_unique(self) -> None:
        pass  # the service updates a partner registered again under the same code

    def save(self, commit=True):
        return self.instance


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "base_url", "is_active"]
    search_fields = ["name", "code", "fingerprint"]
    readonly_fields = ["fingerprint"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # packages keep pointing at their partner: deactivate instead

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = type("BoundPartnerForm", (PartnerForm,), {"actor": request.user})
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        pass  # saved by the service during validation

    def save_related(self, request, form, formsets, change) -> None:
        pass  # a partner has no related rows to save (the form is not a saving ModelForm)


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin):
    list_display = ["package_id", "direction", "kind", "status", "sender_code", "receiver_code", "created_at"]
    list_filter = ["direction", "kind", "status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
