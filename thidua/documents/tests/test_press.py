"""Press-release drafts: deterministic, in the shape of the seed articles (DOMAIN.md §0, seed 003)."""

from thidua.documents import kinds, press


def _cum11() -> dict:
    context = kinds.demo_context("conference_minutes")
    context["models"] = [{"unit": "Công an tỉnh Sóc Trăng", "name": "Tổ công tác đặc biệt 123"}]
    return context


def test_headline_and_dateline_lead_follow_the_seed_article():
    draft = press.compose(_cum11())
    assert (
        draft["headline"]
        == "Cụm thi đua số 11 sơ kết phong trào thi đua “Vì an ninh Tổ quốc” 6 tháng đầu năm 2024"
    )
    assert draft["lead"] == (
        "Ngày 16/7, tại Công an tỉnh Tiền Giang, Cụm thi đua số 11 Bộ Công an tổ chức Hội nghị sơ kết "
        "phong trào thi đua “Vì an ninh Tổ quốc” 6 tháng đầu năm 2024."
    )


def test_body_names_members_roles_models_resolve_and_side_events():
    body = "\n".join(press.compose(_cum11())["paragraphs"])
    assert (
        "Cụm thi đua số 11 gồm Công an các tỉnh: Sóc Trăng, Tiền Giang, Bến Tre, Vĩnh Long, Đồng Tháp và Trà Vinh"
        in body
    )
    assert "do Công an tỉnh Sóc Trăng làm Cụm trưởng, Công an tỉnh Tiền Giang là đơn vị Cụm phó" in body
    assert "Điển hình như: “Tổ công tác đặc biệt 123” của Công an tỉnh Sóc Trăng" in body
    assert "hoàn thành đạt và vượt các chỉ tiêu thi đua 6 tháng cuối năm" in body
    assert "Dịp này, 01 ngày trước hội nghị" in body
    assert "đồng chủ trì hội nghị" in body


def test_same_data_gives_the_same_draft():
    assert press.compose(_cum11()) == press.compose(_cum11())


def test_year_end_conference_reads_tong_ket_and_lowercases_nam():
    context = _cum11() | {"conference_type": "tổng kết", "period_label": "Năm 2024", "side_events": []}
    draft = press.compose(context)
    assert draft["headline"].endswith("tổng kết phong trào thi đua “Vì an ninh Tổ quốc” năm 2024")
    assert "vượt các chỉ tiêu thi đua thời gian tới" in "\n".join(draft["paragraphs"])


def test_minimal_conference_data_still_gives_a_draft():
    draft = press.compose({"cluster_name": "Cụm thi đua số 1", "date": "2022-07-29"})
    assert draft["lead"].startswith("Ngày 29/7, Cụm thi đua số 1 tổ chức Hội nghị sơ kết")
    assert draft["paragraphs"]
