from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "thidua.emulation"
    label = "emulation"
    verbose_name = "Phong trào, giao ước, chỉ tiêu, báo cáo"
