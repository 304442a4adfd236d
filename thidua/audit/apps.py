from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "thidua.audit"
    label = "audit"
    verbose_name = "Nhật ký hoạt động"

    def ready(self) -> None:
        from . import signals  # noqa: F401 — connects the login receivers
