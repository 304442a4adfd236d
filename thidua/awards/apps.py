from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate


def install_catalogue(*, using: str = DEFAULT_DB_ALIAS, **_kwargs) -> None:
    """After `migrate` (and a test flush), install the award catalogue's missing entries.

    Runs only on a fully migrated default database, so a partial `migrate awards 0003` is left alone.
    """
    if using != DEFAULT_DB_ALIAS:
        return
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    from . import catalogue

    catalogue.seed()


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = "Khen thưởng"

    def ready(self) -> None:
        post_migrate.connect(install_catalogue, sender=self, dispatch_uid="awards.install_catalogue")
        from . import (  # noqa: F401 — registers this app's paper kinds and object rules
            papers,
            policy,
        )
