"""The breadth claims (B1–B7) from their registry rows: tickers, stated figures in words, and the
glue between a measurement, its rule, its robustness grid and its recorded result, so that the
breadth notebook shows results and prose and no long code.

Units: returns and spreads in **percent** and **percentage points**; windows as ISO dates;
day offsets in **calendar days**.
"""

from __future__ import annotations

import re

from . import articles, registry

_TICKER = re.compile(r"^\^?[A-Z][A-Z0-9.\-]*$")


def series_parts(claim_id: str) -> list[str]:
    """The items of a claim's ``series`` column in order, split at ``;``, ``/`` and ``|``
    (``"XLB;XLV;XLY|sectors"`` → ``["XLB", "XLV", "XLY", "sectors"]``)."""
    text = registry.claim(claim_id)["series"]
    return [p.strip() for p in re.split(r"[;/|]", str(text)) if p.strip()]


def series_tickers(claim_id: str) -> list[str]:
    """The tickers a claim's ``series`` column names, in order (upper-case items; group names
    such as ``mag7`` or ``cyclical`` are left out). ``ValueError`` naming the claim if none."""
    tickers = [p for p in series_parts(claim_id) if _TICKER.match(p)]
    if not tickers:
        raise ValueError(f"data/claims.csv, claim {claim_id}: its series names no ticker")
    return tickers


_WORDS = {
    "about": "about {v}",
    "more_than": "more than {v}",
    "at_least": "at least {v}",
    "less_than": "less than {v}",
}


def stated_words(fig: articles.Figure) -> str:
    """A stated figure as the article put it, with its unit sign: ``"about 6 %"``, ``"1.6 %"``,
    ``"more than 7 %"``; names joined by commas; a range as ``low … high``."""
    if fig.precision == "named":
        return ", ".join(fig.names)
    if fig.precision == "range":
        return f"{fig.low} … {fig.high}"
    v = f"{fig.value} %" if fig.unit.startswith("percent") else fig.value
    return _WORDS.get(fig.precision, "{v}").format(v=v)
