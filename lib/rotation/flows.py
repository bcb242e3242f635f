"""Fund flows: weekly sums with their coverage, percent of assets, streaks, records, and flows
implied by share counts.

Conventions
-----------
- Flows are **USD** (not USD bn); a positive flow is a net creation (inflow). Percent-of-assets
  columns end in ``_pct`` and are **percent** (1.0 = 1 %). Returns are **fractions** unless the
  name ends in ``_pct``.
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

Figures stay beside the analysis they draw (the ``plot_*`` functions at the end), as in
:mod:`rotation.earnings` and :mod:`rotation.consensus`; :mod:`rotation.plots` holds the shared
helpers. Sums over days with gaps are bounded by :func:`rotation.stats.gap_bounds`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import DataNotFoundError, DataValidationError
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

    ``flows`` is long (``date, ticker, flow_usd``, as :func:`rotation.data.etf_flows`). The index
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
# assets under management
# --------------------------------------------------------------------------------------------
def aum_from_shares(shares: pd.DataFrame, date) -> pd.Series:
    """AUM per ticker on ``date`` as shares outstanding × price (USD), from the long
    ``date, ticker, shares, price`` frame. Raises naming the tickers without both numbers."""
    day = shares[shares["date"] == pd.Timestamp(date)].set_index("ticker")
    aum = (day["shares"] * day["price"]).astype("float64")
    bad = aum.index[aum.isna()].tolist()
    if day.empty or bad:
        raise DataNotFoundError(f"no shares × price on {pd.Timestamp(date).date()} for {bad or 'any ticker'}")
    aum.index = aum.index.astype(str)
    return aum.rename("aum_usd")


def aum_history(
    daily: pd.DataFrame, closes: pd.DataFrame, anchor_aum: pd.Series, anchor_date
) -> pd.DataFrame:
    """Daily AUM per ticker (USD) rolled backward and forward from ``anchor_aum`` on
    ``anchor_date`` with the daily flows and the adjusted closes.

    With ``A`` the adjusted close and ``F`` the day's flow, AUM follows
    ``AUM_t = AUM_{t-1} · A_t / A_{t-1} + F_t``, hence
    ``AUM_t = A_t · (AUM_T / A_T − Σ_{t<s≤T} F_s / A_s)`` before the anchor ``T`` (and ``+ Σ``
    after it). A missing flow contributes nothing to the sum and is **counted**: the long result
    (``date, ticker, aum_usd, unknown_flow_days``) says how many missing days lie between each
    date and the anchor, so the AUM there is uncertain by up to that many days' flows.
    Adjusted closes make this a total-return roll: distributions paid out are not subtracted
    (about 0.3–0.5 % of AUM a quarter for sector funds), so AUM before an ex-date is
    understated by that much.
    """
    tickers = list(anchor_aum.index)
    miss = [t for t in tickers if t not in daily.columns or t not in closes.columns]
    if miss:
        raise DataNotFoundError(f"ticker(s) {miss} lack flows or prices for the AUM roll")
    T = pd.Timestamp(anchor_date)
    days = daily.index
    if T not in days:
        raise DataNotFoundError(f"anchor date {T.date()} is not a trading day of the flow panel")
    A = closes[tickers].reindex(days)
    if A.isna().any().any():
        gaps = A.columns[A.isna().any()].tolist()
        raise DataNotFoundError(f"adjusted closes missing on flow days for {gaps}")
    F = daily[tickers]
    per_share = (F / A).fillna(0.0)
    unknown = F.isna().astype("int64")
    before = days <= T
    # backward: sum over s in (t, T]  = (reverse cumsum up to T) - own term
    back_sum = per_share[before][::-1].cumsum()[::-1] - per_share[before]
    back_unknown = unknown[before][::-1].cumsum()[::-1] - unknown[before]
    fwd_sum = per_share[~before].cumsum()
    fwd_unknown = unknown[~before].cumsum()
    base = anchor_aum[tickers] / A.loc[T]
    x = pd.concat([base - back_sum, base + fwd_sum])
    aum = A * x
    n_unknown = pd.concat([back_unknown, fwd_unknown])
    out = pd.DataFrame({"aum_usd": aum.stack(), "unknown_flow_days": n_unknown.stack()}).reset_index()
    out.columns = ["date", "ticker", "aum_usd", "unknown_flow_days"]
    return out


def percent_of_aum(
    weekly_flows: pd.DataFrame, aum: pd.DataFrame, key: str = "ticker", mapping: pd.Series | None = None
) -> pd.DataFrame:
    """Add ``flow_pct`` and ``observed_pct``: the week's flow as a percent of AUM at the close
    before the week's first trading day (start-of-week assets).

    ``aum`` is the long output of :func:`aum_history`. For ``key="sector"`` pass ``mapping``
    (ticker -> sector) and a frame from :func:`by_sector`; the sector's AUM is the sum over its
    funds. The first week of the AUM roll has no close before it, so its percents are NaN (its
    flows are incomplete anyway when the data start inside it). Raises if a fund has no AUM or a
    later week with a flow has no AUM before it.
    """
    wide = aum.pivot(index="date", columns="ticker", values="aum_usd")
    if key == "sector":
        if mapping is None:
            raise ValueError("percent_of_aum(key='sector') needs the ticker -> sector mapping")
        absent = sorted(set(mapping.index) - set(wide.columns))
        if absent or wide[list(mapping.index)].isna().any().any():
            raise DataNotFoundError(f"AUM missing for mapped fund(s) {absent or 'on some days'}")
        wide = wide[list(mapping.index)].T.groupby(mapping).sum().T
    prior = wide.shift(1)
    out = weekly_flows.copy()
    stacked = prior.stack()
    idx = pd.MultiIndex.from_arrays([out["first_day"], out[key]])
    base = stacked.reindex(idx).to_numpy()
    out["aum_start_usd"] = base
    lacking = out["observed_usd"].notna() & out["first_day"].gt(wide.index.min()) & np.isnan(base)
    if lacking.any():
        sample = out.loc[lacking, ["week_end", key]].head(3).to_dict("records")
        raise DataNotFoundError(f"no AUM before the start of week(s) {sample}: extend the AUM roll")
    out["flow_pct"] = out["flow_usd"] / out["aum_start_usd"] * 100.0
    out["observed_pct"] = out["observed_usd"] / out["aum_start_usd"] * 100.0
    return out


# --------------------------------------------------------------------------------------------
# streaks, "k of the last n weeks", records
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignCount:
    """How many of ``n`` weeks had a flow of the asked sign, given what the data show."""

    n: int  #: weeks asked about
    covered: int  #: weeks with every day observed
    partial: int  #: weeks with some days observed
    absent: int  #: weeks with no observation at all (e.g. before the data start)
    certain: int  #: weeks whose flow (or whole bound range) has the sign
    certain_not: int  #: weeks whose flow (or whole bound range) has the other sign
    k_min: int  #: fewest weeks with the sign consistent with the data
    k_max: int  #: most weeks with the sign consistent with the data

    def possible(self, k: int) -> bool:
        """Whether exactly ``k`` weeks of the sign is consistent with the data."""
        return self.k_min <= k <= self.k_max


def count_sign(weeks: pd.DataFrame, labels: pd.DatetimeIndex, sign: int = -1) -> SignCount:
    """Count weeks of outflows (``sign=-1``) or inflows (``+1``) among ``labels``.

    ``weeks`` holds one series's weekly rows indexed by ``week_end`` with ``flow_usd``,
    ``observed_usd`` and, for partial weeks, ``low_usd`` / ``high_usd`` (see
    :func:`with_bounds`). A complete week counts by its sign; a partial week counts as certain
    only if its whole bound range has that sign; a week absent from the data is unknown.
    A zero flow is neither sign.
    """
    if sign not in (-1, 1):
        raise ValueError("sign must be -1 (outflows) or +1 (inflows)")
    w = weeks.reindex(labels)
    full = w["flow_usd"].notna()
    seen = w["observed_usd"].notna() & ~full
    absent = ~(full | seen)
    v = w["flow_usd"] * sign
    if seen.any() and not {"low_usd", "high_usd"} <= set(w.columns):
        raise ValueError("partial weeks need low_usd/high_usd bounds: call with_bounds() first")
    lo = (w["low_usd"] if sign == 1 else -w["high_usd"]) if seen.any() else pd.Series(np.nan, index=w.index)
    hi = (w["high_usd"] if sign == 1 else -w["low_usd"]) if seen.any() else pd.Series(np.nan, index=w.index)
    yes = (full & (v > 0)) | (seen & (lo > 0))
    no = (full & (v <= 0)) | (seen & (hi <= 0))
    n = len(labels)
    return SignCount(
        n=n,
        covered=int(full.sum()),
        partial=int(seen.sum()),
        absent=int(absent.sum()),
        certain=int(yes.sum()),
        certain_not=int(no.sum()),
        k_min=int(yes.sum()),
        k_max=int(n - no.sum()),
    )


def record_status(weeks: pd.DataFrame, at) -> str:
    """Whether the week ``at`` holds the largest weekly inflow so far in the data.

    ``weeks`` is indexed by ``week_end`` with ``low_usd`` and ``high_usd`` (equal to the flow for
    complete weeks; see :func:`with_bounds`); weeks with no observation should be left out.
    Returns ``"record"`` if the week's lower bound beats every earlier week's upper bound,
    ``"not a record"`` if some earlier week's lower bound reaches its upper bound, else
    ``"undetermined"``. Raises if ``at`` is not in the frame or no earlier week exists.
    """
    at = pd.Timestamp(at)
    if at not in weeks.index:
        raise KeyError(
            f"week {at.date()} is not in the flow weeks ({weeks.index.min().date()}..{weeks.index.max().date()})"
        )
    earlier = weeks[weeks.index < at]
    if earlier.empty:
        raise ValueError(f"no week before {at.date()} in the data: a record cannot be judged")
    if weeks.at[at, "low_usd"] > earlier["high_usd"].max():
        return "record"
    if weeks.at[at, "high_usd"] <= earlier["low_usd"].max():
        return "not a record"
    return "undetermined"


# --------------------------------------------------------------------------------------------
# flows implied by share counts
# --------------------------------------------------------------------------------------------
def implied_flows(shares: pd.DataFrame, lag: int = 0) -> pd.DataFrame:
    """Flows implied by changes in shares outstanding (USD): ``(S_t − S_prev) × P_t``.

    ``shares`` is long ``date, ticker, shares, price`` (shares; USD per share, the quoted price,
    not an adjusted one). ``S_prev`` is the previous row of the same ticker, whatever the gap
    (``days_spanned`` gives the calendar days between them). With ``lag=1`` the change is dated
    one row earlier, for issuers whose share counts trail the trade date by a day. A change
    without a price on its date is NaN (a price is never carried over).
    """
    if lag not in (0, 1):
        raise ValueError("lag must be 0 (shares dated on the trade date) or 1 (a day late)")
    df = shares.sort_values(["ticker", "date"]).reset_index(drop=True)
    g = df.groupby("ticker", sort=False)
    d_shares = g["shares"].diff()
    span = g["date"].diff().dt.days
    out = pd.DataFrame(
        {
            "date": df["date"],
            "ticker": df["ticker"].astype(str),
            "share_change": d_shares,
            "days_spanned": span,
            "implied_flow_usd": d_shares * df["price"],
        }
    )
    if lag == 1:
        shifted = out.groupby("ticker", sort=False)[
            ["share_change", "days_spanned", "implied_flow_usd"]
        ].shift(-1)
        out[["share_change", "days_spanned"]] = shifted[["share_change", "days_spanned"]]
        out["implied_flow_usd"] = shifted["share_change"] * df["price"]
    return out.dropna(subset=["share_change"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# do flows chase returns?
# --------------------------------------------------------------------------------------------
def weekly_returns(closes: pd.DataFrame, anchor: str = "FRI") -> pd.DataFrame:
    """Return of each column over each week (fraction), from the last close of the previous
    week to the last close of the week. Index ``week_end``; the first week is NaN."""
    last = closes.groupby(week_end(closes.index, anchor)).last()
    return last.pct_change(fill_method=None)


def chase_panel(flow_pct: pd.DataFrame, week_returns: pd.DataFrame, month_weeks: int = 4) -> pd.DataFrame:
    """Long panel ``key, week_end, flow_pct, ret_prior_week_pct, ret_prior_month_pct``.

    ``flow_pct`` is wide (week_end × key) flows in percent of AUM; ``week_returns`` wide weekly
    returns (fractions) with the same columns. The prior-week return is the return of the week
    before; the prior-month return compounds the ``month_weeks`` weeks before the week. Weeks
    without a flow (incomplete) are dropped, never filled.
    """
    cols = [c for c in flow_pct.columns if c in week_returns.columns]
    miss = sorted(set(flow_pct.columns) - set(cols))
    if miss:
        raise DataNotFoundError(f"no returns for {miss}")
    r = week_returns[cols]
    prior_week = r.shift(1) * 100.0
    prior_month = ((1.0 + r).rolling(month_weeks).apply(np.prod, raw=True) - 1.0).shift(1) * 100.0
    panel = pd.DataFrame(
        {
            "flow_pct": flow_pct[cols].stack(),
            "ret_prior_week_pct": prior_week.reindex(flow_pct.index).stack(),
            "ret_prior_month_pct": prior_month.reindex(flow_pct.index).stack(),
        }
    )
    panel.index.names = ["week_end", "key"]
    return panel.dropna().reset_index().sort_values(["key", "week_end"]).reset_index(drop=True)


def chase_regression(panel: pd.DataFrame, *, fixed_effects: bool = False, maxlags: int = 2) -> pd.DataFrame:
    """OLS of weekly flow (percent of AUM) on prior-week and prior-month returns (percent), with
    Newey–West (HAC) standard errors computed within each key's time series (statsmodels
    ``cov_type="hac-panel"``, Bartlett kernel, ``maxlags`` weeks). With ``fixed_effects`` each
    key (sector) gets its own intercept. Returns one row per return term: ``coef`` (pp of AUM per
    pp of return), ``se``, ``t``, ``p``, and the fit's ``n``, ``keys``, ``weeks``, ``r2``.
    """
    import statsmodels.formula.api as smf

    if len(panel) < 10:
        raise ValueError(f"only {len(panel)} observations: too few for a regression")
    df = panel.sort_values(["key", "week_end"]).reset_index(drop=True)
    formula = "flow_pct ~ ret_prior_week_pct + ret_prior_month_pct" + (" + C(key)" if fixed_effects else "")
    groups = pd.factorize(df["key"])[0]
    fit = smf.ols(formula, data=df).fit(cov_type="hac-panel", cov_kwds={"groups": groups, "maxlags": maxlags})
    terms = ["ret_prior_week_pct", "ret_prior_month_pct"]
    out = pd.DataFrame(
        {"coef": fit.params[terms], "se": fit.bse[terms], "t": fit.tvalues[terms], "p": fit.pvalues[terms]}
    )
    out["n"] = int(fit.nobs)
    out["keys"] = df["key"].nunique()
    out["weeks"] = df["week_end"].nunique()
    out["r2"] = fit.rsquared
    out.index.name = "term"
    return out


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
    absolute daily flow), :func:`by_sector`, :func:`aum_history` and :func:`percent_of_aum`.
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


#: :func:`record_status` as the ``record`` input of the rules (``None``: the data cannot tell)
RECORD_INPUT: dict[str, bool | None] = {"record": True, "not a record": False, "undetermined": None}


def week_by_definition(frames: dict[tuple[str, str], pd.DataFrame], sector: str, date) -> pd.DataFrame:
    """One sector's week to ``date`` under several definitions of the week and the fund set.

    ``frames`` maps ``(anchor, funds)`` (``"FRI"``/``"WED"`` and a label of the fund set) to a
    :func:`sector_weeks` frame of that anchor. One row per definition, indexed by ``week`` and
    ``funds``: ``week_end`` (the last week ending on or before ``date``), ``first_day``,
    ``flow_usd`` (NaN unless complete), ``observed_usd``, ``low_usd``, ``high_usd`` (USD),
    ``fund_days``, ``fund_days_observed``, ``coverage``, ``record`` (:func:`record_status`, or
    ``"undetermined"`` when no earlier week exists) and ``earlier_weeks`` (weeks before it with
    an observation)."""
    rows = {}
    for (anchor, label), frame in frames.items():
        wk = last_week_end(date, anchor)
        r = week_row(frame, sector, wk)
        series = sector_series(frame, sector)
        earlier = int((series.index < wk).sum())
        rec = record_status(series, wk) if earlier and wk in series.index else "undetermined"
        rows[(anchor, label)] = {
            **r[
                [
                    "week_end",
                    "first_day",
                    "flow_usd",
                    "observed_usd",
                    "low_usd",
                    "high_usd",
                    "fund_days",
                    "fund_days_observed",
                    "coverage",
                ]
            ].to_dict(),
            "record": rec,
            "earlier_weeks": earlier,
        }
    out = pd.DataFrame(rows).T
    out.index.names = ["week", "funds"]
    for c in ("flow_usd", "observed_usd", "low_usd", "high_usd", "coverage"):
        out[c] = out[c].astype("float64")
    for c in ("fund_days", "fund_days_observed", "earlier_weeks"):
        out[c] = out[c].astype("int64")
    return out


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


def rank_of(value: float, others: pd.DataFrame) -> tuple[int, int]:
    """Best and worst rank (1 = largest inflow) that a flow of ``value`` (USD) would take among
    funds with ``low_usd`` / ``high_usd`` bounds (from :func:`window_sums`)."""
    best = 1 + int((others["low_usd"] > value).sum())
    worst = 1 + int((others["high_usd"] > value).sum())
    return best, worst


# --------------------------------------------------------------------------------------------
# figures
# --------------------------------------------------------------------------------------------
def plot_heatmap(sectors: pd.DataFrame, value: str, title: str, source: str, unit: str):
    """Sector × week heatmap of ``value`` (e.g. ``flow_pct``); incomplete weeks are left blank."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from .plots import finish

    grid = sectors.pivot(index="sector", columns="week_end", values=value)
    grid.columns = [d.strftime("%m-%d") for d in grid.columns]
    fig, ax = plt.subplots(figsize=(10, 4.8))
    lim = float(np.nanmax(np.abs(grid.to_numpy())))
    sns.heatmap(
        grid,
        annot=True,
        fmt=".1f",
        cmap="RdBu",
        center=0.0,
        vmin=-lim,
        vmax=lim,
        ax=ax,
        cbar_kws={"label": unit},
        annot_kws={"fontsize": 7},
        linewidths=0.5,
        linecolor="#eeeeee",
    )
    ax.grid(False)
    ax.set_facecolor("#f2f2f2")
    return finish(ax, title, "", source, xlabel="week ending (blank: a fund-day missing)")


def plot_weeks_with_bounds(series: dict[str, pd.DataFrame], title: str, source: str, mark=None):
    """Weekly flows (USD bn) of one or more definitions: a point for the observed sum, a bar for
    the range the missing days allow (complete weeks have no bar)."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from .plots import finish

    frames = []
    for label, s in series.items():
        frames.append(
            pd.DataFrame(
                {
                    "week": s.index.strftime("%m-%d"),
                    "definition": label,
                    "observed": s["observed_usd"] / 1e9,
                    "low": s["low_usd"] / 1e9,
                    "high": s["high_usd"] / 1e9,
                    "complete": s["flow_usd"].notna(),
                }
            )
        )
    df = pd.concat(frames, ignore_index=True)
    fig, ax = plt.subplots(figsize=(9, 4.5))
    sns.pointplot(
        df,
        x="week",
        y="observed",
        hue="definition",
        dodge=0.4,
        linestyle="none",
        markers="o",
        ax=ax,
        errorbar=None,
    )
    offsets = np.linspace(-0.2, 0.2, len(series)) if len(series) > 1 else [0.0]
    weeks = list(dict.fromkeys(df["week"]))
    for off, (label, color) in zip(offsets, zip(series, sns.color_palette(n_colors=len(series)))):
        sub = df[df["definition"] == label]
        x = np.array([weeks.index(w) for w in sub["week"]]) + off
        ax.vlines(x, sub["low"], sub["high"], color=color, alpha=0.5, lw=2)
    ax.axhline(0, color="black", lw=0.8)
    if mark is not None:
        ax.axvline(weeks.index(pd.Timestamp(mark).strftime("%m-%d")), color="#555555", ls=":", lw=1)
    ax.legend(title=None, frameon=False)
    return finish(
        ax,
        title,
        "net flow, USD bn",
        source,
        xlabel="week ending (bar: range if each missing day were ± the fund's largest daily flow)",
    )


def plot_stated_vs_measured(df: pd.DataFrame, title: str, source: str):
    """Stated vs measured flows (USD bn) with a 45-degree line; ``df`` has ``label``,
    ``stated_bn``, ``measured_bn``, ``low_bn``, ``high_bn``."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from .plots import finish

    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    sns.scatterplot(df, x="stated_bn", y="measured_bn", hue="label", s=70, ax=ax)
    ax.vlines(df["stated_bn"], df["low_bn"], df["high_bn"], color="#949494", lw=1.5)
    lo = float(min(df[["stated_bn", "low_bn"]].min().min(), 0) - 0.5)
    hi = float(max(df[["stated_bn", "high_bn"]].max().max(), 0) + 0.5)
    ax.plot([lo, hi], [lo, hi], color="black", lw=0.8, ls="--")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.legend(title=None, frameon=False, fontsize=8)
    return finish(
        ax, title, "measured in US sector ETFs, USD bn", source, xlabel="stated by the article, USD bn"
    )
