"""Exceptions a reader can act on: each names the file, ticker or date, and what to do."""

from __future__ import annotations


class RotationError(Exception):
    """Base class of the project's own errors."""


class DataNotFoundError(RotationError, FileNotFoundError):
    """A dataset, ticker or date range is not in any data source.

    The message names what is missing, every place that was searched, and the command that
    fetches it.
    """


class DataValidationError(RotationError, ValueError):
    """Data was found but is not usable (wrong columns, duplicates, non-positive prices ...)."""


class StaleResultError(RotationError):
    """A results/<id>.json was not written by the current version of its notebook."""
