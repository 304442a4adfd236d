"""Orphaned stored files are found and purged; referenced and young files are kept."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from thidua.core import files
from thidua.emulation.models import Evidence
from thidua.emulation.tests.factories import make_covenant

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def stored(monkeypatch, term, provinces):
    """One file kept by an Evidence row, one orphan; then two hours pass."""
    from thidua.emulation.models import PeriodReport
    from thidua.emulation.tests.factories import make_periods

    make_covenant(term)
    period = next(iter(make_periods(term.cluster.owner, 2024).values()))
    report = PeriodReport.objects.create(term=term, unit=provinces[1], period=period)
    kept = Evidence(report=report, original_name="bien-ban.pdf", size=9, content_type="application/pdf")
    kept.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    orphan = default_storage.save("evidence/2024/orphan.pdf", ContentFile(b"%PDF-1.4\n"))
    later = timezone.now() + 2 * HOUR  # two hours pass
    monkeypatch.setattr(files.timezone, "now", lambda: later)
    yield kept.file.name, orphan
    for name in (kept.file.name, orphan):
        if name and default_storage.exists(name):
            default_storage.delete(name)


def test_only_unreferenced_old_files_are_orphans(stored):
    kept, orphan = stored
    assert orphan in files.orphans(min_age=HOUR)
    assert kept not in files.orphans(min_age=HOUR)
    assert orphan not in files.orphans(min_age=3 * HOUR)  # too young to be sure


def test_the_command_lists_by_default_and_deletes_on_request(stored):
    kept, orphan = stored
    out = io.StringIO()
    call_command("purge_orphan_files", "--min-age-hours", "1", stdout=out)
    assert orphan in out.getvalue() and default_storage.exists(orphan)
    call_command("purge_orphan_files", "--min-age-hours", "1", "--delete", stdout=io.StringIO())
    assert not default_storage.exists(orphan) and default_storage.exists(kept)
