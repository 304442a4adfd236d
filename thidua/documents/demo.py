"""Demo data for the documents capability (called by `manage.py demo_load`, idempotent)."""


def load(*, stdout=None) -> None:
    return None
