"""Who made the index's return: cap-weighted contributions of members, groups (the Magnificent
Seven against the rest), the reconciliation gap to an ETF, and bounds for members without data.

Method. A cap-weighted index held without rebalancing over ``[start, end]`` returns
``R = Σ w_i r_i`` with ``w_i`` the members' market-cap weights at ``start`` and ``r_i`` their
returns; member *i* contributes ``w_i r_i`` and a group's share of the gain is
``Σ_group w_i r_i / R``. Market caps come from one snapshot date and are carried to ``start`` by
each member's adjusted-price ratio (shares outstanding assumed constant in between).

Units: market caps in **USD**; weights, returns and contributions as **fractions** (the ``*_pp``
and ``*_pct`` columns of tables are percentage points and percent).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.tools import add_constant

from .errors import DataNotFoundError, DataValidationError
from .returns import trading_day

#: The Magnificent Seven as the article lists them (Alphabet by its class A shares).
MAG7 = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA"]

#: Constituent-list tickers whose price-panel ticker differs (renamed companies), beyond the
#: class-share dot -> dash rule (BRK.B -> BRK-B).
PRICE_ALIASES = {"BK": "BNY", "MMC": "MRSH", "FI": "FISV"}


def price_ticker(ticker: str) -> str:
    """Price-panel spelling of a constituent-list ticker (``BRK.B`` -> ``BRK-B``, renamed tickers
    mapped by :data:`PRICE_ALIASES`)."""
    return PRICE_ALIASES.get(ticker, ticker.replace(".", "-"))


def one_class_per_company(
    fundamentals: pd.DataFrame, prefer: list[str] | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Keep one share class per company (same ``name``) in ``fundamentals``.

    Yahoo Finance reports the **whole company's** ``marketCap`` on every listed class (GOOG and
    GOOGL both carry Alphabet's), so summing classes would count a company twice. Tickers in
    ``prefer`` win (default :data:`MAG7`), then the alphabetically first. Returns the kept rows
    and the dropped tickers.
    """
    prefer = MAG7 if prefer is None else prefer
    f = fundamentals.assign(_pref=~fundamentals["ticker"].isin(prefer))
    f = f.sort_values(["name", "_pref", "ticker"], kind="stable")
    dup = f.duplicated("name", keep="first")
    dropped = sorted(f.loc[dup, "ticker"].tolist())
    return f.loc[~dup].drop(columns="_pref").reset_index(drop=True), dropped


def caps_on(caps_asof: pd.Series, closes: pd.DataFrame, as_of, on) -> pd.Series:
    """Market caps (USD) carried from ``as_of`` to ``on`` by the adjusted-price ratio.

    ``caps_asof`` is indexed by price-panel ticker. Assumes constant shares outstanding; because
    closes are dividend-adjusted, a dividend payer's earlier cap is understated by roughly the
    dividends paid in between (about its yield per year). Raises naming tickers without a close
    on either day.
    """
    cols = [t for t in caps_asof.index if t in closes.columns]
    absent = sorted(set(caps_asof.index) - set(cols))
    if absent:
        raise DataNotFoundError(f"no price column for {absent}; drop them or extend the panel")
    d_asof, d_on = trading_day(closes.index, as_of), trading_day(closes.index, on)
    ratio = closes.loc[d_on, cols] / closes.loc[d_asof, cols]
    if ratio.isna().any():
        raise DataNotFoundError(
            f"no close on {d_on.date()} or {d_asof.date()} for {ratio.index[ratio.isna()].tolist()}"
        )
    out = caps_asof[cols] * ratio
    out.name = f"market cap on {d_on.date()}, USD"
    return out


def cap_weighted_contributions(closes: pd.DataFrame, caps_start: pd.Series, start, end) -> pd.DataFrame:
    """Per member: ``weight`` at ``start`` (fraction of the summed caps), ``return`` over
    ``[start, end]`` and ``contribution`` = weight × return (fractions). Their sum is the
    buy-and-hold cap-weighted return of these members."""
    cols = list(caps_start.index)
    d0, d1 = trading_day(closes.index, start), trading_day(closes.index, end)
    r = closes.loc[d1, cols] / closes.loc[d0, cols] - 1.0
    if r.isna().any():
        raise DataNotFoundError(f"no close on {d0.date()} or {d1.date()} for {r.index[r.isna()].tolist()}")
    w = caps_start / caps_start.sum()
    return pd.DataFrame({"weight": w, "return": r, "contribution": w * r})


def group_table(contrib: pd.DataFrame, groups: dict[str, list[str]], rest: str = "rest") -> pd.DataFrame:
    """Weight (percent), cap-weighted return (percent), contribution (pp) and share of the total
    gain (percent) of each group and of the members in none of them (``rest``); last row ``all``."""
    seen: set[str] = set()
    labels = pd.Series(rest, index=contrib.index, dtype="string")
    for name, members in groups.items():
        missing = sorted(set(members) - set(contrib.index))
        if missing:
            raise DataNotFoundError(f"group {name!r}: {missing} have no contribution (no cap or price)")
        if seen & set(members):
            raise DataValidationError(f"group {name!r} overlaps another group: {sorted(seen & set(members))}")
        seen |= set(members)
        labels[members] = name
    g = contrib.groupby(labels, sort=False)[["weight", "contribution"]].sum()
    g.loc["all"] = contrib[["weight", "contribution"]].sum()
    total = g.loc["all", "contribution"]
    if total == 0:
        raise DataValidationError("the total contribution is zero: shares of the gain are undefined")
    out = pd.DataFrame(
        {
            "members": contrib.groupby(labels, sort=False)
            .size()
            .reindex(g.index)
            .fillna(len(contrib))
            .astype(int),
            "weight_pct": g["weight"] * 100,
            "return_pct": g["contribution"] / g["weight"] * 100,
            "contribution_pp": g["contribution"] * 100,
            "share_of_gain_pct": g["contribution"] / total * 100,
        }
    )
    out.index.name = "group"
    return out


def impute_caps(
    caps: pd.Series, dollar_volume: pd.Series, targets: list[str], quantile: float = 0.95
) -> pd.DataFrame:
    """Market caps (USD) for ``targets`` predicted from their median daily dollar volume by a
    log–log OLS fitted on the members with both (``caps`` and ``dollar_volume`` indexed by ticker).

    Returns ``cap_fit`` (the fit) and ``cap_high`` (the fit times the ``quantile`` of the
    residual ratio: a generous upper value, not a guarantee). Raises naming targets without
    dollar volume.
    """
    both = pd.concat({"cap": caps, "dv": dollar_volume}, axis=1, join="inner").dropna()
    both = both[(both["cap"] > 0) & (both["dv"] > 0)]
    if len(both) < 30:
        raise DataValidationError(f"only {len(both)} members with cap and dollar volume: too few to fit")
    no_dv = [t for t in targets if t not in dollar_volume.index or not dollar_volume.get(t, np.nan) > 0]
    if no_dv:
        raise DataNotFoundError(f"no dollar volume for {no_dv}: cannot impute their caps")
    fit = OLS(np.log(both["cap"]), add_constant(np.log(both["dv"]))).fit()
    x = add_constant(np.log(dollar_volume[targets]), has_constant="add")
    pred = np.exp(fit.predict(x))
    hi = pred * float(np.exp(np.quantile(fit.resid, quantile)))
    return pd.DataFrame({"cap_fit": pred, "cap_high": hi}, index=pd.Index(targets, name="ticker"))


def basket(closes: pd.DataFrame, weights: pd.Series, start) -> pd.Series:
    """Value of a buy-and-hold basket bought at the close of ``start`` with ``weights``
    (fractions, normalised here), 1.0 on that day; one row per date from ``start`` on."""
    cols = list(weights.index)
    sub = closes.loc[closes.index >= trading_day(closes.index, start), cols]
    if sub[cols].isna().any().any():
        bad = sub.columns[sub.isna().any()].tolist()
        raise DataNotFoundError(
            f"basket members {bad} have missing closes after {pd.Timestamp(start).date()}"
        )
    w = weights / weights.sum()
    out = (sub / sub.iloc[0]).mul(w, axis=1).sum(axis=1)
    out.name = "basket"
    return out


def member_caps(
    members: list[str], fundamentals: pd.DataFrame, price_columns: list[str]
) -> tuple[pd.Series, dict[str, list[str]]]:
    """Market caps (USD, on the fundamentals' date) of index ``members`` (constituent-list
    tickers), indexed by price-panel ticker, one share class per company.

    Returns the caps and a dict naming ``no_price`` (members absent from the price panel),
    ``no_cap`` (priced members without a market cap) and ``second_class`` (share classes dropped
    because the company's cap sits on another class).
    """
    fund, dropped = one_class_per_company(fundamentals)
    by_price = {price_ticker(t): t for t in fund["ticker"]}
    cap = pd.Series(fund["marketCap"].to_numpy(dtype=float), index=[price_ticker(t) for t in fund["ticker"]])
    priced = set(price_columns)
    tick = [price_ticker(t) for t in members]
    dropped_p = {price_ticker(t) for t in dropped}
    no_price = sorted(t for t in tick if t not in priced)
    second = sorted(t for t in tick if t in dropped_p)
    no_cap = sorted(t for t in tick if t in priced and t not in by_price and t not in dropped_p)
    keep = [t for t in tick if t in priced and t in by_price and cap.get(t, np.nan) > 0]
    return cap[keep].rename("market cap, USD"), {
        "no_price": no_price,
        "no_cap": no_cap,
        "second_class": second,
    }


def missing_member_scenarios(
    closes: pd.DataFrame,
    caps_start: pd.Series,
    imputed_start: pd.DataFrame,
    start,
    end,
    group: list[str],
    *,
    no_price: list[str] = (),
    no_price_cap: float = 0.0,
) -> pd.DataFrame:
    """A group's share of the index gain (percent) under assumptions about members left out.

    ``caps_start``: known caps at ``start`` (USD, by price ticker). ``imputed_start``: caps at
    ``start`` of priced members without a known cap, columns ``cap_fit`` and ``cap_high`` (USD;
    see :func:`impute_caps`); their own returns are used. ``no_price``: members without any price,
    each given ``no_price_cap`` (USD) and, in turn, the lowest and the highest return of any
    member over the window, alone and on top of the high imputed caps. Rows: the scenarios;
    columns ``missing_weight_pct``,
    ``index_return_pct``, ``group_share_pct``. Their min and max bound the share.
    """
    known = cap_weighted_contributions(closes, caps_start, start, end)
    extra_r = (
        cap_weighted_contributions(closes, imputed_start["cap_fit"], start, end)["return"]
        if len(imputed_start)
        else pd.Series(dtype=float)
    )
    r_all = pd.concat([known["return"], extra_r])
    lo_r, hi_r = float(r_all.min()), float(r_all.max())
    total_known = float(caps_start.sum())
    c_group = float((known.loc[group, "weight"] * known.loc[group, "return"]).sum()) * total_known  # USD gain

    def scenario(extra_caps: pd.Series, np_cap: float, np_ret: float) -> dict[str, float]:
        gain_known = float((caps_start * known["return"]).sum())
        gain_extra = float((extra_caps * extra_r.reindex(extra_caps.index)).sum()) if len(extra_caps) else 0.0
        np_total = np_cap * len(no_price)
        cap_total = total_known + float(extra_caps.sum()) + np_total
        gain = gain_known + gain_extra + np_total * np_ret
        return {
            "missing_weight_pct": (cap_total - total_known) / cap_total * 100,
            "index_return_pct": gain / cap_total * 100,
            "group_share_pct": c_group / gain * 100,
        }

    empty = pd.Series(dtype=float)
    rows = {"known caps only": scenario(empty, 0.0, 0.0)}
    if len(imputed_start):
        rows["+ missing at fitted caps"] = scenario(imputed_start["cap_fit"], 0.0, 0.0)
        rows["+ missing at high caps"] = scenario(imputed_start["cap_high"], 0.0, 0.0)
    if len(no_price):
        hi_caps = imputed_start["cap_high"] if len(imputed_start) else empty
        rows["+ unpriced at lowest return"] = scenario(empty, no_price_cap, lo_r)
        rows["+ unpriced at highest return"] = scenario(empty, no_price_cap, hi_r)
        rows["+ high caps, unpriced at lowest return"] = scenario(hi_caps, no_price_cap, lo_r)
        rows["+ high caps, unpriced at highest return"] = scenario(hi_caps, no_price_cap, hi_r)
    out = pd.DataFrame(rows).T
    out.index.name = "scenario"
    return out
