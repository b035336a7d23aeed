import pytest

from pilote.security.referential import load_measures


@pytest.fixture
def referential(db):
    """The national measures, as ``migrate`` loads them (idempotent)."""
    load_measures()


@pytest.fixture
def college_url(world):
    return f"/etablissements/{world.college.uai}/securite/"
