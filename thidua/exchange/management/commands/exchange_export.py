"""Build and sign a batch's (or a cluster's year's) package into a file (for a USB stick): the same
services as the pages."""

import getpass
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from thidua.awards.models import ProposalBatch
from thidua.core.errors import DomainError
from thidua.documents.models import SigningIdentity
from thidua.exchange import services
from thidua.exchange.models import Partner
from thidua.organisation.models import ClusterTerm


class Command(BaseCommand):
    help = "Lập và ký số gói hồ sơ đề nghị để gửi cấp trên bằng tệp. Mật khẩu khóa: THIDUA_KEY_PASSPHRASE hoặc nhập khi chạy."

    def add_arguments(self, parser):
        subject = parser.add_mutually_exclusive_group(required=True)
        subject.add_argument("--batch", type=int, help="mã hồ sơ đề nghị")
        subject.add_argument("--term", type=int, help="mã năm của cụm (nhiệm kỳ cụm)")
        parser.add_argument("--partner", required=True, help="mã hệ thống nhận (đối tác đã đăng ký)")
        parser.add_argument("--user", required=True, help="tài khoản người gửi (giữ khóa ký số)")
        parser.add_argument("--key", type=int, help="mã khóa ký số (mặc định: khóa đang dùng của người gửi)")
        parser.add_argument("-o", "--output", required=True, help="tệp gói sẽ ghi (.zip)")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        batch = ProposalBatch.objects.filter(pk=options["batch"]).first() if options["batch"] else None
        term = (
            ClusterTerm.objects.select_related("cluster__owner").filter(pk=options["term"]).first()
            if options["term"]
            else None
        )
        partner = Partner.objects.filter(code=options["partner"].upper()).first()
        keys = SigningIdentity.objects.filter(user=user, is_active=True)
        identity = keys.filter(pk=options["key"]).first() if options["key"] else keys.first()
        if user is None or (batch is None and term is None) or partner is None or identity is None:
            raise CommandError("Không tìm thấy người gửi, hồ sơ đề nghị, hệ thống nhận hoặc khóa ký số.")
        passphrase = os.environ.get("THIDUA_KEY_PASSPHRASE") or getpass.getpass("Mật khẩu khóa ký số: ")
        try:
            if term is not None:
                package = services.package_send_cluster_year(
                    actor=user, term=term, partner=partner, identity=identity, passphrase=passphrase
                )
            else:
                assert batch is not None
                package = services.package_send(
                    actor=user, batch=batch, partner=partner, identity=identity, passphrase=passphrase
                )
        except DomainError as error:
            raise CommandError(str(error)) from error
        with package.archive.open("rb") as handle:
            Path(options["output"]).write_bytes(handle.read())
        self.stdout.write(f"Đã ghi gói {package.package_id} vào {options['output']}.")
