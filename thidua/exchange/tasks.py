"""Background work: pushing a package to a partner's API (retried with back-off by the service)."""

from django_tasks import task

from . import services


@task()
def push_package(package_id: int) -> str:
    return services.package_push(package_id=package_id).status
