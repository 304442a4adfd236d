"""Thin views of the awards capability: parse → selector/service → page or HTMX partial."""

from .catalogue import award_type_create, award_type_edit
from .counts import count_delete, count_edit, counts
from .decisions import (
    decision_annul,
    decision_attach,
    decision_attachment,
    decision_attachment_remove,
    decision_detail,
    decision_list,
)
from .intake import batch_intake, intake_template
from .overrides import override_approve
from .people import people, person_detail
from .proposals import (
    batch_action,
    batch_create,
    batch_detail,
    batch_dossier,
    batch_transition,
    catalogue,
    index,
    next_eligible,
)
from .public import (
    public_award,
    public_batch,
    public_decision,
    public_decision_file,
    public_index,
    verify,
)
from .records import (
    history,
    import_cancel,
    import_confirm,
    import_errors,
    import_retry,
    import_status,
    import_template,
    import_upload,
    records_export,
)
from .statistics import statistics, statutory

__all__ = [
    "award_type_create",
    "award_type_edit",
    "batch_action",
    "batch_create",
    "batch_detail",
    "batch_dossier",
    "batch_intake",
    "intake_template",
    "batch_transition",
    "catalogue",
    "count_delete",
    "count_edit",
    "counts",
    "decision_annul",
    "decision_attach",
    "decision_attachment",
    "decision_attachment_remove",
    "decision_detail",
    "decision_list",
    "history",
    "import_cancel",
    "import_confirm",
    "import_errors",
    "import_retry",
    "import_status",
    "import_template",
    "import_upload",
    "index",
    "next_eligible",
    "people",
    "person_detail",
    "override_approve",
    "public_award",
    "public_batch",
    "public_decision",
    "public_decision_file",
    "public_index",
    "records_export",
    "statistics",
    "statutory",
    "verify",
]
