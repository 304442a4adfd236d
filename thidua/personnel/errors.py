from typing import Any

from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError


class UsernameTaken(DomainError):
    code, status = "username_taken", 409
    message = _("Tên đăng nhập “{username}” đã có người dùng.")


class ResetOwnPassword(DomainError):
    code, status = "reset_own_password", 409
    message = _("Không tự đặt lại mật khẩu của chính mình ở đây; hãy dùng “Đổi mật khẩu”.")


class DeactivateSelf(DomainError):
    code, status = "deactivate_self", 409
    message = _("Không được tự khóa tài khoản của chính mình.")


class ImportRejected(DomainError):
    """The whole workbook is refused; `errors` lists each row and column at fault (nothing was saved)."""

    code, status = "import_rejected", 422
    message = _("Tệp “{name}” có {count} lỗi, không tài khoản nào được tạo.")

    def __init__(self, *, name: str, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__(name=name, count=len(errors))

    def as_dict(self) -> dict[str, Any]:
        data = super().as_dict()
        data["errors"] = [
            {"field": f"row {e['row']}, {e['column']}", "message": e["message"], **e} for e in self.errors
        ]
        return data
