"""Pages of the emulation capability: thin — parse, call a service/selector, render.

One module per page group; the views are re-exported here for `urls.py`.
"""

from .covenants import (
    covenant,
    covenant_action,
    covenant_document,
)
from .cycle import (
    deadline_set,
    index,
    movement_create,
    periods_standard,
)
from .initiatives import (
    initiatives,
)
from .progress import (
    progress,
    progress_export,
    progress_unit,
)
from .registrations import (
    registration,
    registration_action,
    registration_template,
    registration_upload,
    target_create,
    target_edit,
    target_remove,
)
from .reports import (
    evidence_download,
    evidence_remove,
    evidence_upload,
    report,
    report_action,
    report_save,
    report_template,
    report_upload,
)
from .terms import (
    term,
    term_result_add,
    term_result_remove,
)
from .year import year_start

__all__ = [
    "covenant",
    "covenant_action",
    "covenant_document",
    "deadline_set",
    "evidence_download",
    "evidence_remove",
    "evidence_upload",
    "index",
    "initiatives",
    "movement_create",
    "periods_standard",
    "progress",
    "progress_export",
    "progress_unit",
    "registration",
    "registration_action",
    "registration_template",
    "registration_upload",
    "report",
    "report_action",
    "report_save",
    "report_template",
    "report_upload",
    "target_create",
    "target_edit",
    "target_remove",
    "term",
    "year_start",
    "term_result_add",
    "term_result_remove",
]
