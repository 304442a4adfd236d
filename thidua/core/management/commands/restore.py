from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và các tệp MEDIA_ROOT từ một tệp do `manage.py backup` tạo (ghi đè dữ liệu hiện có)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="tệp .tar.gz do manage.py backup tạo")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="không hỏi xác nhận")

    def handle(self, *args, archive, noinput=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path}")
        if not noinput:
            answer = input("Dữ liệu và tệp hiện có sẽ bị thay bằng bản sao lưu. Gõ 'yes' để tiếp tục: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Đã hủy.")
        try:
            result = backup_restore(archive_path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã khôi phục {result.vendor} và {result.files} tệp từ {result.path}")
