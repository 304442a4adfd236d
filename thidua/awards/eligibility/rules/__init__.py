"""Rules by title group; importing this package registers them all."""

from . import collectives, common, individuals  # noqa: F401
