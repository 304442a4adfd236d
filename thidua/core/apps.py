from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import dataversion

        connection_created.connect(dataversion.install, dispatch_uid="thidua-data-version")
        for connection in connections.all(initialized_only=True):  # opened before ready()
            dataversion.install(connection=connection)
