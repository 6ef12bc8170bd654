"""The version of lagebild, recorded with every analysis run and shown by the CLI and report."""

__version__ = "0.1.0"
