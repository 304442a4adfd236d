from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "thidua.voting"
    label = "voting"
    verbose_name = "Bỏ phiếu kín"

    def ready(self) -> None:
        from . import papers  # noqa: F401 — registers this app's paper kinds with the documents engine
