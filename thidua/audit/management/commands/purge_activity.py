from django.conf import settings
from django.core.management.base import BaseCommand

from thidua.audit.services import activity_purge


class Command(BaseCommand):
    help = "Xóa các bản ghi nhật ký hoạt động cũ hơn THIDUA_ACTIVITY_RETENTION_DAYS ngày (chạy hằng đêm)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="giữ bao nhiêu ngày (mặc định: theo cấu hình)"
        )

    def handle(self, *args, days=None, **options):
        keep = settings.THIDUA_ACTIVITY_RETENTION_DAYS if days is None else days
        deleted = activity_purge(days=keep)
        self.stdout.write(f"{deleted} bản ghi nhật ký cũ hơn {keep} ngày đã được xóa.")
