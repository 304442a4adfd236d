"""Fixtures of the exchange tests: the two installations' keys and partners, and a batch to send."""

import pytest

from thidua.awards import catalogue
from thidua.awards import services as awards_services
from thidua.awards.models import AwardType
from thidua.documents import services as documents_services
from thidua.documents import signing
from thidua.documents.tests.test_signatures import PASSPHRASE, make_pkcs12
from thidua.exchange import services

PROVINCE, MINISTRY = "CA-SOC-TRANG", "BCA"


@pytest.fixture
def keys(users, provinces, ministry):
    """The province's sender (its leader staff) and the Ministry's board, each with a key."""
    province_file, province_cert = make_pkcs12(name="Trần Văn Gửi", unit="Công an tỉnh Sóc Trăng")
    ministry_file, ministry_cert = make_pkcs12(name="Lê Thị Nhận", unit="Bộ Công an")
    sender = documents_services.signing_identity_create(
        actor=users["admin"],
        unit=ministry,
        user=users["board"],
        pkcs12_data=province_file,
        passphrase=PASSPHRASE,
    )
    receiver = documents_services.signing_identity_create(
        actor=users["admin"],
        unit=ministry,
        user=users["admin"],
        pkcs12_data=ministry_file,
        passphrase=PASSPHRASE,
    )
    # each side's registry; in one database both partners are registered at once
    to_ministry = services.partner_register(
        actor=users["admin"],
        code=MINISTRY,
        name="Bộ Công an",
        certificate_pem=signing.certificate_pem(ministry_cert),
    )
    from_province = services.partner_register(
        actor=users["admin"],
        code=PROVINCE,
        name="Công an tỉnh Sóc Trăng",
        certificate_pem=signing.certificate_pem(province_cert),
    )
    return {"sender": sender, "receiver": receiver, "ministry": to_ministry, "province": from_province}


@pytest.fixture
def batch(users, provinces):
    catalogue.seed()
    batch = awards_services.batch_create(
        actor=users["officer"],
        unit=provinces[1],
        title="Đề nghị khen thưởng năm 2025 của Công an tỉnh Tiền Giang",
        year=2025,
    )
    award = AwardType.objects.get(code="BK-BCA-TT")
    awards_services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=award,
        unit=provinces[1],
        achievement="Dẫn đầu Cụm 11 năm 2025",
    )
    return batch
