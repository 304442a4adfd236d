"""Optimistic concurrency for shared records (issue 13.11: no silent lost update).

A record people edit from a form or the API carries `version` (the `Versioned` mixin). The form
or payload sends back the version it was read at; the service calls `version_claim()` before it
writes, which is one atomic compare-and-increment:

    UPDATE <table> SET version = version + 1 WHERE id = %s AND version = %s

Zero rows means somebody saved in between: `StaleWrite` (409) is raised with the newer value, so
the stale write is refused instead of silently overwriting. On PostgreSQL a concurrent claim on
the same row waits for the first transaction, then finds the version moved and fails; on SQLite
writers are serialised (IMMEDIATE transactions). Call it inside the service's transaction, so a
later failure rolls the increment back too.

    @transaction.atomic
    def target_update(*, actor, target, version: int | None = None, **changes):
        ...
        version_claim(target, version, shown=_target_summary)
        ...; target.save()

`expected=None` (internal callers: imports, admin, services without a form) still increments, so a
form opened before such a write is refused afterwards. Pages put `version_field()` in their form;
API update schemas declare `version: int` (see the app's schemas for which are required).
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .errors import DomainError, NotFound, ValidationFailed


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        _("phiên bản"),
        default=1,
        editable=False,
        help_text=_("Tăng sau mỗi lần lưu, để phát hiện sửa đồng thời."),
    )

    class Meta:
        abstract = True


class StaleWrite(DomainError):
    code, status = "stale_write", 409
    message = _(
        "Dữ liệu đã được người khác cập nhật sau khi bạn mở trang (phiên bản {current_version}, bạn sửa "
        "từ phiên bản {your_version}). Giá trị hiện tại: {current}. Thay đổi của bạn chưa được lưu: hãy "
        "tải lại trang, xem giá trị mới rồi sửa lại nếu cần."
    )


def version_claim(
    obj: models.Model,
    expected: int | None,
    *,
    shown: Callable[[Any], str] | None = None,
) -> int:
    """Move `obj` to the next version if it is still at `expected`; return the new version.

    Raises StaleWrite (with `shown(newer_row)` as the current value) when another write came first,
    NotFound when the row is gone. `obj.version` is set to the new value, so a following
    `obj.save()` keeps it.
    """
    model = type(obj)
    rows = model._default_manager.filter(pk=obj.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    if rows.update(version=F("version") + 1) != 1:
        newer = model._default_manager.filter(pk=obj.pk).first()
        if newer is None:
            raise NotFound()
        raise StaleWrite(
            field="version",
            current=shown(newer) if shown else str(newer),
            current_version=newer.version,  # type: ignore[attr-defined]
            your_version=expected,
        )
    if expected is not None:
        new_version = expected + 1
    else:
        new_version = model._default_manager.filter(pk=obj.pk).values_list("version", flat=True).get()
    obj.version = new_version  # type: ignore[attr-defined]
    return new_version


def posted_version(data: Any) -> int:
    """The `version` of a hand-written form (request.POST); ValidationFailed (422) if absent or bad."""
    try:
        return version_field().clean(data.get("version"))
    except forms.ValidationError:
        raise ValidationFailed(
            _("Thiếu phiên bản dữ liệu của biểu mẫu: hãy tải lại trang rồi thao tác lại."), field="version"
        ) from None


def version_field() -> forms.IntegerField:
    """The hidden `version` a page form sends back (the version it was rendered at)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=True)
