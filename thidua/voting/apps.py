from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "thidua.voting"
    label = "voting"
    verbose_name = "Bỏ phiếu kín"
