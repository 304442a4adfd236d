from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "thidua.emulation"
    label = "emulation"
    verbose_name = "Phong trào, giao ước, chỉ tiêu, báo cáo"

    def ready(self) -> None:
        from . import (
            notices,  # noqa: F401 — registers the deadline scan with the notifications
            papers,  # noqa: F401 — registers this app's paper kinds with the documents engine
            policy,  # noqa: F401 — registers this app's object rules with organisation.access
        )
