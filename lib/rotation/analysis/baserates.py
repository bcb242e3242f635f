"""Base rates: when a spread was as extreme as at the article's date, what followed?

"Few believe this trend will end soon" is a claim about durability. History gives a base rate: every
earlier date on which the trailing spread of two series (equal minus cap weight, small minus large)
was at least as wide as at the article's date, and the spread over the following 3 and 6 months.

- :func:`trailing` / :func:`forward`: the spread a − b over the last / next ``days`` trading days, pp
  (total returns from adjusted closes);
- :func:`analogues`: the dates before the article's at which the trailing spread was at least as
  extreme, thinned to one per episode (a new episode starts ``gap`` trading days after the last
  analogue), so that neighbouring days do not count as independent cases;
- :func:`outcomes`: per horizon, the analogues' forward spreads (mean, median, share above zero) with
  a percentile-bootstrap interval for the mean (resampling the thinned analogues; seeded), beside what
  actually followed the article's date where the data reach that far.

The analogues are few and overlap in calendar time with each other's regimes; the interval says how
much the mean moves with the sample of episodes, not how likely a repeat is.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import DataNotFoundError


def trailing(closes: pd.DataFrame, a: str, b: str, days: int) -> pd.Series:
    """a − b total return over the last ``days`` trading days at each date, pp."""
    r = closes[[a, b]].dropna().pct_change(days) * 100
    return (r[a] - r[b]).dropna()


def forward(closes: pd.DataFrame, a: str, b: str, days: int) -> pd.Series:
    """a − b total return over the next ``days`` trading days from each date, pp (NaN at the end)."""
    px = closes[[a, b]].dropna()
    r = (px.shift(-days) / px - 1) * 100
    return r[a] - r[b]


def analogues(spread: pd.Series, at, *, gap: int, sign: int = 1, since=None) -> pd.DatetimeIndex:
    """Dates from ``since`` with ``sign * spread`` at least its value at ``at``, one per episode,
    and at least ``gap`` trading days before ``at`` (so that no analogue is the article's own
    episode, nor sees it in its forward window)."""
    pos = spread.index.searchsorted(pd.Timestamp(at), side="right") - 1
    level = sign * spread.iloc[pos]
    first = 0 if since is None else spread.index.searchsorted(pd.Timestamp(since))
    window = (sign * spread.iloc[first : max(first, pos - gap + 1)]).to_numpy()
    hits = first + np.flatnonzero(window >= level)
    keep: list[int] = []
    for h in hits:
        if not keep or h - keep[-1] >= gap:
            keep.append(int(h))
    return spread.index[keep]


def outcomes(
    closes: pd.DataFrame,
    a: str,
    b: str,
    at,
    lookback: int,
    horizons: Sequence[int] = (63, 126),
    *,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.90,
    since=None,
) -> tuple[pd.DataFrame, pd.DatetimeIndex]:
    """The base-rate table (one row per horizon in trading days) and the analogue dates: the
    spread at ``at`` over ``lookback`` days, the analogues' count, mean, median, share of
    forward spreads above zero, the bootstrap interval of the mean at ``level``, and what followed
    ``at`` (NaN where the data end first)."""
    tr = trailing(closes, a, b, lookback)
    dates = analogues(tr, at, gap=max(horizons), since=since)
    if len(dates) < 3:
        raise DataNotFoundError(
            f"{a} − {b}: only {len(dates)} earlier episodes as wide as at {at}; no base rate"
        )
    day = tr.index[tr.index.searchsorted(pd.Timestamp(at), side="right") - 1]
    rng = np.random.default_rng(seed)
    rows = []
    for h in horizons:
        fw = forward(closes, a, b, h)
        x = fw.reindex(dates).dropna().to_numpy()
        boot = rng.choice(x, size=(n_boot, len(x)), replace=True).mean(axis=1)
        lo, hi = np.quantile(boot, [(1 - level) / 2, (1 + level) / 2])
        rows.append(
            {
                "horizon_days": h,
                "spread_at_article_pp": float(tr[day]),
                "episodes": len(x),
                "mean_pp": float(x.mean()),
                "median_pp": float(np.median(x)),
                "share_above_zero": float((x > 0).mean()),
                "ci_low_pp": float(lo),
                "ci_high_pp": float(hi),
                "followed_pp": float(fw.get(day, np.nan)),
            }
        )
    return pd.DataFrame(rows).set_index("horizon_days"), dates


def forward_frames(
    closes: pd.DataFrame, base: dict[str, tuple[pd.DataFrame, pd.DatetimeIndex]], horizons: Sequence[int]
) -> dict[str, pd.DataFrame]:
    """For the figure: each spread's analogues' forward spreads in long form (``horizon, value``),
    with its table in ``.attrs["table"]``; ``base`` maps "A − B" to :func:`outcomes`' result."""
    out = {}
    for label, (tab, dates) in base.items():
        a, b = (x.strip() for x in label.split("−"))
        rows = [(h, v) for h in horizons for v in forward(closes, a, b, h).reindex(dates).dropna()]
        df = pd.DataFrame(rows, columns=["horizon", "value"])
        df.attrs["table"] = tab
        out[label] = df
    return out


def sentence(base: dict[str, tuple[pd.DataFrame, pd.DatetimeIndex]]) -> str:
    """The base rates in words, one sentence per spread, saying whether history gives an edge."""
    parts = []
    for label, (tab, _) in base.items():
        first = tab.iloc[0]
        bits = []
        for h, r in tab.iterrows():
            followed = (
                f"after the article it was {r['followed_pp']:+.1f} pp"
                if np.isfinite(r["followed_pp"])
                else "the data end before that horizon after the article"
            )
            edge = "no edge either way" if r["ci_low_pp"] <= 0 <= r["ci_high_pp"] else "an edge"
            bits.append(
                f"over the next {h} trading days it averaged {r['mean_pp']:+.1f} pp (90 % interval "
                f"{r['ci_low_pp']:+.1f} to {r['ci_high_pp']:+.1f}, {edge}; above zero in "
                f"{r['share_above_zero']:.0%} of them), and {followed}"
            )
        parts.append(
            f"In the {int(first['episodes'])} earlier episodes with {label} at least {first['spread_at_article_pp']:+.1f} pp, "
            + "; ".join(bits)
            + "."
        )
    return " ".join(parts)


def table(base: dict[str, tuple[pd.DataFrame, pd.DatetimeIndex]]) -> pd.DataFrame:
    """The base rates for a reader: one row per spread and horizon, numbers as text, "—" where
    the data end before the horizon."""
    rows = []
    for label, (tab, _) in base.items():
        for h, r in tab.iterrows():
            rows.append(
                {
                    "spread": label,
                    "horizon": f"{h} trading days",
                    "at the article": f"{r['spread_at_article_pp']:+.1f} pp",
                    "episodes": int(r["episodes"]),
                    "mean (90 % interval)": f"{r['mean_pp']:+.1f} ({r['ci_low_pp']:+.1f} … {r['ci_high_pp']:+.1f}) pp",
                    "median": f"{r['median_pp']:+.1f} pp",
                    "above zero": f"{r['share_above_zero']:.0%}",
                    "after the article": f"{r['followed_pp']:+.1f} pp"
                    if np.isfinite(r["followed_pp"])
                    else "— (data end)",
                }
            )
    return pd.DataFrame(rows).set_index(["spread", "horizon"])
