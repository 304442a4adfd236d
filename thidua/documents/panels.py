"""Dashboard panel: the latest papers generated in the user's scope."""

from . import selectors


def summary(request) -> dict | None:
    if not request.user.is_authenticated:
        return None
    documents = list(selectors.document_list(actor=request.user)[:5])
    if not documents:
        return None
    return {"template": "documents/_panel.html", "documents": documents}
