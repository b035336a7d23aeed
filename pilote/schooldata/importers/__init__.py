from . import siecle, sts  # noqa: F401
