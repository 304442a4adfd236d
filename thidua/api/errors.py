"""One place where domain and validation errors become JSON: {"code", "message", "params"}.

Hostile or malformed input is a 4xx with a Vietnamese message, never a 500: pydantic errors name
the field (`errors: [{"field", "message"}]`), an unreadable multipart body is a 400, a body above
DATA_UPLOAD_MAX_MEMORY_SIZE a 413.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from thidua.core.errors import DomainError, NotFound
from thidua.core.schemas import NO_NUL, ErrorOut, ValidationErrorOut

STATUS_DESCRIPTIONS = {
    400: "Dữ liệu gửi lên không đọc được (multipart không hợp lệ) hoặc thao tác không hợp lệ.",
    401: "Chưa đăng nhập.",
    403: "Không có quyền thực hiện thao tác.",
    404: "Không tìm thấy dữ liệu hoặc dữ liệu nằm ngoài phạm vi của người dùng.",
    409: "Xung đột trạng thái (chuyển trạng thái không hợp lệ, dữ liệu đã bị người khác sửa, đã bỏ phiếu…).",
    413: "Dữ liệu gửi lên quá lớn.",
    422: "Dữ liệu không hợp lệ: `errors` nêu từng trường.",
    429: "Thử quá nhiều lần, hãy chờ.",
    502: "Dịch vụ chuyển đổi (PDF) trả lỗi.",
    503: "Dịch vụ chuyển đổi (PDF) tạm thời không sẵn sàng.",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _domain_statuses() -> set[int]:
    found, pending = set(), [DomainError]
    while pending:
        cls = pending.pop()
        found.add(cls.status)
        pending.extend(cls.__subclasses__())
    return found


def document_errors(api: NinjaAPI) -> None:
    """Declare on every operation the error statuses it can answer with the error schema (issue 16.13).

    Called once the routers are mounted: the statuses are those of the handlers above and of every
    DomainError subclass, so a new error class is documented without touching 116 decorators.
    """
    statuses = _domain_statuses() | {400, 403, 404, 422}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                codes = set(statuses)
                if operation.auth_param is not None:  # NOT_SET: the API's session auth
                    codes.add(401)
                if WRITE_METHODS & set(operation.methods):
                    codes.add(413)
                for status in sorted(codes - set(operation.response_models)):
                    model = ValidationErrorOut if status == 422 else ErrorOut
                    operation.response_models[status] = operation._create_response_model(model)
                responses = (operation.openapi_extra or {}).setdefault("responses", {})
                for status in codes:
                    responses.setdefault(status, {}).setdefault(
                        "description", STATUS_DESCRIPTIONS.get(status, "")
                    )
                operation.openapi_extra = {**(operation.openapi_extra or {}), "responses": responses}


def error_body(code: str, message, **params) -> dict:
    return {"code": code, "message": str(message), "params": {k: str(v) for k, v in params.items()}}


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
            request, error_body("unauthenticated", _("Bạn cần đăng nhập.")), status=401
        )

    @api.exception_handler(MultiPartParserError)
    def unreadable_body(request, exc):
        return api.create_response(
            request,
            error_body(
                "bad_request",
                _("Không đọc được dữ liệu gửi lên (multipart/form-data không hợp lệ hoặc thiếu boundary)."),
            ),
            status=400,
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        """ninja's own errors, chiefly 400 "Cannot parse request body" (a body that is not JSON)."""
        if exc.status_code == 400:
            body = error_body("bad_request", _("Nội dung gửi lên không phải JSON hợp lệ."))
        elif exc.status_code == 403:
            body = error_body("access_denied", _("Bạn không có quyền thực hiện thao tác này."))
        else:
            body = error_body("http_error", _("Yêu cầu không được chấp nhận."))
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(TooManyFieldsSent)
    @api.exception_handler(TooManyFilesSent)
    def too_many_fields(request, exc):
        return api.create_response(
            request, error_body("bad_request", _("Dữ liệu gửi lên có quá nhiều trường.")), status=400
        )

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return api.create_response(
            request,
            error_body(
                "request_too_large",
                _("Dữ liệu gửi lên quá lớn (tối đa {megabytes} MB).").format(megabytes=megabytes),
                megabytes=megabytes,
            ),
            status=413,
        )

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        fields = []
        for error in exc.errors:
            location = [
                str(part)
                for part in error.get("loc", [])
                if part not in ("body", "payload", "query", "path", "form", "file")
            ]
            fields.append({"field": ".".join(location), "message": _message(error)})
        return api.create_response(
            request,
            {**error_body("validation_failed", _("Dữ liệu không hợp lệ.")), "errors": fields},
            status=422,
        )


_MESSAGES = {
    "missing": _("Trường này là bắt buộc."),
    "int_parsing": _("Phải là số nguyên."),
    "int_type": _("Phải là số nguyên."),
    "int_from_float": _("Phải là số nguyên."),
    "int_parsing_size": _("Số quá lớn."),
    "float_parsing": _("Phải là số."),
    "float_type": _("Phải là số."),
    "decimal_parsing": _("Phải là số."),
    "decimal_type": _("Phải là số."),
    "finite_number": _("Phải là số hữu hạn."),
    "decimal_max_digits": _("Số quá lớn (tối đa {max_digits} chữ số)."),
    "decimal_max_places": _("Tối đa {decimal_places} chữ số thập phân."),
    "decimal_whole_digits": _("Số quá lớn."),
    "bool_parsing": _("Phải là true hoặc false."),
    "bool_type": _("Phải là true hoặc false."),
    "string_type": _("Phải là chuỗi ký tự."),
    "string_unicode": _("Phải là chuỗi ký tự."),
    "list_type": _("Phải là danh sách."),
    "dict_type": _("Phải là một đối tượng JSON."),
    "model_type": _("Phải là một đối tượng JSON."),
    "model_attributes_type": _("Phải là một đối tượng JSON."),
    "date_from_datetime_parsing": _("Ngày không hợp lệ (định dạng YYYY-MM-DD)."),
    "date_from_datetime_inexact": _("Ngày không hợp lệ (định dạng YYYY-MM-DD)."),
    "date_parsing": _("Ngày không hợp lệ (định dạng YYYY-MM-DD)."),
    "date_type": _("Ngày không hợp lệ (định dạng YYYY-MM-DD)."),
    "datetime_parsing": _("Thời điểm không hợp lệ (định dạng ISO 8601)."),
    "datetime_type": _("Thời điểm không hợp lệ (định dạng ISO 8601)."),
    "datetime_from_date_parsing": _("Thời điểm không hợp lệ (định dạng ISO 8601)."),
    "uuid_parsing": _("Mã UUID không hợp lệ."),
    "uuid_type": _("Mã UUID không hợp lệ."),
    "string_too_long": _("Tối đa {max_length} ký tự."),
    "too_long": _("Tối đa {max_length} phần tử."),
    "too_short": _("Cần ít nhất {min_length} phần tử."),
    "enum": _("Giá trị không nằm trong danh sách cho phép."),
    "literal_error": _("Giá trị không nằm trong danh sách cho phép."),
    "greater_than_equal": _("Giá trị phải lớn hơn hoặc bằng {ge}."),
    "greater_than": _("Giá trị phải lớn hơn {gt}."),
    "less_than_equal": _("Giá trị phải nhỏ hơn hoặc bằng {le}."),
    "less_than": _("Giá trị phải nhỏ hơn {lt}."),
    "json_invalid": _("JSON không hợp lệ."),
    "json_type": _("JSON không hợp lệ."),
    "extra_forbidden": _("Trường này không được phép."),
}


def _message(error: dict) -> str:
    """Our Vietnamese wording for pydantic's error types, with the bound that was exceeded."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "string_too_short":
        if context.get("min_length", 1) <= 1:
            return str(_("Không được để trống."))
        return str(_("Tối thiểu {min_length} ký tự.")).format(**context)
    if kind == "string_pattern_mismatch":
        if context.get("pattern") == NO_NUL:
            return str(_("Không được chứa ký tự NUL (\\0)."))
        return str(_("Giá trị không đúng định dạng."))
    if kind == "value_error" and context.get("error"):
        return str(context["error"])  # our own validators raise Vietnamese messages
    message = _MESSAGES.get(kind)
    if message is None:
        return str(_("Giá trị không hợp lệ."))
    try:
        return str(message).format(**context)
    except (KeyError, IndexError, ValueError):
        return str(message)
