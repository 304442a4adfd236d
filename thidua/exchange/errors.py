from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError


class PackageRefused(DomainError):
    code, status = "package_refused", 422
    message = _("Gói không được nhận: {reason}.")


class PackageReplayed(DomainError):
    code, status = "package_replayed", 409
    message = _("Gói {package_id} của {sender} đã được nhận trước đây; không tạo thêm gì.")


class PackageSchemaTooNew(DomainError):
    code, status = "package_schema_too_new", 422
    message = _(
        "Gói được lập theo định dạng “{schema}”, mới hơn định dạng hệ thống này đọc được (“{supported}”). "
        "Hãy cập nhật phần mềm thidua rồi nhập lại."
    )


class PackageUnknownUnits(DomainError):
    code, status = "package_unknown_units", 422
    message = _("Gói nhắc tới đơn vị hoặc danh hiệu chưa có trong hệ thống này: {codes}.")
