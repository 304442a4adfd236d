"""`manage.py catalogue_sync`: install the award catalogue's missing entries (also run by `migrate`)."""

from django.core.management.base import BaseCommand

from thidua.awards import catalogue


class Command(BaseCommand):
    help = "Cài các mục còn thiếu của danh mục khen thưởng (căn cứ pháp lý, danh hiệu, tiêu chuẩn)."

    def handle(self, *args, **options) -> None:
        created = catalogue.seed()
        self.stdout.write(
            "Danh mục khen thưởng: thêm {legal_bases} căn cứ pháp lý, {award_types} danh hiệu/hình thức, "
            "{rules} tiêu chuẩn.".format(**created)
        )
