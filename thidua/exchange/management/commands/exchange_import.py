"""Receive a package file (checked like an upload), show what it holds, and import it with --confirm."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from thidua.core.errors import DomainError
from thidua.exchange import services


class Command(BaseCommand):
    help = "Nhận tệp gói từ hệ thống đối tác (kiểm tra chữ ký số), xem trước, và nhập khi có --confirm."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp gói (.zip)")
        parser.add_argument("--user", required=True, help="tài khoản Thường trực nhận hồ sơ")
        parser.add_argument("--confirm", action="store_true", help="nhập hồ sơ sau khi kiểm tra")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError("Không tìm thấy tài khoản.")
        path = Path(options["file"])
        if not path.is_file() or path.stat().st_size > services.max_package_bytes():
            raise CommandError("Không đọc được tệp gói (không có tệp hoặc quá lớn).")
        try:
            package = services.package_receive(actor=user, data=path.read_bytes())
            if package.kind != services.KIND_BATCH:
                self.stdout.write(
                    f"Đã nhận gói trả lời {package.package_id}: {package.answer.get('label', '')}."
                )
                return
            preview = services.package_preview(actor=user, package=package)
            if package.kind == services.KIND_CLUSTER_YEAR:
                self._cluster_year(user, package, preview, options["confirm"])
                return
            self.stdout.write(
                f"Đã nhận gói {package.package_id} từ {package.sender_code}: “{preview['batch'].get('title', '')}”, "
                f"{len(preview['candidates'])} đối tượng đề nghị."
            )
            if preview["missing"]:
                raise CommandError("Chưa nhập được, thiếu mã: " + ", ".join(preview["missing"]))
            if options["confirm"]:
                batch = services.package_import(actor=user, package=package)
                self.stdout.write(f"Đã nhập thành hồ sơ đề nghị số {batch.pk}.")
            else:
                self.stdout.write("Chạy lại với --confirm để nhập (hoặc xác nhận trên trang Trao đổi hồ sơ).")
        except DomainError as error:
            raise CommandError(str(error)) from error

    def _cluster_year(self, user, package, preview, confirm: bool) -> None:
        term = preview["term"]
        self.stdout.write(
            f"Đã nhận gói {package.package_id} từ {package.sender_code}: năm {term.get('year')} của "
            f"“{preview['cluster'].get('name', '')}”, {len(preview['members'])} đơn vị, "
            f"{len(preview['conferences'])} hội nghị, {preview['ballot_count']} phiếu bầu, "
            f"{preview['score_count']} bảng điểm, {preview['report_count']} báo cáo."
        )
        if preview["missing"]:
            raise CommandError("Chưa nhập được, thiếu mã: " + ", ".join(preview["missing"]))
        if confirm:
            local = services.package_import_cluster_year(actor=user, package=package)
            self.stdout.write(f"Đã nhập thành năm của cụm số {local.pk}.")
        else:
            self.stdout.write("Chạy lại với --confirm để nhập (hoặc xác nhận trên trang Trao đổi hồ sơ).")
