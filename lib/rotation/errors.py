"""Exceptions a reader can act on: each names the file, ticker or date, and what to do.

The command line (``python -m rotation``) ends every :class:`RotationError` with its message on
one line and a non-zero exit code, without a traceback (``--debug`` or ``ROTATION_DEBUG=1``
shows it).
"""

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
    """A results/<id>.json was not written by the current version of its notebook, was computed
    with other parameters than the committed ones, or is not readable."""


class ParameterError(RotationError, ValueError):
    """A command-line argument or notebook parameter is unknown or has an unusable value."""


class NotebookError(RotationError):
    """A notebook stopped with an error. The message carries the error raised in the kernel
    (its type and message), the cell, and where the partial notebook was saved; ``failures``
    maps each notebook that failed in a run of several to its message."""

    def __init__(self, message: str, failures: dict | None = None) -> None:
        super().__init__(message)
        self.failures: dict = dict(failures or {})
