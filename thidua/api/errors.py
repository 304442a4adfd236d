"""One place where domain and validation errors become JSON: {"code", "message", "params"}."""

from django.http import Http404
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
            request, {"code": "unauthenticated", "message": "Bạn cần đăng nhập.", "params": {}}, status=401
        )

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        fields = []
        for error in exc.errors:
            location = [
                str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query")
            ]
            fields.append({"field": ".".join(location), "message": _vietnamese(error)})
        return api.create_response(
            request,
            {"code": "validation_failed", "message": "Dữ liệu không hợp lệ.", "params": {}, "errors": fields},
            status=422,
        )


_MESSAGES = {
    "missing": "Trường này là bắt buộc.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "float_parsing": "Phải là số.",
    "decimal_parsing": "Phải là số.",
    "date_from_datetime_parsing": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "date_parsing": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "string_too_long": "Chuỗi quá dài.",
    "string_too_short": "Không được để trống.",
    "enum": "Giá trị không nằm trong danh sách cho phép.",
    "literal_error": "Giá trị không nằm trong danh sách cho phép.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "less_than_equal": "Giá trị quá lớn.",
    "json_invalid": "JSON không hợp lệ.",
}


def _vietnamese(error: dict) -> str:
    return _MESSAGES.get(error.get("type", ""), error.get("msg", "Giá trị không hợp lệ."))
