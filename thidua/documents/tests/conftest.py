import pytest

from thidua.documents import kinds, services


@pytest.fixture
def plan_document(term, users):
    """A plan generated from the Cụm 11 term by the leader unit's staff."""
    return services.document_generate(actor=users["cluster_staff"], kind="plan", source_id=term.pk)


@pytest.fixture
def foreign_document(other_province, users):
    """A document filed under a unit outside the Cụm 11 members (Hà Tĩnh)."""
    return services.document_render(
        actor=users["admin"], kind="plan", context=kinds.demo_context("plan"), owner=other_province
    )


@pytest.fixture
def soffice():
    """LibreOffice for PDF tests: skipped locally when missing, required under CI=true."""
    import os

    from thidua.documents import pdf

    if not pdf.is_available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but soffice (LibreOffice) is missing: `make system-deps` must install it")
        pytest.skip("LibreOffice (soffice) is not installed")
