import datetime

from django.core.management.base import BaseCommand

from thidua.core import files


class Command(BaseCommand):
    help = (
        "Xóa các tệp đã lưu mà không bản ghi nào tham chiếu (ví dụ tải lên bị hủy giữa chừng). "
        "Mặc định chỉ liệt kê; thêm --delete để xóa."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--delete", action="store_true", help="xóa thật (mặc định chỉ liệt kê)")
        parser.add_argument(
            "--min-age-hours", type=float, default=24.0, help="chỉ tệp cũ hơn (giờ), mặc định 24"
        )

    def handle(self, *args, delete: bool, min_age_hours: float, **options) -> None:
        min_age = datetime.timedelta(hours=min_age_hours)
        found = files.purge(min_age=min_age) if delete else files.orphans(min_age=min_age)
        for name in found:
            self.stdout.write(name)
        verb = "Đã xóa" if delete else "Tìm thấy"
        self.stdout.write(f"{verb} {len(found)} tệp không còn được tham chiếu.")
