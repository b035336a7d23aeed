"""A module written for the tests only, to prove that a new module needs no edit in core."""
