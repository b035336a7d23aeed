"""Pilote's settings: ``base`` plus one module per way of running it.

Point ``DJANGO_SETTINGS_MODULE`` at ``pilote.settings.production``, ``.development`` or
``.test``; this package itself defines nothing.
"""
