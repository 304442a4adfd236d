from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "thidua.conferences"
    label = "conferences"
    verbose_name = "Hội nghị cụm"
