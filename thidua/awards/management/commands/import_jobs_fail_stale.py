"""Mark failed the Excel imports whose worker stopped (no heartbeat for THIDUA_IMPORT_STALE_MINUTES).

Each task run does this too; run it from cron when no import is started for a while.
"""

from django.core.management.base import BaseCommand

from thidua.awards.services import importing


class Command(BaseCommand):
    help = "Đánh dấu lỗi các lượt nhập Excel bị gián đoạn (không có tín hiệu xử lý) để chạy lại."

    def handle(self, *args, **options) -> None:
        count = importing.jobs_fail_stale()
        self.stdout.write(f"{count}")
