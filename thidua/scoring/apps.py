from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    label = "scoring"
    verbose_name = "Chấm điểm, xếp hạng"

    def ready(self) -> None:
        from . import policy  # noqa: F401 — registers this app's object rules with organisation.access
