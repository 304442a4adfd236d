from django.core.management.base import BaseCommand
from django.db import transaction

from thidua.core import dataversion


class Command(BaseCommand):
    help = "Raise the data version after a change made outside Django (psql, a restore): cached pages are rebuilt."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            dataversion.touch()
        self.stdout.write(f"Phiên bản dữ liệu: {dataversion.current()}")
