"""What a refresh did, per file and per ticker, and the report it prints (:class:`Report`)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import config

STATUSES = ("updated", "re-adjusted", "new", "up to date", "failed", "ended")


MAX_LISTED = 20  # names listed per line of the report


def _short(names: Sequence[str]) -> str:
    head = ", ".join(names[:MAX_LISTED])
    return head + (f" ... and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else "")


@dataclass
class Report:
    """What a refresh did, per file and per ticker."""

    end: pd.Timestamp | None = None
    offline: str | None = None  # the offline message, when the probe failed
    tickers: dict[str, dict[str, tuple[str, str]]] = field(
        default_factory=dict
    )  # panel -> ticker -> (status, detail)
    written: dict[str, tuple[Path, int, pd.Timestamp]] = field(
        default_factory=dict
    )  # panel -> (path, rows, last date)
    stale: dict[str, dict[str, pd.Timestamp]] = field(default_factory=dict)  # panel -> ticker -> last date
    errors: dict[str, str] = field(default_factory=dict)  # panel -> why nothing was written
    cleaned: list[Path] = field(default_factory=list)  # stale temporary files removed at the start
    missing: dict[str, dict[str, list[pd.Timestamp]]] = field(
        default_factory=dict
    )  # panel -> ticker -> trading days on which Yahoo sent no close (not written)

    def mark(self, panel: str, tickers: Sequence[str], status: str, detail: str = "") -> None:
        book = self.tickers.setdefault(panel, {})
        for t in tickers:
            book[t] = (status, detail)

    def status(self, panel: str, status: str) -> list[str]:
        return sorted(t for t, (s, _) in self.tickers.get(panel, {}).items() if s == status)

    @property
    def failed(self) -> dict[str, dict[str, str]]:
        return {
            p: {t: d for t, (s, d) in book.items() if s == "failed"}
            for p, book in self.tickers.items()
            if any(s == "failed" for s, _ in book.values())
        }

    @property
    def ok(self) -> bool:
        """True unless offline, a file could not be written, or nothing at all succeeded."""
        if self.offline or self.errors:
            return False
        statuses = [s for book in self.tickers.values() for s, _ in book.values()]
        return any(s != "failed" for s in statuses) if statuses else True

    def _missing_lines(self, panel: str) -> list[str]:
        """The report's lines for the NaN closes Yahoo sent on trading days (not written)."""
        missing = self.missing.get(panel, {})
        if not missing:
            return []
        days = [f"{t} {d.date()}" for t, ds in sorted(missing.items()) for d in ds]
        return [
            f"          no close from Yahoo on a trading day, not written ({len(days)}): {_short(days)}; "
            "the series has a gap there: refresh again later, or `--full` for those tickers"
        ]

    def format(self) -> str:
        if self.offline:
            return self.offline
        lines = [f"Refresh report (sessions up to {self.end.date() if self.end is not None else '?'}):"]
        if self.cleaned:
            lines.append(f"  removed {len(self.cleaned)} temporary file(s) left by an interrupted refresh")
        for panel in dict.fromkeys([*self.tickers, *self.errors]):
            counts = ", ".join(f"{len(self.status(panel, s))} {s}" for s in STATUSES if self.status(panel, s))
            lines.append(f"  {panel:<7} {counts or 'nothing to do'}")
            if panel in self.written:
                path, rows, last = self.written[panel]
                lines.append(f"          wrote {path} ({rows:,} rows, last date {last.date()})")
            if panel in self.errors:
                lines.append(f"          NOT WRITTEN: {self.errors[panel]}")
            failed = sorted(self.failed.get(panel, {}).items())
            for t, why in failed[:MAX_LISTED]:
                lines.append(f"          failed {t}: {why}")
            if len(failed) > MAX_LISTED:
                lines.append(f"          ... and {len(failed) - MAX_LISTED} more failed")
            lines += self._missing_lines(panel)
            ended = self.status(panel, "ended")
            if ended:
                lines.append(f"          ended (not refreshed): {_short(ended)}")
            stale = self.stale.get(panel, {})
            if stale:
                lines.append(
                    "          stale (last date before the file's): "
                    + _short([f"{t} {d.date()}" for t, d in sorted(stale.items())])
                )
        if os.environ.get(config.ENV_DATA):
            lines.append(
                f"Note: {config.ENV_DATA} is set, so the notebooks read only that folder and "
                f"not the refreshed cache {config.cache_dir()}."
            )
        elif self.written:
            lines.append(
                f"The notebooks use the refreshed files with {config.ENV_PREFER_CACHE}=1 (`make update` "
                "sets it); otherwise the snapshot comes first."
            )
        return "\n".join(lines)
