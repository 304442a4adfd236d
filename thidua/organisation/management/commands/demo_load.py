from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

DEMO_LOADERS = [
    "thidua.organisation.demo.load",
    "thidua.emulation.demo.load",
    "thidua.scoring.demo.load",
    "thidua.conferences.demo.load",
    "thidua.voting.demo.load",
    "thidua.awards.demo.load",
    "thidua.documents.demo.load",
    "thidua.exchange.demo.load",
]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (các cụm thi đua thật trong bài viết nguồn). Chạy lại nhiều lần không sinh trùng."

    def handle(self, *args, **options):
        from thidua.organisation.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

        for dotted in DEMO_LOADERS:
            with transaction.atomic():
                import_string(dotted)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write("")
        self.stdout.write(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, _full_name, _position, role, unit_code in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<22} {role.label} — {unit_code}")
