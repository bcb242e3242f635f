"""Numbers in prose, rendered from computed values (never typed by hand).

``rt.text.md("RSP rose {r}.", r=rt.text.pct(0.061))`` displays "RSP rose +6.1 %." as Markdown.
"""

from __future__ import annotations

import math

import pandas as pd
from IPython.display import Markdown


def pct(x: float, digits: int = 1, *, fraction: bool = True, sign: bool = True) -> str:
    """Format a return: ``fraction=True`` means ``x`` is a fraction (0.061 -> "+6.1 %")."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        raise ValueError("cannot format a missing value: compute it first")
    v = x * 100 if fraction else x
    return f"{v:+.{digits}f} %" if sign else f"{v:.{digits}f} %"


def pp(x: float, digits: int = 1) -> str:
    """Format a spread already in percentage points ("+4.4 pp")."""
    return f"{x:+.{digits}f} pp"


def usd_bn(x: float, digits: int = 1) -> str:
    """Format a USD amount given in USD as USD bn ("+6.5 USD bn"). No "$": two of them in one
    Markdown paragraph would be typeset as mathematics."""
    sign = "+" if x >= 0 else "−"
    return f"{sign}{abs(x) / 1e9:.{digits}f} USD bn"


def day(x) -> str:
    """ISO date of a timestamp-like value."""
    return str(pd.Timestamp(x).date())


def md(template: str, **values) -> Markdown:
    """Markdown from a template and computed values (``str.format`` fields)."""
    return Markdown(template.format(**values))


def table(df: pd.DataFrame) -> Markdown:
    """A DataFrame as a Markdown table (cells may hold Markdown, e.g. links); the index is the
    first column. ``|`` and ``$`` in cells are escaped (a pair of ``$`` would be typeset as maths)."""
    def cell(x) -> str:
        return str(x).replace("|", "\\|").replace("$", "\\$").replace("\n", " ")

    head = [df.index.name or ""] + [str(c) for c in df.columns]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    rows += ["| " + " | ".join(cell(v) for v in (i, *r)) + " |" for i, r in zip(df.index, df.itertuples(index=False))]
    return Markdown("\n".join(rows))
