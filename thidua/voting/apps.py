from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "thidua.voting"
    label = "voting"
    verbose_name = "Bỏ phiếu kín"

    def ready(self) -> None:
        from . import official, papers  # noqa: F401 — register paper kinds and the official classification
