"""Plausibility of price series beyond the reverting one-day spike of
:func:`rotation.inputs.validate.spikes`: a move on a series' last day (no next day to revert), a level
jump that holds in a fund or an index, and a fund moving against its index (declared pairs,
``data/price_pairs.csv``).

Pure functions on long price frames (``date, ticker, close``); every threshold lives in
:class:`PlausibilityRule` (:data:`PLAUSIBLE`), the one place they are declared, next to
:data:`rotation.inputs.validate.SPIKE`. :func:`rotation.inputs.data.implausible` runs them on every price file
and :func:`rotation.inputs.data.prices` stops on a finding in what it loads. Moves are log returns.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .validate import SPIKE, SPIKE_FIX, SpikeRule, describe_spikes, require_in_range

#: The columns of every finding (a spike of :func:`rotation.inputs.validate.spikes` gets ``kind``
#: ``"spike"`` and a blank ``other``).
COLUMNS = ["ticker", "date", "kind", "before", "close", "after", "move", "back", "sigma", "z", "other"]


@dataclass(frozen=True)
class PlausibilityRule:
    """When a move that does not revert the next day is a bad price rather than a market move.

    - **last day**: the last close of a series cannot be confirmed by the next one; it is stopped
      when its move is at least ``last_min_move`` and ``last_k_sigma`` robust sigmas of the
      series' ``2 x half_window`` returns before it (a x10 or x100 tick is hundreds of sigmas);
    - **level jump** (funds and indices only, the panels ``jump_panels`` less the volatility
      indices ``jump_exempt``): a move of at least ``jump_min_move`` and ``jump_k_sigma`` sigmas
      that holds (an unadjusted split, a re-based series). Member stocks are not checked: a
      genuine halving on news is common there (CORT on 2025-12-31: -50 %);
    - **against its index**: on a day both close, a declared fund's move and its index's differ by
      at least ``pair_gap``.

    Calibrated on the snapshot (2026): the largest fund or index day is XLE's -20 % of 2020-03-09
    (log 0.225; 1987-10-19 was log 0.229 for the S&P 500); the largest gap between a fund and its
    index is IWM vs ^RUT on 2020-03-18, 2.9 pp (SPY vs ^GSPC 1.2 pp, QQQ vs ^NDX 1.5 pp); the
    largest last-day move of a series without a multi-year gap before it is 9 sigmas.
    """

    last_k_sigma: float = 50.0
    last_min_move: float = 0.50  # log: -39 % / +65 %
    jump_k_sigma: float = 20.0
    jump_min_move: float = 0.35  # log: -30 % / +42 %
    jump_panels: tuple[str, ...] = ("etf", "index")
    jump_exempt: tuple[str, ...] = ("VIX", "VXO")  # VIX +116 % on 2018-02-05 was genuine
    pair_gap: float = 0.05  # log, about 5 percentage points in a day

    def __post_init__(self) -> None:
        checks = {
            "last_k_sigma": self.last_k_sigma > 0,
            "last_min_move": self.last_min_move >= 0,
            "jump_k_sigma": self.jump_k_sigma > 0,
            "jump_min_move": self.jump_min_move > 0,
            "pair_gap": self.pair_gap > 0,
        }
        require_in_range(self, checks)


#: The thresholds of the checks of this module (see :class:`PlausibilityRule`).
PLAUSIBLE = PlausibilityRule()


def _undoing(r: np.ndarray) -> np.ndarray:
    """Whether each day's move undoes most of the day before's (the second half of a reverting
    spike, the spike check's business: ``|r_t-1 + r_t| <= revert x |r_t-1|``, opposite signs)."""
    rp = np.r_[np.nan, r[:-1]]
    with np.errstate(all="ignore"):
        return (np.sign(r) * np.sign(rp) < 0) & (np.abs(r + rp) <= SPIKE.revert * np.abs(rp))


def _arrays(df: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """``df`` sorted by ticker and date, its ticker codes, closes and log returns (NaN at each
    series' first row)."""
    df = df.sort_values(["ticker", "date"], kind="stable").reset_index(drop=True)
    codes, _ = pd.factorize(df["ticker"])
    c = df["close"].to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(all="ignore"):
        r = np.r_[np.nan, np.diff(np.log(np.where(np.isfinite(c) & (c > 0), c, np.nan)))]
    r[np.r_[True, codes[1:] != codes[:-1]]] = np.nan
    return df, codes, c, r


def robust_sigma(
    r: np.ndarray, codes: np.ndarray, idx: np.ndarray, offsets: np.ndarray, rule: SpikeRule = SPIKE
) -> np.ndarray:
    """1.4826 x the MAD of the non-zero returns at ``idx + offsets`` of the same series (the
    spike check's robust sigma, :class:`rotation.inputs.validate.SpikeRule`)."""
    n = len(r)
    pos = idx[:, None] + offsets[None, :]
    inside = (pos >= 0) & (pos < n)
    pos = np.clip(pos, 0, n - 1)
    inside &= codes[pos] == codes[idx][:, None]
    w = np.where(inside, r[pos], np.nan)
    w[w == 0] = np.nan
    enough = np.sum(~np.isnan(w), axis=1) >= rule.min_obs
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        med = np.nanmedian(w, axis=1)
        mad = np.nanmedian(np.abs(w - med[:, None]), axis=1)
    return np.where(enough, np.maximum(1.4826 * mad, rule.sigma_floor), rule.sigma_unknown)


def _frame(
    df: pd.DataFrame, kind: str, idx: np.ndarray, c: np.ndarray, r: np.ndarray, **cols
) -> pd.DataFrame:
    n = len(df)
    nxt = np.where(idx + 1 < n, idx + 1, idx)
    same_next = (idx + 1 < n) & (df["ticker"].to_numpy()[nxt] == df["ticker"].to_numpy()[idx])
    out = {
        "ticker": df["ticker"].iloc[idx].astype(str).to_numpy(),
        "date": df["date"].iloc[idx].to_numpy(),
        "kind": kind,
        "before": c[idx - 1],
        "close": c[idx],
        "after": np.where(same_next, c[nxt], np.nan),
        "move": np.expm1(r[idx]),
        "back": np.where(same_next, np.expm1(r[nxt]), np.nan),
        "sigma": np.nan,
        "z": np.nan,
        "other": "",
    }
    out.update(cols)
    return pd.DataFrame(out, columns=COLUMNS)


def last_day_moves(df: pd.DataFrame, rule: PlausibilityRule = PLAUSIBLE) -> pd.DataFrame:
    """The last closes of ``df``'s series whose move no next day can confirm and that is beyond
    ``rule.last_min_move`` and ``rule.last_k_sigma`` robust sigmas of the returns before it."""
    df, codes, c, r = _arrays(df)
    if len(df) < 2:
        return pd.DataFrame(columns=COLUMNS)
    last = np.flatnonzero(np.r_[codes[1:] != codes[:-1], True])
    last = last[(np.abs(np.nan_to_num(r[last])) >= rule.last_min_move) & ~_undoing(r)[last]]
    if not len(last):
        return pd.DataFrame(columns=COLUMNS)
    sigma = robust_sigma(r, codes, last, np.arange(-2 * SPIKE.half_window, 0))
    z = np.abs(r[last]) / sigma
    hit = z >= rule.last_k_sigma
    return _frame(df, "last day", last[hit], c, r, sigma=sigma[hit], z=z[hit])


def level_jumps(df: pd.DataFrame, rule: PlausibilityRule = PLAUSIBLE) -> pd.DataFrame:
    """The days of ``df``'s series (less ``rule.jump_exempt``) with a move of at least
    ``rule.jump_min_move`` and ``rule.jump_k_sigma`` robust sigmas that the next day does not undo
    (a reverting one is a spike, the last day has its own check)."""
    df, codes, c, r = _arrays(df[~df["ticker"].isin(rule.jump_exempt)])
    rn = np.r_[r[1:], np.nan]
    with np.errstate(all="ignore"):
        a = np.abs(r)
        reverts = (np.sign(r) * np.sign(rn) < 0) & (np.abs(r + rn) <= SPIKE.revert * a)
        cand = (a >= rule.jump_min_move) & ~reverts & ~_undoing(r) & ~np.isnan(rn)
    idx = np.flatnonzero(cand)
    if not len(idx):
        return pd.DataFrame(columns=COLUMNS)
    h = SPIKE.half_window
    sigma = robust_sigma(r, codes, idx, np.r_[np.arange(-h, 0), np.arange(1, h + 1)])
    z = a[idx] / sigma
    hit = z >= rule.jump_k_sigma
    return _frame(df, "level jump", idx[hit], c, r, sigma=sigma[hit], z=z[hit])


def against_index(
    fund: pd.DataFrame, index: pd.DataFrame, rule: PlausibilityRule = PLAUSIBLE
) -> pd.DataFrame:
    """The days on which one fund's series (``fund``, one ticker) and its index's (``index``)
    moved apart by at least ``rule.pair_gap``, both returns taken between the same two dates
    (the days both close)."""
    if fund.empty or index.empty:
        return pd.DataFrame(columns=COLUMNS)
    j = (
        fund.set_index("date")["close"]
        .to_frame("f")
        .join(index.set_index("date")["close"].rename("i"), how="inner")
    )
    j = j.sort_index().dropna()
    with np.errstate(all="ignore"):
        lr = np.log(j.where(j > 0)).diff()
    gap = (lr["f"] - lr["i"]).abs()
    hit = gap.index[gap >= rule.pair_gap]
    if not len(hit):
        return pd.DataFrame(columns=COLUMNS)
    pos = j.index.get_indexer(hit)
    return pd.DataFrame(
        {
            "ticker": str(fund["ticker"].iloc[0]),
            "date": hit,
            "kind": "against its index",
            "before": j["f"].to_numpy()[pos - 1],
            "close": j["f"].to_numpy()[pos],
            "after": np.nan,
            "move": np.expm1(lr["f"].to_numpy()[pos]),
            "back": np.expm1(lr["i"].to_numpy()[pos]),
            "sigma": np.nan,
            "z": np.nan,
            "other": str(index["ticker"].iloc[0]),
        },
        columns=COLUMNS,
    )


def as_findings(spikes: pd.DataFrame) -> pd.DataFrame:
    """The spikes of :func:`rotation.inputs.validate.spikes` in the columns of a finding."""
    out = spikes.assign(kind="spike", other="")
    return out[COLUMNS]


FIX = (
    "Check the close against the source, then fix it or fetch the series again (`{fetch}`), or restore "
    "the snapshot; if the move is genuine, declare it in data/price_exceptions.csv with a reason"
)


def _what(s: pd.Series) -> str:
    """One finding in words, with its values."""
    day = pd.Timestamp(s["date"]).date()
    if s["kind"] == "last day":
        return (
            f"implausible move on the series' last day, {s['ticker']} on {day}: close {s['before']:.6g} -> "
            f"{s['close']:.6g} ({s['move']:+.1%}; {s['z']:.0f} x the series' robust daily volatility of "
            f"{s['sigma']:.2%}), and no next day to show whether it reverts"
        )
    if s["kind"] == "level jump":
        return (
            f"level jump in {s['ticker']} on {day} that does not revert: close {s['before']:.6g} -> "
            f"{s['close']:.6g} ({s['move']:+.1%}; {s['z']:.0f} x the series' robust daily volatility of "
            f"{s['sigma']:.2%}); a fund or an index does not move that much in a day (an unadjusted split, "
            "a re-based or another instrument's series?)"
        )
    return (
        f"{s['ticker']} moved against its index {s['other']} on {day}: {s['ticker']} {s['move']:+.1%} "
        f"(close {s['before']:.6g} -> {s['close']:.6g}), {s['other']} {s['back']:+.1%}, a gap of "
        f"{abs(np.log1p(s['move']) - np.log1p(s['back'])):.1%} (declared pair, data/price_pairs.csv)"
    )


def describe(found: pd.DataFrame, name: str, fetch: str) -> str:
    """The message for the findings ``found`` in file ``name``: the first one in full with its
    values and what to do (``fetch``: the command that fetches the series again), the rest counted."""
    s = found.iloc[0]
    if s["kind"] == "spike":
        return describe_spikes(found, name, fetch)
    more = ""
    if len(found) > 1:
        others = ", ".join(
            f"{t} on {pd.Timestamp(d).date()}" for t, d in zip(found["ticker"][1:6], found["date"][1:6])
        )
        more = f" ({len(found) - 1} more: {others}{', …' if len(found) > 6 else ''})"
    return f"{name}: {_what(s)}{more}. " + FIX.format(fetch=fetch) + "."


__all__ = [
    "COLUMNS",
    "PLAUSIBLE",
    "SPIKE_FIX",
    "PlausibilityRule",
    "against_index",
    "as_findings",
    "describe",
    "last_day_moves",
    "level_jumps",
    "robust_sigma",
]
