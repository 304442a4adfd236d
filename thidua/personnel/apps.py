from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "thidua.personnel"
    verbose_name = "Tài khoản và phân quyền"
