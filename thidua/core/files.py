"""Stored files: saving and deleting a row together with its file, and finding the files that no row
refers to any more (e.g. left behind by an upload whose transaction rolled back).

Every FileField of the project's models (their history included) is a reference; a stored file older
than `min_age` that none of them names is an orphan. Young files are left alone: an upload may be
between being stored and its row being committed.
"""

import datetime
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import models, transaction
from django.utils import timezone


def save_with_file(instance: models.Model, field: str, name: str, content: Any) -> None:
    """Store `content` in the instance's file field (its upload_to picks the stored name), then save the
    row; if the row cannot be saved the stored file is removed again."""
    field_file = getattr(instance, field)
    field_file.save(name, content, save=False)
    stored = field_file.name or ""
    try:
        instance.save()
    except Exception:
        field_file.storage.delete(stored)
        raise


def delete_with_file(instance: models.Model, field: str) -> None:
    """Delete the row, and its stored file once the transaction has committed."""
    field_file = getattr(instance, field)
    stored, storage = field_file.name or "", field_file.storage
    instance.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def referenced_names() -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("thidua."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    name
                    for name in model._default_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                    .iterator()
                )
    return names


def stored_names(storage: Storage, directory: str = "") -> Iterator[str]:
    try:
        subdirectories, files = storage.listdir(directory)
    except FileNotFoundError:  # nothing stored yet
        return
    for name in files:
        yield f"{directory}/{name}" if directory else name
    for subdirectory in subdirectories:
        yield from stored_names(storage, f"{directory}/{subdirectory}" if directory else subdirectory)


def orphans(*, min_age: datetime.timedelta, storage: Storage = default_storage) -> list[str]:
    referenced = referenced_names()
    cutoff = timezone.now() - min_age
    return sorted(
        name
        for name in stored_names(storage)
        if name not in referenced and storage.get_modified_time(name) < cutoff
    )


def purge(*, min_age: datetime.timedelta, storage: Storage = default_storage) -> list[str]:
    found = orphans(min_age=min_age, storage=storage)
    for name in found:
        storage.delete(name)
    return found
