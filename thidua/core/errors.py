"""Domain errors: an exception carries a code, an HTTP status and a Vietnamese message.

Services raise them; `thidua.api.errors` turns them into JSON, `thidua.core.htmx.domain_errors`
into a form error or an alert partial. Messages are formatted with the params given.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain_error"
    status = 400
    message: Any = _("Thao tác không hợp lệ.")

    def __init__(self, message: Any = None, *, field: str | None = None, **params: Any) -> None:
        if message is not None:
            self.message = message
        self.field = field
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        text = str(self.message)
        try:
            return text.format(**self.params) if self.params else text
        except (KeyError, IndexError, ValueError):
            return text

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "message": str(self),
            "params": {k: str(v) for k, v in self.params.items()},
        }
        if self.field:
            data["field"] = self.field
        return data


class AccessDenied(DomainError):
    code, status = "access_denied", 403
    message = _("Bạn không có quyền thực hiện thao tác này.")


class NotFound(DomainError):
    code, status = "not_found", 404
    message = _("Không tìm thấy dữ liệu hoặc dữ liệu nằm ngoài phạm vi của bạn.")


class ValidationFailed(DomainError):
    code, status = "validation_failed", 422
    message = _("Dữ liệu không hợp lệ.")


class InvalidTransition(DomainError):
    code, status = "invalid_transition", 409
    message = _("Không thể chuyển từ trạng thái “{current}” sang “{target}”.")
