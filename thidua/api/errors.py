"""One place where domain and validation errors become JSON: {"code", "message", "params"}."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from thidua.core.errors import DomainError, NotFound


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, NotFound().as_dict(), status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request,
            {"code": "unauthenticated", "message": str(_("Bạn cần đăng nhập.")), "params": {}},
            status=401,
        )

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        fields = []
        for error in exc.errors:
            location = [
                str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query")
            ]
            fields.append({"field": ".".join(location), "message": _message(error)})
        return api.create_response(
            request,
            {
                "code": "validation_failed",
                "message": str(_("Dữ liệu không hợp lệ.")),
                "params": {},
                "errors": fields,
            },
            status=422,
        )


_MESSAGES = {
    "missing": _("Trường này là bắt buộc."),
    "int_parsing": _("Phải là số nguyên."),
    "int_type": _("Phải là số nguyên."),
    "float_parsing": _("Phải là số."),
    "decimal_parsing": _("Phải là số."),
    "date_from_datetime_parsing": _("Ngày không hợp lệ (định dạng YYYY-MM-DD)."),
    "date_parsing": _("Ngày không hợp lệ (định dạng YYYY-MM-DD)."),
    "string_too_long": _("Chuỗi quá dài."),
    "string_too_short": _("Không được để trống."),
    "enum": _("Giá trị không nằm trong danh sách cho phép."),
    "literal_error": _("Giá trị không nằm trong danh sách cho phép."),
    "greater_than_equal": _("Giá trị quá nhỏ."),
    "less_than_equal": _("Giá trị quá lớn."),
    "json_invalid": _("JSON không hợp lệ."),
}


def _message(error: dict) -> str:
    """Our wording for pydantic's error types; pydantic's own (English) text otherwise."""
    message = _MESSAGES.get(error.get("type", ""))
    return str(message) if message is not None else str(error.get("msg", _("Giá trị không hợp lệ.")))
