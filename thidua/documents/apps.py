from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from . import (
            papers,  # noqa: F401 — registers this app's paper kinds with the documents engine
            policy,  # noqa: F401 — registers this app's object rules with organisation.access
        )
