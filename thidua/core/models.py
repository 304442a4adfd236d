from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import InvalidTransition


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class StatusFlow(models.Model):
    """A `status` field moved only along the model's TRANSITIONS table (one per model).

    Services call `obj.move_to(target)`, which raises InvalidTransition with both labels in Vietnamese.
    """

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {}
    status: str  # each concrete model declares the CharField with its own choices

    class Meta:
        abstract = True

    def can_move_to(self, target: str) -> bool:
        return target in self.TRANSITIONS.get(self.status, frozenset())

    def move_to(self, target: str) -> None:
        if not self.can_move_to(target):
            status_field = self._meta.get_field("status")
            labels = dict(status_field.flatchoices) if isinstance(status_field, models.Field) else {}
            raise InvalidTransition(
                current=labels.get(self.status, self.status),
                target=labels.get(target, target),
            )
        self.status = target


class DataVersion(models.Model):
    """One counter, raised after every committed write to a project table (see core.dataversion).

    Rendered pages are cached under it, so a cached page is never older than the last committed write.
    """

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu")
        verbose_name_plural = _("phiên bản dữ liệu")

    def __str__(self) -> str:
        return str(self.version)
