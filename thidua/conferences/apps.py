from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "thidua.conferences"
    label = "conferences"
    verbose_name = "Hội nghị cụm"

    def ready(self) -> None:
        from . import (
            notices,  # noqa: F401 — registers the invitation scan with the notifications
            papers,  # noqa: F401 — registers this app's paper kinds with the documents engine
            policy,  # noqa: F401 — registers this app's object rules with organisation.access
        )
