"""Language knowledge, one package per language (``lang.de`` for German).

Every layer may import it; it imports nothing of lagebild but the data-file reader and the
error types. The words themselves live in versioned data files under ``lagebild/data/``.
"""
