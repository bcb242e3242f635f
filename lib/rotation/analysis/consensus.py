"""Strategists' sector calls: parsing, one view per firm and sector, a net-overweight score, and
the tests that relate the score to sector returns (claims C1-C3).

The scoring rule, fixed before any return after the article was looked at
---------------------------------------------------------------------------
1. **Stances.** ``overweight`` = +1, ``neutral`` = 0, ``underweight`` = -1. A qualified stance such as
   ``overweight (partial: "to a certain extent")`` counts as its base stance and is flagged
   ``partial``. Any other text is an error naming the row.
2. **Who counts.** Only rows that are one firm's recommendation (``kind == "firm"``). A fund-manager
   survey (investor positioning, not advice: ``kind == "survey"``) and a roundup of several
   strategists (``kind == "roundup"``: it names no single firm and would double count) are kept
   in the tidy table but left out of the score. Calls dated after ``as_of`` are dropped (an
   undated call is kept and flagged by its missing date).
3. **Firms.** The ``firm`` column as transcribed; distinct research desks of one bank (e.g. the
   Wells Fargo Investment Institute and a Wells Fargo equity-strategy note) are separate voices
   unless ``houses`` maps them to one name.
4. **One view per firm per sector.** Several calls of one firm on one sector are resolved by
   precedence: a primary source beats a secondary one, then the later call wins (dates are read as
   the earliest day of the stated period, undated calls rank last). Calls of equal precedence that
   disagree raise :class:`~rotation.errors.DataValidationError`; agreeing ones collapse.
5. **Score.** For each GICS sector, ``score = (overweights - underweights) / firms with a view``
   (a fraction in [-1, 1]; a neutral call is a view). A sector no firm has a view on has no score
   (NaN, with ``n_firms == 0``); the tests below refuse such a sector rather than treat it as 0.
   Ranks are 1 = most favoured, ties share the best rank (``1, 2, 2, 4``).
6. **Headline.** Primary and secondary sources together; the primary-only score is the check.

Returns are fractions; with the ETF panel's adjusted closes they are total returns. The figure of
the score against later returns is :func:`rotation.plots.score_vs_return`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import DataValidationError
from .contributions import basket
from .returns import as_of, returns_to_month_ends, total_return

STANCE_VALUE: dict[str, int] = {"overweight": 1, "neutral": 0, "underweight": -1}
STANCE_SHORT: dict[str, str] = {"overweight": "OW", "neutral": "N", "underweight": "UW"}
#: Seed of the Monte Carlo permutation test (fixed, so outputs are deterministic).
SEED = 20260202
#: Random permutations drawn when an exact enumeration (n! arrangements) would be larger.
N_RESAMPLES = 50_000

_STANCE_RE = r"^\s*(?P<stance>overweight|neutral|underweight)\s*(?P<qual>\(\s*partial\b.*\))?\s*$"
_DATE_RE = r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{2}))?(?:-(?P<d>\d{2}))?"


# --------------------------------------------------------------------------------------------
# parsing
# --------------------------------------------------------------------------------------------
def parse_stances(stance: pd.Series) -> pd.DataFrame:
    """Split stance texts into ``stance`` (overweight|neutral|underweight), ``value`` (+1, 0, -1)
    and ``partial`` (bool: the text qualifies the stance, e.g. "to a certain extent").

    Raises :class:`DataValidationError` naming the rows whose text is not a known stance.
    """
    parts = stance.astype("string").str.lower().str.extract(_STANCE_RE)
    bad = parts["stance"].isna()
    if bad.any():
        raise DataValidationError(
            f"unknown stance text in row(s) {stance.index[bad].tolist()}: {stance[bad].tolist()}; "
            f"expected one of {list(STANCE_VALUE)}, optionally followed by '(partial: ...)'"
        )
    out = pd.DataFrame(index=stance.index)
    out["stance"] = parts["stance"].astype(str)
    out["value"] = out["stance"].map(STANCE_VALUE).astype(int)
    out["partial"] = parts["qual"].notna().to_numpy()
    return out


def parse_call_dates(text: pd.Series) -> pd.Series:
    """Earliest day of the period a date text names ("2025-11 (outlook)" -> 2025-11-01,
    "2026 (early)" -> 2026-01-01, "2025-11/12" -> 2025-11-01); NaT for undated texts."""
    p = text.astype("string").str.extract(_DATE_RE)
    iso = p["y"] + "-" + p["m"].fillna("01") + "-" + p["d"].fillna("01")
    return pd.to_datetime(iso, format="%Y-%m-%d", errors="raise").rename("date")


def _kind(firm: pd.Series) -> pd.Series:
    f = firm.astype("string").str.lower()
    kind = pd.Series("firm", index=firm.index, dtype="string")
    kind[f.str.contains("survey", regex=False)] = "survey"
    kind[f.str.startswith("multiple")] = "roundup"
    return kind


def tidy_calls(raw: pd.DataFrame, sectors: Sequence[str]) -> pd.DataFrame:
    """One row per transcribed call: ``firm, sector, stance, value, partial, source, kind,
    date_text, date, url``.

    ``source`` is ``primary`` or ``secondary`` (the first word of ``source_type``); ``kind`` is
    ``firm``, ``survey`` (the firm text names a survey) or ``roundup`` (it starts "Multiple").
    ``sectors`` are the GICS sector names allowed; any other sector raises.
    """
    need = ["firm", "sector", "stance", "source_type", "date", "url"]
    missing = [c for c in need if c not in raw.columns]
    if missing:
        raise DataValidationError(f"strategist calls: missing column(s) {missing}; found {list(raw.columns)}")
    unknown = sorted(set(raw["sector"]) - set(sectors))
    if unknown:
        raise DataValidationError(
            f"strategist calls: sector(s) {unknown} are not among the GICS sectors {list(sectors)}"
        )
    source = raw["source_type"].astype("string").str.lower().str.extract(r"^\s*(primary|secondary)\b")[0]
    if source.isna().any():
        rows = raw.index[source.isna()].tolist()
        raise DataValidationError(
            f"strategist calls: source_type of row(s) {rows} is neither primary nor secondary"
        )
    out = pd.concat([raw[["firm", "sector"]].astype(str), parse_stances(raw["stance"])], axis=1)
    out["source"] = source.astype(str)
    out["kind"] = _kind(raw["firm"]).astype(str)
    out["date_text"] = raw["date"].astype(str)
    out["date"] = parse_call_dates(raw["date"])
    out["url"] = raw["url"].astype(str)
    return out


# --------------------------------------------------------------------------------------------
# one view per firm and sector; the score
# --------------------------------------------------------------------------------------------
def firm_views(
    calls: pd.DataFrame,
    *,
    include_secondary: bool = True,
    as_of=None,
    kinds: Sequence[str] = ("firm",),
    houses: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One view per (firm, sector) under the rule of the module docstring.

    Columns: ``firm, sector, stance, value, partial, source, date, n_calls`` (calls of that firm
    on that sector before resolution). ``houses`` renames firms (e.g. two desks to one bank)
    before resolving.
    """
    c = calls[calls["kind"].isin(list(kinds))]
    if not include_secondary:
        c = c[c["source"] == "primary"]
    if as_of is not None:
        c = c[~(c["date"] > pd.Timestamp(as_of))]
    if houses:
        c = c.assign(firm=c["firm"].replace(dict(houses)))
    if c.empty:
        raise DataValidationError("no strategist calls left after the filters (kinds, sources, as_of)")
    c = c.assign(
        _prim=(c["source"] == "primary").astype(int), _date=c["date"].fillna(pd.Timestamp("1900-01-01"))
    )  # undated ranks last
    c = c.sort_values(
        ["firm", "sector", "_prim", "_date"], ascending=[True, True, False, False], kind="stable"
    )
    top = c.groupby(["firm", "sector"], sort=False)[["_prim", "_date"]].transform("first")
    best = c[(c["_prim"] == top["_prim"]) & (c["_date"] == top["_date"])]
    clash = best.groupby(["firm", "sector"])["value"].nunique()
    if (clash > 1).any():
        raise DataValidationError(
            f"conflicting calls of equal precedence (same source type and date) for {clash[clash > 1].index.tolist()}; "
            "correct or date them in consensus/strategist_sector_calls.csv"
        )
    views = best.drop_duplicates(["firm", "sector"], keep="first").set_index(["firm", "sector"])
    views["n_calls"] = c.groupby(["firm", "sector"]).size()
    views = views.sort_index().reset_index()
    return views[["firm", "sector", "stance", "value", "partial", "source", "date", "n_calls"]]


def sector_scores(views: pd.DataFrame, sectors: Sequence[str]) -> pd.DataFrame:
    """Net-overweight score per sector from :func:`firm_views`.

    Index: every sector of ``sectors``. Columns: ``overweight, neutral, underweight`` (firms),
    ``n_firms`` (firms with a view), ``n_calls`` (calls behind them), ``score`` = (overweight -
    underweight) / n_firms (fraction; NaN where ``n_firms == 0``), ``score_all`` = the same net
    count over every firm in ``views`` (silence read as neutral), and ``rank`` (1 = most favoured,
    ties share the best rank).
    """
    counts = pd.crosstab(views["sector"], views["stance"]).reindex(
        index=list(sectors), columns=list(STANCE_VALUE), fill_value=0
    )
    out = counts.copy()
    out.index.name = "sector"
    out.columns.name = None
    out["n_firms"] = counts.sum(axis=1)
    out["n_calls"] = views.groupby("sector")["n_calls"].sum().reindex(out.index, fill_value=0)
    net = out["overweight"] - out["underweight"]
    out["score"] = net / out["n_firms"].where(out["n_firms"] > 0)
    out["score_all"] = net / views["firm"].nunique()
    out["rank"] = out["score"].rank(ascending=False, method="min").astype("Int64")
    return out


def firm_table(views: pd.DataFrame, sectors: Sequence[str], *, short: bool = True) -> pd.DataFrame:
    """Sector-by-firm table of views: ``OW``, ``N``, ``UW`` (``OW*`` = a partial call, ``'`` = a
    secondary source), empty where the firm has no view. With ``short``, firm labels drop a
    trailing parenthesis ("LPL Financial Research (STAAC)" -> "LPL Financial Research") unless
    two firms would then share a label."""
    mark = (
        views["stance"].map(STANCE_SHORT)
        + np.where(views["partial"], "*", "")
        + np.where(views["source"] == "secondary", "'", "")
    )
    t = views.assign(mark=mark).pivot(index="sector", columns="firm", values="mark")
    t = t.reindex(list(sectors)).fillna("")
    if short:
        labels = {f: f.split(" (")[0].strip() for f in t.columns}
        if len(set(labels.values())) == len(labels):
            t = t.rename(columns=labels)
    t.columns.name = None
    return t


# --------------------------------------------------------------------------------------------
# returns and rank correlation
# --------------------------------------------------------------------------------------------
def trailing_returns(closes: pd.DataFrame, end, months: Sequence[int] = (1, 3, 6)) -> pd.DataFrame:
    """Total return of each column over the ``m`` calendar months to ``end`` (fraction), one
    column per window named ``"{m}m"``, plus ``rank_{m}m`` (1 = best). A window starts at the close
    of the last trading day on or before ``end`` minus ``m`` months."""
    end = pd.Timestamp(end)
    out = pd.DataFrame({f"{m}m": total_return(closes, end - pd.DateOffset(months=m), end) for m in months})
    for m in months:
        out[f"rank_{m}m"] = out[f"{m}m"].rank(ascending=False, method="min").astype(int)
    return out


def window_starts(closes: pd.DataFrame, end, months: Sequence[int] = (1, 3, 6)) -> dict[str, pd.Timestamp]:
    """The trading days that open the windows of :func:`trailing_returns`."""
    end = pd.Timestamp(end)
    return {f"{m}m": as_of(closes, end - pd.DateOffset(months=m))[0] for m in months}


def _pearson(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    """Pearson correlation along ``axis``; applied to ranks it is Spearman's rho (re-pairing
    ranks leaves them ranks, so the permutation loop needs no re-ranking)."""
    x = x - x.mean(axis=axis, keepdims=True)
    y = y - y.mean(axis=axis, keepdims=True)
    return (x * y).sum(axis=axis) / np.sqrt((x**2).sum(axis=axis) * (y**2).sum(axis=axis))


def spearman_test(
    x: pd.Series, y: pd.Series, *, alternative: str = "less", n_resamples: int = N_RESAMPLES, seed: int = SEED
) -> dict[str, float | int | str]:
    """Spearman rank correlation of ``x`` and ``y`` (aligned on their index) with a permutation
    p-value: the share of re-pairings of ``y`` with ``x`` whose correlation is at least as extreme.

    Exact (every one of n! pairings) when n! <= ``n_resamples``, else ``n_resamples`` random
    pairings drawn with ``seed`` (deterministic; p = (k + 1) / (n_resamples + 1)). Ties get
    average ranks. ``alternative``: ``"less"`` (H1: negative correlation, the contrarian
    hypothesis), ``"greater"`` or ``"two-sided"``. The test assumes only exchangeability of
    the pairing under H0. Raises on missing values or fewer than 3 pairs.
    """
    both = pd.concat([x.rename("x"), y.rename("y")], axis=1, join="outer")
    if both.isna().any().any():
        raise DataValidationError(
            f"rank correlation needs both values for every item; missing for "
            f"{both.index[both.isna().any(axis=1)].tolist()}"
        )
    n = len(both)
    if n < 3:
        raise ValueError(f"rank correlation needs at least 3 pairs, got {n}")
    if both["x"].nunique() < 2 or both["y"].nunique() < 2:
        raise DataValidationError("rank correlation is undefined when one variable is constant")
    ranks = (stats.rankdata(both["x"].to_numpy(float)), stats.rankdata(both["y"].to_numpy(float)))
    res = stats.permutation_test(
        ranks,
        _pearson,
        permutation_type="pairings",
        vectorized=True,
        n_resamples=n_resamples,
        alternative=alternative,
        rng=np.random.default_rng(seed),
    )
    exact = math.factorial(n) <= n_resamples
    return {
        "rho": float(res.statistic),
        "p_value": float(res.pvalue),
        "n": n,
        "alternative": alternative,
        "method": "exact" if exact else f"Monte Carlo, {n_resamples:,} pairings, seed {seed}",
    }


def return_grid(closes: pd.DataFrame, starts: Sequence, *, first_end=None) -> pd.DataFrame:
    """Total return (fraction) of each column from the close of every start (the last trading
    day on or before it) to every month's last trading day after it and the data's final day
    (:func:`rotation.analysis.returns.returns_to_month_ends`), ends before ``first_end`` dropped.
    Index: ``start, end``; one column per ticker."""
    out = {}
    for s in starts:
        r = returns_to_month_ends(closes, s)
        if first_end is not None:
            r = r[r.index >= pd.Timestamp(first_end)]
        out[pd.Timestamp(s)] = r
    g = pd.concat(out, names=["start", "end"])
    if g.empty:
        raise DataValidationError(f"no month end after {first_end} in the prices: the grid is empty")
    return g


def spearman_grid(
    x: pd.Series,
    ys: pd.DataFrame,
    *,
    alternative: str = "less",
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
) -> pd.DataFrame:
    """:func:`spearman_test` of ``x`` against every row of ``ys`` (columns = the index of ``x``),
    vectorised: one shared set of pairings for all rows (exact enumeration when n! <=
    ``n_resamples``, else ``n_resamples`` random permutations drawn with ``seed``), so cells are
    compared on the same draws. p = (k + 1) / (n_resamples + 1) for random pairings, k / n! when
    exact; ``"less"``, ``"greater"`` or ``"two-sided"`` as in :func:`spearman_test`. Index: that
    of ``ys``; columns ``rho, p_value``."""
    import itertools

    missing = [c for c in x.index if c not in ys.columns]
    if missing or x.isna().any() or ys[list(x.index)].isna().any().any():
        raise DataValidationError(
            f"rank correlation grid needs every value; missing for {missing or 'some cells'}"
        )
    n = len(x)
    if n < 3:
        raise ValueError(f"rank correlation needs at least 3 pairs, got {n}")
    rx = stats.rankdata(x.to_numpy(float))
    ry = stats.rankdata(ys[list(x.index)].to_numpy(float), axis=1)

    def z(a: np.ndarray) -> np.ndarray:
        a = a - a.mean(axis=-1, keepdims=True)
        return a / np.sqrt((a**2).sum(axis=-1, keepdims=True))

    zy = z(ry)
    rho = zy @ z(rx)
    exact = math.factorial(n) <= n_resamples
    perms = (
        np.array(list(itertools.permutations(range(n))))
        if exact
        else np.random.default_rng(seed).permuted(np.tile(np.arange(n), (n_resamples, 1)), axis=1)
    )
    null = z(rx[perms]) @ zy.T  # (pairings, cells)
    tol = 1e-12
    if alternative == "less":
        k = (null <= rho + tol).sum(axis=0)
    elif alternative == "greater":
        k = (null >= rho - tol).sum(axis=0)
    elif alternative == "two-sided":
        k = (np.abs(null) >= np.abs(rho) - tol).sum(axis=0)
    else:
        raise ValueError(f"alternative must be less, greater or two-sided, not {alternative!r}")
    p = k / len(perms) if exact else (k + 1) / (n_resamples + 1)
    return pd.DataFrame({"rho": rho, "p_value": np.minimum(p, 1.0)}, index=ys.index)


def basket_paths(closes: pd.DataFrame, baskets: Mapping[str, Sequence[str]], start) -> pd.DataFrame:
    """Cumulative total return (fraction) of equal-weight buy-and-hold baskets from the close of
    the last trading day on or before ``start``: each basket is the mean of its members' growth
    since then, minus 1 (:func:`rotation.analysis.contributions.basket` with equal weights). One column per
    basket; raises if a member has no price at the start or a missing close after it."""
    d0, _ = as_of(closes, start)
    out = pd.DataFrame(
        {
            name: basket(closes, pd.Series(1.0, index=list(members)), d0) - 1.0
            for name, members in baskets.items()
        }
    )
    out.columns.name = "basket"
    return out


def extremes(score: pd.Series, k: int) -> tuple[list[str], list[str]]:
    """Favoured and shunned items: those scoring at least the ``k``-th highest score, and those
    scoring at most the ``k``-th lowest (ties at the cut are all included, so a basket can hold
    more than ``k``). Raises if the two baskets would overlap."""
    if not 1 <= k <= len(score):
        raise ValueError(f"k must be between 1 and {len(score)}, got {k}")
    s = score.sort_values(ascending=False, kind="stable")
    hi, lo = s.iloc[k - 1], s.iloc[-k]
    fav, shun = s.index[s >= hi].tolist(), s.index[s <= lo].tolist()
    if set(fav) & set(shun):
        raise ValueError(
            f"favoured and shunned baskets overlap with k={k}: {sorted(set(fav) & set(shun))}; use a smaller k"
        )
    return fav, shun


# --------------------------------------------------------------------------------------------
# sectors, ranks and readings (the rules of C1-C3 are rotation.verdicts.rules', their cuts data/claims.csv's)
# --------------------------------------------------------------------------------------------
def sector_etfs(tickers: Sequence[str] | None = None) -> pd.Series:
    """GICS sector of each Select Sector SPDR (``data/universes.csv`` group ``sector_etf``),
    indexed by ticker; ``tickers`` selects and orders them (unknown tickers raise)."""
    from ..inputs.data import universe

    m = universe("sector_etf").set_index("ticker")["gics_sector"].astype(str)
    if tickers is not None:
        unknown = [t for t in tickers if t not in m.index]
        if unknown:
            raise KeyError(f"{unknown} are not sector ETFs of data/universes.csv; known: {list(m.index)}")
        m = m.loc[list(tickers)]
    m.index.name, m.name = "ticker", "sector"
    return m


def ranked_within(values: pd.Series, names: Sequence[str], k: int, *, best: bool = True) -> dict[str, bool]:
    """For each of ``names``: is it among the ``k`` best (``best=True``: highest values) or the
    ``k`` worst of ``values``? Ties at the cut count as inside (competition ranking). The result
    is the ``results`` input of a ``checks`` rule (C1, C2)."""
    missing = [n for n in names if n not in values.index]
    if missing:
        raise KeyError(f"{missing} not among {list(values.index)}")
    if values[list(names)].isna().any():
        raise DataValidationError(
            f"no value for {values[list(names)][values[list(names)].isna()].index.tolist()}"
        )
    r = values.rank(ascending=not best, method="min")
    return {n: bool(r[n] <= k) for n in names}


def count_ranked(values: pd.Series, names: Sequence[str], k: int, *, best: bool = True) -> int:
    """How many of ``names`` are among the ``k`` best or worst of ``values`` (:func:`ranked_within`)."""
    return sum(ranked_within(values, names, k, best=best).values())


def partial_as_neutral(calls: pd.DataFrame) -> pd.DataFrame:
    """The calls with every qualified (``partial``) stance read as neutral instead of its base
    stance: the stricter reading of "overweight, to a certain extent"."""
    p = calls["partial"].astype(bool)
    return calls.assign(stance=calls["stance"].where(~p, "neutral"), value=calls["value"].where(~p, 0))


def score_variants(
    calls: pd.DataFrame, sectors: Sequence[str], *, as_of=None, houses: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The net-overweight score of each sector under every reading of the scoring rule:
    ``sources`` (all / primary only) × ``partial`` (as its base stance / as neutral, see
    :func:`partial_as_neutral`) × ``desks`` (separate / merged by ``houses``) × ``silence`` (no view,
    the ``score`` / neutral, the ``score_all`` of :func:`sector_scores`). Rows: one per reading
    (MultiIndex of those four levels, the headline reading first); columns: ``sectors``."""
    rows = {}
    for sources, secondary in (("all", True), ("primary", False)):
        for partial, c in (("base stance", calls), ("neutral", partial_as_neutral(calls))):
            for desks, h in (("separate", None), ("merged", houses)):
                sc = sector_scores(firm_views(c, include_secondary=secondary, as_of=as_of, houses=h), sectors)
                for silence, col in (("no view", "score"), ("neutral", "score_all")):
                    rows[(sources, partial, desks, silence)] = sc[col]
    out = pd.DataFrame(rows).T
    out.index.names = ["sources", "partial", "desks", "silence"]
    return out[list(sectors)]


def left_out(calls: pd.DataFrame) -> pd.Series:
    """The calls the score leaves out (every ``kind`` but ``"firm"``: surveys, roundups), by kind,
    as text: ``"overweight Energy, neutral Materials"``."""
    other = calls[calls["kind"] != "firm"]
    return other.groupby("kind").apply(
        lambda g: ", ".join(f"{st} {se}" for st, se in zip(g["stance"], g["sector"]))
    )
