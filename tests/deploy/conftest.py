import pytest

from .servers import Deployment


@pytest.fixture(scope="session")
def deployment(tmp_path_factory):
    """A migrated database of its own (SQLite file or a separate PostgreSQL database) and MEDIA_ROOT."""
    deployment = Deployment(tmp_path_factory.mktemp("deploy"))
    try:
        deployment.setup()
        yield deployment
    finally:
        deployment.drop()
