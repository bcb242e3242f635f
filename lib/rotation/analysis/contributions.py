"""Who made the index's return: cap-weighted contributions of members, groups (the Magnificent
Seven against the rest), the reconciliation gap to an ETF, and bounds for members without data.

Method. A cap-weighted index held without rebalancing over ``[start, end]`` returns
``R = Σ w_i r_i`` with ``w_i`` the members' market-cap weights at ``start`` and ``r_i`` their
returns; member *i* contributes ``w_i r_i`` and a group's share of the gain is
``Σ_group w_i r_i / R``. Market caps come from one snapshot date and are carried to ``start`` by
each member's adjusted-price ratio (shares outstanding assumed constant in between).

Members left out. A member without a cap or a price is left out of the central value and
bounded by what it could have weighed (:func:`missing_caps`): its gain ``cap × return`` lies
between the corners of its cap range and, if unpriced, of the members' return range
(:func:`member_gains`). A group's share of the gain (:func:`share_bounds`) and the count of named
groups among the top-k contributors (:func:`top_k_bounds`) are read at both ends. The measures
:func:`group_share_of_gain` (B1) and :func:`sectors_in_top_contributors` (B3) return them as one
:class:`rotation.analysis.measures.Measurement`.

Units: market caps in **USD**; weights, returns and contributions as **fractions** (the ``*_pp``
and ``*_pct`` columns of tables are percentage points and percent).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.tools import add_constant

from ..errors import DataNotFoundError, DataValidationError
from .measurement import Measurement, trading_window
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
    caps: pd.Series,
    dollar_volume: pd.Series,
    targets: list[str],
    quantile: float = 0.95,
    *,
    volatility: pd.Series | None = None,
) -> pd.DataFrame:
    """Market caps (USD) for ``targets`` predicted from their median daily dollar volume (and,
    if given, their daily return volatility, which tells a heavily traded volatile name from a
    large one) by a log–log OLS fitted on the members with all of them (indexed by ticker).

    Returns ``cap_fit`` (the fit) and ``cap_high`` (the fit times the ``quantile`` of the
    residual ratio: a generous upper value, not a guarantee). Raises naming targets without
    dollar volume or volatility.
    """
    x_all = pd.concat({"dv": dollar_volume, **({} if volatility is None else {"vol": volatility})}, axis=1)
    both = x_all.join(caps.rename("cap"), how="inner").dropna()
    both = both[(both > 0).all(axis=1)]
    if len(both) < 30:
        raise DataValidationError(f"only {len(both)} members with cap and dollar volume: too few to fit")
    no_dv = [t for t in targets if t not in x_all.index or not (x_all.loc[t] > 0).all()]
    if no_dv:
        raise DataNotFoundError(f"no dollar volume or volatility for {no_dv}: cannot impute their caps")
    cols = list(x_all.columns)
    fit = OLS(np.log(both["cap"]), add_constant(np.log(both[cols]))).fit()
    pred = np.exp(fit.predict(add_constant(np.log(x_all.loc[targets, cols]), has_constant="add")))
    hi = pred * float(np.exp(np.quantile(fit.resid, quantile)))
    return pd.DataFrame(
        {"cap_fit": pred.to_numpy(), "cap_high": hi.to_numpy()}, index=pd.Index(targets, name="ticker")
    )


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


# --------------------------------------------------------------------------------------------
# members left out, bounded; contributions by group and by sector, cap- and equal-weighted
# --------------------------------------------------------------------------------------------
#: columns of a *book*: one row per member at a window's start (index: price ticker)
BOOK_COLUMNS = ("group", "cap_low", "cap", "cap_high", "return", "source")


def missing_caps(
    caps: pd.Series,
    dollar_volume: pd.Series,
    no_cap: list[str],
    no_price: list[str],
    reported: pd.Series,
    *,
    volatility: pd.Series | None = None,
    quantile: float = 0.95,
    unpriced_quantile: float = 0.5,
) -> pd.DataFrame:
    """What the members left out could have weighed: ``cap_low``, ``cap`` (the central value, 0:
    left out), ``cap_high`` (USD, on the caps' date) and ``source``, one row per member of
    ``no_cap`` and ``no_price``. Each may weigh anything from ``cap_low`` to ``cap_high``:

    - priced, with dollar volume (and ``volatility``, if given): 0 up to the cap they predict
      (:func:`impute_caps`) times the ``quantile`` of the fit's residual ratio;
    - priced, without dollar volume: 0 up to the ``quantile`` of the known caps;
    - unpriced, with a ``reported`` cap (a company's last one, e.g. after it left the index):
      exactly that cap;
    - unpriced, without one: 0 up to the ``unpriced_quantile`` of the known caps (a typical member).
    """
    known = caps[caps > 0]
    rows: dict[str, tuple[float, float, float, str]] = {}
    vol = pd.Series(1.0, index=dollar_volume.index) if volatility is None else volatility
    has_dv = [t for t in no_cap if dollar_volume.get(t, np.nan) > 0 and vol.get(t, np.nan) > 0]
    if has_dv:
        fit = impute_caps(caps, dollar_volume, has_dv, quantile=quantile, volatility=volatility)
        rows |= {t: (0.0, 0.0, float(fit.loc[t, "cap_high"]), "up to its volume's cap") for t in has_dv}
    for t in no_cap:
        rows.setdefault(t, (0.0, 0.0, float(known.quantile(quantile)), "up to a large member's cap"))
    for t in no_price:
        cap = float(reported.get(t, np.nan))
        rows[t] = (
            (cap, 0.0, cap, "its reported cap")
            if cap > 0
            else (0.0, 0.0, float(known.quantile(unpriced_quantile)), "up to a typical member's cap")
        )
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["cap_low", "cap", "cap_high", "source"])
    out.index.name = "ticker"
    return out


def member_book(
    closes: pd.DataFrame,
    caps_start: pd.Series,
    missing_start: pd.DataFrame,
    groups: pd.Series,
    start,
    end,
) -> pd.DataFrame:
    """The members at ``start`` with their caps (USD, known or bounded: ``missing_start`` as from
    :func:`missing_caps`, carried to ``start``), ``group`` (from ``groups``, by ticker; ``"other"``
    where absent), ``return`` over ``[start, end]`` (fraction; NaN where unpriced) and ``source``
    (``"known"`` or how the cap was bounded). Raises naming a priced member without a close."""
    known = pd.DataFrame(
        {"cap_low": caps_start, "cap": caps_start, "cap_high": caps_start, "source": "known"}
    )
    book = pd.concat([known, missing_start[["cap_low", "cap", "cap_high", "source"]]])
    if book.index.duplicated().any():
        raise DataValidationError(
            f"members both known and missing: {book.index[book.index.duplicated()].tolist()}"
        )
    d0, d1 = trading_day(closes.index, start), trading_day(closes.index, end)
    priced = [t for t in book.index if t in closes.columns]
    r = (closes.loc[d1, priced] / closes.loc[d0, priced] - 1.0).reindex(book.index)
    bad = [t for t in priced if pd.isna(r[t])]
    if bad:
        raise DataNotFoundError(f"no close on {d0.date()} or {d1.date()} for {bad}")
    book["return"] = r
    book["group"] = groups.reindex(book.index).fillna("other").astype(str)
    return book[list(BOOK_COLUMNS)]


def member_gains(book: pd.DataFrame) -> pd.DataFrame:
    """Each member's gain over the window (USD): ``gain`` at the central cap (0 for a member left
    out) and ``gain_low`` / ``gain_high``, the least and most it could be with its cap anywhere in
    its bounds and, if unpriced, its return anywhere between the lowest and the highest priced
    member's."""
    r = book["return"]
    r_lo, r_hi = float(r.min()), float(r.max())
    lo_r, hi_r = r.fillna(r_lo), r.fillna(r_hi)
    corners = pd.concat(
        [book["cap_low"] * lo_r, book["cap_high"] * lo_r, book["cap_low"] * hi_r, book["cap_high"] * hi_r],
        axis=1,
    )
    return pd.DataFrame(
        {
            "gain": (book["cap"] * r).fillna(0.0),
            "gain_low": corners.min(axis=1),
            "gain_high": corners.max(axis=1),
        }
    )


def share_bounds(gains: pd.DataFrame, members: list[str]) -> tuple[float, float, float]:
    """The share (percent) of the total gain made by ``members`` (each fully known): central, low
    and high, the bounds taking every other member's gain at its ``gain_high`` / ``gain_low``.
    Raises if a member of the set is itself only bounded or the total can be zero or negative."""
    g = gains.loc[members]
    if not np.allclose(g["gain_low"], g["gain_high"]):
        raise DataValidationError(
            f"members {g.index[g['gain_low'] != g['gain_high']].tolist()} are only bounded"
        )
    mine, rest = float(g["gain"].sum()), gains.drop(index=members)
    totals = [mine + float(rest[c].sum()) for c in ("gain", "gain_high", "gain_low")]
    if min(totals) <= 0:
        raise DataValidationError(
            "the index's gain can be zero or negative within the bounds: no share of it"
        )
    mid, low, high = (mine / t * 100 for t in totals)
    return mid, low, high


def group_contributions(book: pd.DataFrame, gains: pd.DataFrame) -> pd.DataFrame:
    """Per ``group`` of the book (e.g. GICS sector), best cap-weighted contributor first:
    ``members``, ``weight_pct`` (central caps), ``contribution_pp`` with ``low_pp`` / ``high_pp``
    (its bounds), ``share_of_gain_pct``, and the equal-weighted ``ew_return_pct`` (mean return of
    its priced members) and ``ew_contribution_pp`` (sum of their returns over all priced members)."""
    total_cap = float(book["cap"].sum())
    by = gains.groupby(book["group"])
    r = book["return"]
    out = pd.DataFrame(
        {
            "members": book.groupby("group").size(),
            "weight_pct": book.groupby("group")["cap"].sum() / total_cap * 100,
            "contribution_pp": by["gain"].sum() / total_cap * 100,
            "low_pp": by["gain_low"].sum() / total_cap * 100,
            "high_pp": by["gain_high"].sum() / total_cap * 100,
            "ew_return_pct": r.groupby(book["group"]).mean() * 100,
            "ew_contribution_pp": r.groupby(book["group"]).sum() / r.notna().sum() * 100,
        }
    )
    out["share_of_gain_pct"] = out["contribution_pp"] / out["contribution_pp"].sum() * 100
    out.index.name = "group"
    return out.sort_values("contribution_pp", ascending=False)


def count_in_top(values: pd.Series, named: list[str], k: int) -> int:
    """How many of ``named`` are among the ``k`` largest ``values`` (ties share the better rank)."""
    missing = [n for n in named if n not in values.index]
    if missing:
        raise DataNotFoundError(f"{missing} are not among {values.index.tolist()}")
    return int((values.rank(ascending=False, method="min")[named] <= k).sum())


def top_k_bounds(table: pd.DataFrame, named: list[str], k: int) -> tuple[int, int, int]:
    """How many of ``named`` groups are among the ``k`` largest cap-weighted contributions of
    ``table`` (:func:`group_contributions`): at the central caps, at least (``named`` at their low
    bound, the others at their high) and at most (the reverse)."""
    mid = count_in_top(table["contribution_pp"], named, k)
    is_named = table.index.isin(named)
    worst = table["low_pp"].where(is_named, table["high_pp"])
    best = table["high_pp"].where(is_named, table["low_pp"])
    return mid, count_in_top(worst, named, k), count_in_top(best, named, k)


def carry_missing(missing: pd.DataFrame, closes: pd.DataFrame, as_of, on) -> pd.DataFrame:
    """:func:`missing_caps` carried from ``as_of`` to ``on`` by the price ratio (as
    :func:`caps_on`); an unpriced member's caps stay as they are (no price to carry them by)."""
    priced = [t for t in missing.index if t in closes.columns]
    out = missing.copy()
    for col in ("cap_low", "cap", "cap_high"):
        out[col] = out[col].astype(float)
        if priced:
            out.loc[priced, col] = caps_on(
                missing.loc[priced, col].astype(float), closes, as_of, on
            ).to_numpy()
    return out


def sectors_in_top_contributors(
    closes: pd.DataFrame,
    caps_start: pd.Series,
    missing_start: pd.DataFrame,
    sectors: pd.Series,
    named: list[str],
    k: int,
    start,
    end,
) -> Measurement:
    """How many of the ``named`` sectors are among the ``k`` largest cap-weighted contributors to
    the members' gain over the window (``sectors``: GICS sector by ticker; caps at ``start``,
    USD). ``low``/``high``: the count with the left-out members anywhere in their bounds
    (:func:`top_k_bounds`); ``coverage``: the share of members with a known cap and price.
    ``details``: the sector table (:func:`group_contributions`), the top ``k`` and the count
    on equal weights."""
    book = member_book(closes, caps_start, missing_start, sectors, start, end)
    table = group_contributions(book, member_gains(book))
    mid, lo, hi = top_k_bounds(table, named, k)
    ew = count_in_top(table["ew_contribution_pp"], named, k)
    return Measurement(
        "sectors_in_top_contributors",
        mid,
        f"of {len(named)} in the top {k}",
        tuple(named),
        trading_window(closes, start, end),
        "total",
        low=float(lo),
        high=float(hi),
        coverage=float((book["source"] == "known").mean()),
        details={
            "table": table,
            "top": table.index[:k].tolist(),
            "ew_top": table["ew_contribution_pp"].nlargest(k).index.tolist(),
            "ew_count": ew,
            "left_out": book.loc[book["source"] != "known", "source"].value_counts().to_dict(),
        },
    )


def group_share_of_gain(
    closes: pd.DataFrame,
    caps_start: pd.Series,
    missing_start: pd.DataFrame,
    members: list[str],
    start,
    end,
    *,
    label: str = "named",
) -> Measurement:
    """Share (percent) of the members' cap-weighted gain over the window made by ``members``,
    with bounds for the members left out (:func:`share_bounds`) and ``coverage`` the share of
    members with a known cap and price. ``details``: the group's weight and return and the rest's, and
    the left-out members by how their cap was bounded; ``table``: the group (``label``) and the
    rest (``other``) as in :func:`group_contributions`; ``member_pp``: each member's central
    contribution (pp)."""
    group = pd.Series(label, index=members)
    book = member_book(closes, caps_start, missing_start, group, start, end)
    gains = member_gains(book)
    mid, low, high = share_bounds(gains, members)
    table = group_contributions(book, gains)
    return Measurement(
        "group_share_of_gain",
        mid,
        "percent of the gain",
        tuple(members),
        trading_window(closes, start, end),
        "total",
        low=low,
        high=high,
        coverage=float((book["source"] == "known").mean()),
        details={
            "table": table,
            "index_return_pct": float(table["contribution_pp"].sum()),
            "member_pp": gains["gain"] / float(book["cap"].sum()) * 100,
            "left_out": book.loc[book["source"] != "known", "source"].to_dict(),
        },
    )


def central_contributions(closes: pd.DataFrame, book: pd.DataFrame, start, ends: list) -> pd.DataFrame:
    """The central ``contribution_pp`` of :func:`group_contributions` for the members of ``book``
    (:func:`member_book` from ``start``) over ``[start, end]`` for every end at once: one row per
    end, one column per group (cap x return over the total cap, a member left out adding 0). Raises
    as :func:`member_book` does for a priced member without a close."""
    d0 = trading_day(closes.index, start)
    d1 = [trading_day(closes.index, e) for e in ends]
    priced = [t for t in book.index if t in closes.columns]
    r = closes.loc[d1, priced].div(closes.loc[d0, priced]) - 1.0
    if r.isna().any().any():
        day = r.index[r.isna().any(axis=1)][0]
        bad = [t for t in priced if pd.isna(r.loc[day, t])]
        raise DataNotFoundError(f"no close on {d0.date()} or {day.date()} for {bad}")
    gains = r.reindex(columns=book.index).mul(book["cap"], axis=1).fillna(0.0)
    by_group = gains.T.groupby(book["group"]).sum().T
    return by_group / float(book["cap"].sum()) * 100


def top_k_grid(
    closes: pd.DataFrame,
    caps: pd.Series,
    missing: pd.DataFrame,
    caps_as_of,
    sectors: pd.Series,
    named: list[str],
    k: int,
    windows: list[tuple[pd.Timestamp, pd.Timestamp]],
) -> pd.Series:
    """:func:`sectors_in_top_contributors`' central count on every ``(start, end)`` of ``windows``
    (caps at ``caps_as_of``, carried to each start), indexed by the windows (a robustness grid)."""
    out: dict[tuple[pd.Timestamp, pd.Timestamp], int] = {}
    for s in sorted({w[0] for w in windows}):
        c0, m0 = caps_on(caps, closes, caps_as_of, s), carry_missing(missing, closes, caps_as_of, s)
        ends = [w[1] for w in windows if w[0] == s]
        pp = central_contributions(closes, member_book(closes, c0, m0, sectors, s, ends[0]), s, ends)
        for e, row in zip(ends, pp.itertuples(index=False)):
            out[(s, e)] = count_in_top(pd.Series(row, index=pp.columns), named, k)
    res = pd.Series(out, dtype=int).reindex(pd.MultiIndex.from_tuples(windows, names=["start", "end"]))
    res.name = "named sectors in the top k"
    return res


def trading_stats(long: pd.DataFrame, as_of, days: int = 92) -> pd.DataFrame:
    """Per ticker of a long price frame (``date``, ``ticker``, ``close``, ``volume``), over the
    ``days`` calendar days to ``as_of``: ``dollar_volume`` (median of close × volume, USD) and
    ``volatility`` (standard deviation of daily log returns), the inputs of :func:`impute_caps`."""
    end = pd.Timestamp(as_of)
    recent = long[long["date"].between(end - pd.Timedelta(days=days), end)]
    tick = recent["ticker"].astype(str)
    dv = (recent["close"] * recent["volume"].astype(float)).groupby(tick).median()
    wide = recent.assign(ticker=tick).pivot_table(index="date", columns="ticker", values="close")
    vol = np.log(wide).diff().std()
    return pd.DataFrame({"dollar_volume": dv, "volatility": vol})
