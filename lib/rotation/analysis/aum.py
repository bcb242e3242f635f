"""Fund assets: assets under management (AUM) from shares outstanding × price and rolled through
the daily flows, weekly flows as a percent of start-of-week AUM, and the flows that changes in
shares outstanding imply.

Units: AUM and flows in **USD** (not USD bn), share counts in shares, prices in USD per share;
columns ending in ``_pct`` are **percent** (1.0 = 1 %). A missing flow is never read as zero: the
AUM roll counts the missing days it crosses (``unknown_flow_days``). The weekly frames come from
:mod:`rotation.analysis.flows`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataNotFoundError


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
    (ticker -> sector) and a frame from :func:`rotation.analysis.flows.by_sector`; the sector's AUM is the sum over its
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


def implied_gap(shares: pd.DataFrame, flows: pd.DataFrame, tickers) -> tuple[int, float]:
    """How well share counts reproduce reported flows: the number of fund-days of ``tickers``
    with both an implied flow (:func:`implied_flows`, lag 0) and a reported one (``flows``: long
    ``date, ticker, flow_usd``), and the largest gap as a fraction of the reported flow (flows
    under USD 1 mn count as USD 1 mn, so a near-zero day cannot dominate)."""
    imp = (
        implied_flows(shares[shares["ticker"].isin(list(tickers))])
        .merge(flows, on=["date", "ticker"])
        .dropna()
    )
    if imp.empty:
        raise DataNotFoundError(
            f"no fund-day of {list(tickers)} has both a share-count change and a reported flow"
        )
    gap = (imp["implied_flow_usd"] - imp["flow_usd"]).abs() / imp["flow_usd"].abs().clip(lower=1e6)
    return len(imp), float(gap.max())
