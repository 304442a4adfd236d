from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "thidua.voting"
    label = "voting"
    verbose_name = "Bỏ phiếu kín"

    def ready(self) -> None:
        from . import official, papers, policy  # noqa: F401 — paper kinds, official classification, object rules
