import datetime

from django.core.management.base import BaseCommand

from thidua.notifications import services, tasks


class Command(BaseCommand):
    help = (
        "Thông báo hạn, quá hạn, giấy mời và gửi thư điện tử một lần ngay; --schedule: xếp lượt chạy định kỳ "
        "cho tiến trình nền (db_worker) thay vì chạy ngay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="enqueue the self-repeating task")

    def handle(self, *args, schedule: bool = False, **options):
        if schedule:
            queued = tasks.schedule_next(after=datetime.timedelta(0))
            self.stdout.write("scheduled" if queued else "already scheduled (or the backend cannot defer)")
            return
        result = services.notifications_run()
        self.stdout.write(f"created={result['created']} emailed={result['emailed']}")
