"""Fund flows summed over weeks and windows: the daily panel, weekly sums with their coverage,
bounds for what missing days could change, and the sums by sector.

Conventions
-----------
- Flows are **USD** (not USD bn); a positive flow is a net creation (inflow). Percent-of-assets
  columns (added by :mod:`rotation.analysis.aum`) end in ``_pct`` and are **percent** (1.0 = 1 %); coverage
  is a **fraction** of days.
- Days are **trading days** of a calendar passed in by the caller (the dates of the ETF price
  panel); rows of the flow file on exchange holidays are dropped, and a flow reported on a
  non-trading day is an error.
- A missing daily flow is **missing, never zero**. A week's ``flow_usd`` is the sum of its daily
  flows only when every trading day of the week has data; otherwise it is NaN, and the frame
  keeps what was observed (``observed_usd``, ``days_observed`` of ``days``, ``coverage``) and,
  on request, bounds (:func:`with_bounds`) that say what the missing days could change.
- Weeks are labelled by their last calendar day: ``anchor="FRI"`` (Saturday..Friday, the ETF
  convention) or ``anchor="WED"`` (Thursday..Wednesday, the week most fund-flow providers
  report). A week whose anchor day is a holiday keeps the anchor date as its label.

The other questions asked of the flows have their own modules: assets under management, flows as
percent of assets and flows implied by share counts in :mod:`rotation.analysis.aum`; streaks, records and
ranks in :mod:`rotation.analysis.flow_records`; whether flows chase returns in :mod:`rotation.analysis.chase`. The
figures are in :mod:`rotation.plots`. Sums over days with gaps are bounded by
:func:`rotation.analysis.stats.gap_bounds`.
"""

from __future__ import annotations

import pandas as pd

from ..errors import DataNotFoundError, DataValidationError
from .aum import aum_history, percent_of_aum
from .stats import gap_bounds

ANCHORS = {"FRI": "W-FRI", "WED": "W-WED"}
GOLD_MINERS = "gold_miners"
INDUSTRY = "industry"
SECTOR = "sector"


# --------------------------------------------------------------------------------------------
# daily panel and weekly sums
# --------------------------------------------------------------------------------------------
def _freq(anchor: str) -> str:
    try:
        return ANCHORS[anchor.upper()]
    except KeyError:
        raise ValueError(f"unknown week anchor {anchor!r}; use one of {sorted(ANCHORS)}") from None


def week_end(dates: pd.DatetimeIndex | pd.Series, anchor: str = "FRI") -> pd.DatetimeIndex:
    """Label (last calendar day, e.g. the Friday) of the week holding each date."""
    idx = pd.DatetimeIndex(dates)
    return pd.DatetimeIndex(idx.to_period(_freq(anchor)).end_time.normalize(), name="week_end")


def last_week_end(date, anchor: str = "FRI") -> pd.Timestamp:
    """The label of the last week that ends on or before ``date`` (for "the week to Friday
    2026-01-30" with Wednesday weeks: Wednesday 2026-01-28)."""
    d = pd.Timestamp(date)
    label = week_end(pd.DatetimeIndex([d]), anchor)[0]
    return label if label <= d else label - pd.Timedelta(days=7)


def week_ends(end, n: int, anchor: str = "FRI") -> pd.DatetimeIndex:
    """The ``n`` week labels ending with the week that holds ``end`` (oldest first)."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    last = week_end(pd.DatetimeIndex([pd.Timestamp(end)]), anchor)[0]
    return pd.DatetimeIndex(pd.date_range(end=last, periods=n, freq=_freq(anchor)), name="week_end")


def daily_panel(flows: pd.DataFrame, calendar: pd.DatetimeIndex, anchor: str = "FRI") -> pd.DataFrame:
    """Wide daily flows (USD): index = every trading day of ``calendar`` in the weeks that the
    data touch, columns = tickers; NaN where the file has no flow for that day (or no row).

    ``flows`` is long (``date, ticker, flow_usd``, as :func:`rotation.inputs.data.etf_flows`). The index
    runs from the first trading day of the first week to the last trading day of the last week,
    so days before the data start or after its end are present and missing. Raises
    :class:`DataValidationError` if a non-empty flow falls on a day that is not in ``calendar``
    and :class:`DataNotFoundError` if ``calendar`` does not start before the first week or ends
    before the last flow.
    """
    if flows.empty:
        raise DataNotFoundError("no flows: the frame is empty")
    wide = flows.pivot(index="date", columns="ticker", values="flow_usd").astype("float64")
    wide.columns = wide.columns.astype(str)
    cal = pd.DatetimeIndex(calendar).sort_values().unique()
    off = wide.index.difference(cal)
    bad = wide.loc[off].notna().any(axis=1)
    if bad.any():
        days = [d.date().isoformat() for d in bad.index[bad]]
        raise DataValidationError(
            f"flows reported on non-trading day(s) {days}: check the calendar or the flow file"
        )
    weeks = week_end(wide.index, anchor)
    lo = weeks.min() - pd.Timedelta(days=6)  # first calendar day of the first week
    hi = weeks.max()
    if cal.min() > lo or cal.max() < wide.index.max():  # must start before the first week
        raise DataNotFoundError(
            f"the trading calendar ({cal.min().date()}..{cal.max().date()}) does not cover the flow weeks "
            f"{lo.date()}..{hi.date()}: pass the dates of a longer price history"
        )
    days = cal[(cal >= lo) & (cal <= hi)]
    out = wide.reindex(days)
    out.index.name = "date"
    out.columns.name = "ticker"
    return out


def weekly(daily: pd.DataFrame, anchor: str = "FRI") -> pd.DataFrame:
    """Weekly flows per ticker from a :func:`daily_panel` (USD), long format.

    Columns: ``week_end, ticker, flow_usd`` (NaN unless every trading day has data),
    ``observed_usd`` (sum of the days with data; NaN if none), ``days`` (trading days in the
    week), ``days_observed``, ``coverage`` (fraction of days observed), ``first_day`` and
    ``last_day`` (the week's first and last trading day).
    """
    weeks = week_end(daily.index, anchor)
    g = daily.groupby(weeks)
    observed = g.sum(min_count=1)
    n_obs = g.count()
    n_days = g.size()
    full = observed.where(n_obs.eq(n_days, axis=0))
    dates = pd.Series(daily.index, index=daily.index)
    first = dates.groupby(weeks).min()
    last = dates.groupby(weeks).max()
    long = pd.DataFrame(
        {
            "flow_usd": full.stack(future_stack=True),
            "observed_usd": observed.stack(future_stack=True),
            "days_observed": n_obs.stack(future_stack=True).astype("int64"),
        }
    )
    long.index.names = ["week_end", "ticker"]
    long = long.reset_index()
    long["days"] = long["week_end"].map(n_days).astype("int64")
    long["coverage"] = long["days_observed"] / long["days"]
    long["first_day"] = long["week_end"].map(first)
    long["last_day"] = long["week_end"].map(last)
    cols = [
        "week_end",
        "ticker",
        "flow_usd",
        "observed_usd",
        "days",
        "days_observed",
        "coverage",
        "first_day",
        "last_day",
    ]
    return long[cols].sort_values(["ticker", "week_end"]).reset_index(drop=True)


def daily_cap(daily: pd.DataFrame) -> pd.Series:
    """Largest absolute daily flow of each ticker in the data (USD): the bound that
    :func:`with_bounds` assumes for a missing day. Raises if a ticker has no data at all."""
    cap = daily.abs().max()
    empty = cap.index[cap.isna()].tolist()
    if empty:
        raise DataNotFoundError(f"ticker(s) {empty} have no daily flow at all: no bound can be set")
    return cap.rename("cap_usd")


def with_bounds(weekly_flows: pd.DataFrame, cap: pd.Series) -> pd.DataFrame:
    """Add ``low_usd`` and ``high_usd``: the week's flow if each missing day lay anywhere in
    ``[-cap, +cap]`` (USD per day, per ticker; see :func:`daily_cap`). For a complete week both
    equal ``flow_usd``. The bounds are only as good as the cap: they are plausible ranges, not
    hard limits."""
    missing = [t for t in weekly_flows["ticker"].unique() if t not in cap.index]
    if missing:
        raise KeyError(f"no daily cap for ticker(s) {missing}")
    out = weekly_flows.copy()
    c = out["ticker"].map(cap).astype("float64")
    out["low_usd"], out["high_usd"] = gap_bounds(out["observed_usd"], out["days"] - out["days_observed"], c)
    return out


# --------------------------------------------------------------------------------------------
# sectors
# --------------------------------------------------------------------------------------------
def sector_map(funds: pd.DataFrame, *, gold_miners: bool = False, industry: bool = False) -> pd.Series:
    """Ticker -> sector of the funds that make up each sector (``data/flow_funds.csv``).

    Always the Select Sector SPDRs (``kind == "sector"``); with ``gold_miners`` also GDX/GDXJ
    in Materials (``kind == "gold_miners"``); with ``industry`` also single-industry funds such
    as SOXX (Information Technology) and IBB (Health Care). Thematic funds never count.
    """
    need = {"ticker", "sector", "kind"}
    if not need <= set(funds.columns):
        raise DataValidationError(
            f"fund table lacks columns {sorted(need - set(funds.columns))}; see data/flow_funds.csv"
        )
    kinds = {SECTOR} | ({GOLD_MINERS} if gold_miners else set()) | ({INDUSTRY} if industry else set())
    sel = funds[funds["kind"].isin(kinds) & funds["sector"].notna()]
    return pd.Series(
        sel["sector"].astype(str).to_numpy(), index=sel["ticker"].astype(str).to_numpy(), name="sector"
    ).rename_axis("ticker")


def by_sector(weekly_flows: pd.DataFrame, mapping: pd.Series) -> pd.DataFrame:
    """Sum weekly ticker flows into sectors (USD), long format ``week_end, sector``.

    ``flow_usd`` is NaN unless every member fund has every day of the week; ``observed_usd``,
    ``fund_days`` / ``fund_days_observed`` / ``coverage`` say what was seen, ``funds`` how many
    funds make the sector; ``low_usd`` / ``high_usd`` are summed when present. Raises if a
    mapped ticker is absent from the flows.
    """
    absent = sorted(set(mapping.index) - set(weekly_flows["ticker"]))
    if absent:
        raise DataNotFoundError(f"mapped fund(s) {absent} are not in the flow data")
    df = weekly_flows[weekly_flows["ticker"].isin(mapping.index)].copy()
    df["sector"] = df["ticker"].map(mapping)
    df["complete"] = df["days_observed"].eq(df["days"])
    g = df.groupby(["week_end", "sector"])
    out = pd.DataFrame(
        {
            "observed_usd": g["observed_usd"].sum(min_count=1),
            "fund_days": g["days"].sum(),
            "fund_days_observed": g["days_observed"].sum(),
            "funds": g["ticker"].nunique(),
            "complete": g["complete"].all(),
            "first_day": g["first_day"].min(),
            "last_day": g["last_day"].max(),
        }
    )
    for col in ("low_usd", "high_usd"):
        if col in df:
            out[col] = g[col].sum()
    out["flow_usd"] = out["observed_usd"].where(out["complete"])
    out["coverage"] = out["fund_days_observed"] / out["fund_days"]
    cols = [
        "flow_usd",
        "observed_usd",
        "coverage",
        "fund_days",
        "fund_days_observed",
        "funds",
        "first_day",
        "last_day",
    ]
    cols += [c for c in ("low_usd", "high_usd") if c in out]
    return out[cols].reset_index()


# --------------------------------------------------------------------------------------------
# one call per table of the notebook
# --------------------------------------------------------------------------------------------
def sector_weeks(
    flows: pd.DataFrame,
    calendar: pd.DatetimeIndex,
    mapping: pd.Series,
    *,
    anchor: str = "FRI",
    closes: pd.DataFrame | None = None,
    anchor_aum: pd.Series | None = None,
    anchor_date=None,
) -> pd.DataFrame:
    """Weekly sector flows (USD) with coverage and bounds, and, when ``closes`` and the AUM
    anchor are given, ``flow_pct`` / ``observed_pct`` (percent of start-of-week AUM).

    Chains :func:`daily_panel`, :func:`weekly`, :func:`with_bounds` (cap: each fund's largest
    absolute daily flow), :func:`by_sector`, :func:`rotation.analysis.aum.aum_history` and
    :func:`rotation.analysis.aum.percent_of_aum`.
    """
    daily = daily_panel(flows[flows["ticker"].isin(mapping.index)], calendar, anchor)
    wk = with_bounds(weekly(daily, anchor), daily_cap(daily))
    sec = by_sector(wk, mapping)
    if closes is None:
        return sec
    if anchor_aum is None or anchor_date is None:
        raise ValueError("percent of AUM needs anchor_aum and anchor_date with the closes")
    aum = aum_history(daily, closes, anchor_aum[list(mapping.index)], anchor_date)
    return percent_of_aum(sec, aum, key="sector", mapping=mapping)


def coverage(flows: pd.DataFrame, calendar: pd.DatetimeIndex, tickers: list[str]) -> pd.DataFrame:
    """Per fund: trading days from the first to the last day with any flow in the file,
    days with a flow, days missing, and the share missing (fraction)."""
    daily = flows.pivot(index="date", columns="ticker", values="flow_usd")
    any_day = daily.notna().any(axis=1)
    span = pd.DatetimeIndex(calendar)
    span = span[(span >= daily.index[any_day].min()) & (span <= daily.index[any_day].max())]
    d = daily.reindex(span)[tickers]
    out = pd.DataFrame({"trading_days": len(span), "with_flow": d.count()})
    out["missing"] = out["trading_days"] - out["with_flow"]
    out["missing_share"] = out["missing"] / out["trading_days"]
    out.index.name = "ticker"
    return out


def week_row(sectors: pd.DataFrame, sector: str, week) -> pd.Series:
    """One sector's row for the week labelled ``week``; raises naming the weeks available."""
    w = sectors[(sectors["sector"] == sector) & (sectors["week_end"] == pd.Timestamp(week))]
    if w.empty:
        raise KeyError(
            f"no week {pd.Timestamp(week).date()} for {sector!r}; weeks "
            f"{sectors['week_end'].min().date()}..{sectors['week_end'].max().date()}"
        )
    return w.iloc[0]


def sector_series(sectors: pd.DataFrame, sector: str) -> pd.DataFrame:
    """One sector's weeks indexed by ``week_end``, weeks with no observation dropped."""
    s = sectors[sectors["sector"] == sector].set_index("week_end").sort_index()
    return s[s["observed_usd"].notna()]


# --------------------------------------------------------------------------------------------
# net flow over a window of days
# --------------------------------------------------------------------------------------------
def window_sums(
    flows: pd.DataFrame, calendar: pd.DatetimeIndex, tickers: list[str], start, end
) -> pd.DataFrame:
    """Net flow of each fund over the trading days ``[start, end]`` (USD): ``flow_usd`` (NaN
    unless every day has data), ``observed_usd``, ``days``, ``days_observed``, and ``low_usd`` /
    ``high_usd`` with each missing day bounded by the fund's largest absolute daily flow."""
    cal = pd.DatetimeIndex(calendar)
    span = cal[(cal >= pd.Timestamp(start)) & (cal <= pd.Timestamp(end))]
    wide = flows[flows["ticker"].isin(tickers)].pivot(index="date", columns="ticker", values="flow_usd")
    cap = daily_cap(wide)
    d = wide.reindex(span)[tickers]
    out = pd.DataFrame({"observed_usd": d.sum(min_count=1), "days": len(span), "days_observed": d.count()})
    out["flow_usd"] = out["observed_usd"].where(out["days_observed"] == out["days"])
    out["low_usd"], out["high_usd"] = gap_bounds(
        out["observed_usd"], out["days"] - out["days_observed"], cap[tickers]
    )
    out.index.name = "ticker"
    return out[["flow_usd", "observed_usd", "days", "days_observed", "low_usd", "high_usd"]]


def window_bounds_text(sums: pd.DataFrame, digits: int = 2) -> pd.Series:
    """One cell of text per fund from :func:`window_sums` (USD -> USD bn): the sum if every day
    is observed, else the observed part, the range its missing days allow and the days seen,
    e.g. ``"+0.12 (-0.30 … +0.55; 17 of 20 days)"``. Missing days are never read as zero."""

    def one(r) -> str:
        if r["days_observed"] == r["days"]:
            return f"{r['flow_usd'] / 1e9:+.{digits}f}"
        seen = "no day" if r["days_observed"] == 0 else f"{r['observed_usd'] / 1e9:+.{digits}f}"
        return (
            f"{seen} ({r['low_usd'] / 1e9:+.{digits}f} … {r['high_usd'] / 1e9:+.{digits}f}; "
            f"{int(r['days_observed'])} of {int(r['days'])} days)"
        )

    return sums.apply(one, axis=1)


# --------------------------------------------------------------------------------------------
# the notebook's frames and tables in one call each
# --------------------------------------------------------------------------------------------
#: the week definitions of the sector-flow notebook, in the order its tables show them
DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("FRI", "narrow"),
    ("WED", "narrow"),
    ("FRI", "widened"),
    ("WED", "widened"),
)


def week_frames(
    flows: pd.DataFrame,
    calendar: pd.DatetimeIndex,
    narrow: pd.Series,
    wide: pd.Series,
    *,
    closes: pd.DataFrame,
    anchor_aum: pd.Series,
    anchor_date,
) -> dict[tuple[str, str], pd.DataFrame]:
    """:func:`sector_weeks` for every definition of :data:`DEFINITIONS`, keyed ``(anchor, funds)``:
    Friday- and Wednesday-ended weeks of the ``narrow`` fund set (with ``flow_pct``, percent of
    start-of-week AUM, from ``closes`` and the AUM on ``anchor_date``) and of the ``wide`` one
    (USD only)."""
    pct = {"closes": closes, "anchor_aum": anchor_aum, "anchor_date": anchor_date}
    return {
        (a, f): sector_weeks(
            flows, calendar, narrow if f == "narrow" else wide, anchor=a, **(pct if f == "narrow" else {})
        )
        for a, f in DEFINITIONS
    }


def weeks_in(start, end, anchor: str = "FRI") -> int:
    """How many weeks (labelled as in :func:`week_end`) the days ``start`` … ``end`` touch: the
    window 2025-12-08 … 2026-01-30 holds eight Friday-ended weeks."""
    first, last = week_end(pd.DatetimeIndex([pd.Timestamp(start), pd.Timestamp(end)]), anchor)
    if first > last:
        raise ValueError(
            f"window start {pd.Timestamp(start).date()} is after its end {pd.Timestamp(end).date()}"
        )
    return len(pd.date_range(first, last, freq=_freq(anchor)))


def coverage_facts(flows: pd.DataFrame, cov: pd.DataFrame) -> dict[str, object]:
    """The facts a reader needs about the flow file and the funds' coverage (:func:`coverage`):
    ``k`` ETFs in the file, its first and last day with data (``a``, ``b``, ISO dates), ``n``
    trading days, the fund missing the most days (``worst``, ``m`` days) and how many funds
    have a flow every day (``full``)."""
    seen = flows.dropna()["date"]
    return {
        "k": int(flows["ticker"].nunique()),
        "a": str(seen.min().date()),
        "b": str(seen.max().date()),
        "n": int(cov["trading_days"].iloc[0]),
        "worst": str(cov["missing"].idxmax()),
        "m": int(cov["missing"].max()),
        "full": int((cov["missing"] == 0).sum()),
    }


def heatmap_facts(weeks: pd.DataFrame, threshold_pct: float = 5.0) -> dict[str, object]:
    """What a weekly heatmap of ``flow_pct`` (percent of AUM, :func:`sector_weeks` with AUM) shows:
    ``s`` of the ``n`` complete sector-weeks moved more than ``threshold_pct`` percent of assets,
    the largest (``sec``, week ``w``, ``v`` percent), and the sector with the most blank weeks
    (``b``: ``k`` of ``m`` weeks)."""
    pct = weeks.dropna(subset=["flow_pct"])
    blank = weeks[weeks["flow_usd"].isna()].groupby("sector").size()
    big = pct.loc[pct["flow_pct"].abs().idxmax()]
    return {
        "s": int((pct["flow_pct"].abs() > threshold_pct).sum()),
        "n": len(pct),
        "sec": big["sector"],
        "w": str(pd.Timestamp(big["week_end"]).date()),
        "v": float(big["flow_pct"]),
        "b": blank.idxmax() if len(blank) else "none",
        "k": int(blank.max()) if len(blank) else 0,
        "m": int(weeks["week_end"].nunique()),
    }


def monthly_sums(
    flows: pd.DataFrame, calendar: pd.DatetimeIndex, tickers: list[str], start, end
) -> dict[str, pd.DataFrame]:
    """:func:`window_sums` for each calendar month from ``start``'s to ``end``'s, keyed
    ``"YYYY-MM"`` (USD, with the bounds of missing days)."""
    return {
        m.strftime("%Y-%m"): window_sums(flows, calendar, tickers, m.start_time, m.end_time.normalize())
        for m in pd.period_range(start, end, freq="M")
    }


def trailing_month_sums(
    flows: pd.DataFrame, calendar: pd.DatetimeIndex, tickers: list[str], ends
) -> dict[str, pd.DataFrame]:
    """:func:`window_sums` over the month to each day of ``ends`` (from the day after the same
    date a month earlier), keyed by the ISO end date."""
    return {
        str(pd.Timestamp(e).date()): window_sums(
            flows, calendar, tickers, pd.Timestamp(e) - pd.DateOffset(months=1) + pd.Timedelta(days=1), e
        )
        for e in ends
    }


def inside_sums(sums: dict[str, pd.DataFrame], published_bn: pd.Series) -> dict[str, bool]:
    """For each fund of ``published_bn`` (USD bn, by ticker): whether its published figure lies
    between the lowest ``low_usd`` and the highest ``high_usd`` of the :func:`window_sums` frames
    in ``sums`` (several candidate windows of one unstated period)."""
    return {
        t: min(v.at[t, "low_usd"] for v in sums.values()) / 1e9
        <= float(published_bn[t])
        <= max(v.at[t, "high_usd"] for v in sums.values()) / 1e9
        for t in published_bn.index
    }
