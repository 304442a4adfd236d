"""Issue 14.1: paper kinds are declared by the app owning the data (registry.py), never guessed."""

import pathlib
import re

import pytest
from django.urls import reverse

from thidua.documents import kinds, registry, sources
from thidua.documents.kinds import HEADER, Kind
from thidua.documents.models import GeneratedDocument
from thidua.organisation.models import ClusterTerm

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_no_app_reaches_a_sibling_by_reflection_or_may_be_absent_guards():
    pattern = re.compile(r"apps\.get_model\(|import_module\(|apps\.is_installed\(|NoReverseMatch")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.rglob("*.py")
        if "/tests/" not in str(path) and "/migrations/" not in str(path)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_every_kind_is_registered_by_its_owning_app_with_a_complete_demo():
    owners = {code: paper.context.__module__ for code, paper in registry.PAPERS.items()}
    assert owners == {
        "plan": "thidua.documents.papers",
        "covenant": "thidua.emulation.papers",
        "period_report": "thidua.emulation.papers",
        "conference_minutes": "thidua.conferences.papers",
        "vote_count_minutes": "thidua.voting.papers",
        "submission": "thidua.awards.papers",
        "proposal_list": "thidua.awards.papers",
        "achievement_report": "thidua.awards.papers",
        "decision": "thidua.awards.papers",
        "certificate": "thidua.awards.papers",
        "certificate_overlay": "thidua.awards.papers",
        "press_release": "thidua.conferences.papers",
    }
    for code in registry.PAPERS:
        assert kinds.missing_keys(code, kinds.demo_context(code)) == []


@pytest.fixture
def notice_kind():
    """A new kind declared in one place, as an app's papers.py would."""

    def layout(paper, context):
        paper.title("THÔNG BÁO", context.get("title", ""))
        paper.paragraph(context.get("cluster_name", ""))

    def context(actor, term, **params):
        owner, term = sources.for_term(actor, term)
        data = {**sources.term_facts(term), "date": "2024-07-16", "title": "Lịch hội nghị"}
        return sources.from_record(data, term, owner=owner, term=term)

    paper = registry.register(
        registry.PaperKind(
            kind=Kind("notice", "Thông báo", "THÔNG BÁO", "TB", (*HEADER, "title"), "nhiệm kỳ cụm"),
            demo={"issuer": "CỤM 11", "place": "Sóc Trăng", "date": "2024-07-16", "title": "Lịch"},
            layout=layout,
            source=ClusterTerm,
            context=context,
            title="Thông báo",
        )
    )
    yield paper
    for table in (registry.PAPERS, kinds.KINDS, kinds.DEMO):
        table.pop("notice", None)


@pytest.mark.django_db
def test_a_kind_declared_in_one_place_is_generated_previewed_and_listed(client, users, term, notice_kind):
    client.force_login(users["cluster_staff"])
    response = client.post(reverse("documents:generate", args=["notice", term.pk]))
    document = GeneratedDocument.objects.get(kind="notice")
    assert response.url == reverse("documents:detail", args=[document.pk])
    assert document.title == "Thông báo: Lịch hội nghị" and document.cluster_term == term
    assert client.get(reverse("documents:preview", args=["notice", "docx"])).status_code == 200
    assert any(k["code"] == "notice" for k in client.get("/api/v1/documents/kinds").json())
    client.force_login(users["foreign_officer"])
    assert client.post(reverse("documents:generate", args=["notice", term.pk])).status_code == 302
    assert GeneratedDocument.objects.filter(kind="notice").count() == 1
