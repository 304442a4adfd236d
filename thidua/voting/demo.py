"""Demo data for the voting capability (called by `manage.py demo_load`, idempotent)."""


def load(*, stdout=None) -> None:
    return None
