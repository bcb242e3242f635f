"""Live data path with yfinance (refresh into the user cache). Filled in by issue 9."""

from __future__ import annotations

import argparse

from . import config, data


def ensure_data(args: argparse.Namespace | None = None) -> int:
    """Return 0 if every price panel is found in some data source, else fetch them."""
    try:
        for rel in data.PANELS.values():
            data.find(rel)
    except FileNotFoundError:
        return main(args)
    return 0


def main(args: argparse.Namespace | None = None) -> int:
    raise SystemExit(f"{config.FETCH_COMMAND}: the live refresh is not implemented yet")
