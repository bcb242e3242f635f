"""Numbers in prose, rendered from computed values (never typed by hand).

``rt.text.md("RSP rose {r}.", r=rt.text.pct(0.061))`` displays "RSP rose +6.1 %." as Markdown.
"""

from __future__ import annotations

import math
import re

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


def no_dollars(s: str) -> str:
    """Amounts written "USD 6.5bn" instead of "$6.5bn" ("-$1.4bn" -> "-USD 1.4bn").

    A dollar sign in Markdown can pair with another and be typeset as mathematics, in JupyterLab
    (whose Markdown renderer unescapes ``\\$`` before MathJax sees it) as in MathJax pages; the
    currency code cannot."""
    return re.sub(r"\$\s?(?=[0-9.])", "USD ", str(s))


def day(x) -> str:
    """ISO date of a timestamp-like value."""
    return str(pd.Timestamp(x).date())


def md(template: str, **values) -> Markdown:
    """Markdown from a template and computed values (``str.format`` fields); amounts with a
    dollar sign are written in USD (:func:`no_dollars`)."""
    return Markdown(no_dollars(template.format(**values)))


def table(df: pd.DataFrame) -> Markdown:
    """A DataFrame as a Markdown table (cells may hold Markdown, e.g. links); the index is the
    first column; a missing value is "—". ``|`` is escaped; an amount "$6.5bn" is written "USD 6.5bn" (:func:`no_dollars`) and any
    other ``$`` escaped (a pair of ``$`` would be typeset as maths)."""

    def cell(x) -> str:
        if x is None or (not isinstance(x, (list, tuple, dict)) and pd.isna(x)):
            return "—"  # never "nan", "NaT", "None" or "<NA>"
        return no_dollars(str(x)).replace("|", "\\|").replace("$", "\\$").replace("\n", " ")

    head = [df.index.name or ""] + [str(c) for c in df.columns]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    rows += [
        "| " + " | ".join(cell(v) for v in (i, *r)) + " |"
        for i, r in zip(df.index, df.itertuples(index=False))
    ]
    return Markdown("\n".join(rows))
