"""Issue 15.15: download names come from the title, cut at a word boundary."""

from thidua.core.text import filename_slug


def test_a_long_title_is_cut_between_words():
    title = (
        "Biên bản kiểm phiếu bầu Cụm trưởng, Cụm phó Cụm thi đua số 11 năm 2024 tại Công an tỉnh Sóc Trăng"
    )
    slug = filename_slug(title)
    assert len(slug) <= 60 and slug.startswith("bien-ban-kiem-phieu-bau-cum-truong")
    words = set(filename_slug(title, limit=1000).split("-"))
    assert all(part in words for part in slug.split("-"))  # every part is a whole word


def test_short_titles_and_edge_cases():
    assert filename_slug("Quyết định số 12/QĐ-BCA") == "quyet-dinh-so-12qd-bca"
    assert filename_slug("") == ""
    assert filename_slug("Đ" * 200) == "d" * 60  # one long word: cut at the limit
