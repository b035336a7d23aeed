"""The modules of Pilote and what each one provides, found when first needed.

A module declares its indicators, importers, API viewsets, purges… in submodules of known
names (``indicators.py``, ``importers/``, ``api.py``, ``retention.py``). They are imported the
first time something asks for them, not when Django starts: importing them all made every
``pilote`` call (even ``pilote help``) pay for Polars, Django REST framework and the rest
before doing anything (``tests/core/test_startup.py`` guards this).
"""

import threading

from django.utils.module_loading import autodiscover_modules

_discovered: set[str] = set()
_lock = threading.RLock()


def discover(part: str) -> None:
    """Import ``<app>.<part>`` of every installed app that has one, once per process.

    Re-entrant: a submodule being imported may itself read the registry it fills.
    """
    if part in _discovered:
        return
    with _lock:
        if part in _discovered:
            return
        _discovered.add(part)
        try:
            autodiscover_modules(part)
        except BaseException:
            _discovered.discard(part)
            raise
