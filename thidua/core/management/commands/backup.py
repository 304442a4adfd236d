from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thidua.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (PostgreSQL: pg_dump dạng custom; SQLite: sao lưu trực tuyến) và mọi tệp "
        "trong MEDIA_ROOT vào một tệp .tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", help="tệp đích (mặc định var/backups/thidua-<thời điểm>.tar.gz)"
        )

    def handle(self, *args, output=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = Path(output) if output else Path(settings.VAR_DIR) / "backups" / f"thidua-{stamp}.tar.gz"
        try:
            result = backup_create(output=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã sao lưu {result.vendor} và {result.files} tệp vào {result.path}")
