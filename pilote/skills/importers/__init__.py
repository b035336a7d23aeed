from . import campaigns, certification, pixedu  # noqa: F401
