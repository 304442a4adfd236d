"""Demo data for the scoring capability (called by `manage.py demo_load`, idempotent)."""


def load(*, stdout=None) -> None:
    return None
