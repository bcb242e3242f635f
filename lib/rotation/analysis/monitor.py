"""The rotation monitor: is the article's "rotation out of tech" still on at the end of the data?

Every indicator of ``data/monitor_rules.csv`` is measured at every date of its data, and its latest
value gets a call by the rule declared there (registry style, set before looking at the latest
values): with ``v = thesis_sign * (value - center)``, the call is **on** if ``v >= on_at``,
**reversed** if ``v <= reversed_at``, else **paused**. ``thesis_sign`` is +1 where a higher
value is the rotation (equal weight beating cap weight) and -1 where a lower one is (tech lagging).

Measures (``measure`` column):

- ``spread``: total return of ``a`` minus ``b`` over the last ``days`` trading days, pp (adjusted
  closes of the ETF panel; ``group:<name>`` is the equal-weighted mean of that group's members'
  returns, groups from ``data/universes.csv``);
- ``breadth_own``: percent of S&P 500 members (the July-2026 list) above their own
  ``days``-day average, from the member price panel (survivorship: today's members only);
- ``breadth_official``: the official series (column ``a`` of ``reference/sp500_breadth_official.csv``);
- ``flows``: net flow of ``a`` minus ``b`` over the last ``days`` trading days with flow data,
  USD bn (days with no data add nothing; the window's coverage is reported).

**Legs.** Indicators are not votes: each belongs to a leg of the thesis (``leg`` column: equal vs cap
weight, small vs large caps, technology vs the market, the Magnificent Seven vs the rest, cyclicals vs
defensives, breadth, flows), and :func:`legs` combines a leg's *voting* indicators by the rule of
``data/monitor_legs.csv`` (the call of its horizons of at least ``min_days`` trading days when they
agree, else paused). An indicator does not vote when
its row says so (``votes`` = 0: the own breadth count on today's members, biased by survivorship), when
its data end more than the leg's ``stale_after_days`` before the latest voting data (*stale*), or when
a flow reading's bounds for its missing fund-days give different calls (*undecidable*).
:func:`thesis` reads the legs by the rule of ``data/monitor_thesis.csv``: core legs (technology, the
Magnificent Seven) and support legs, never a count of indicators.

The percentile is the share of the indicator's own history (every date since its data start)
at or below the latest value, in percent. Nothing is written to ``results/``: these are
readings, not claims. The charts of the indicators are drawn by :func:`rotation.plots.monitor_chart`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ..inputs import data
from . import breadth

CALLS = ("on", "paused", "reversed")
#: a flow reading whose bounds for its missing days give different calls
UNDECIDABLE = "undecidable"
_COLUMNS = [
    "id",
    "label",
    "measure",
    "a",
    "b",
    "days",
    "unit",
    "thesis_sign",
    "center",
    "on_at",
    "reversed_at",
    "rule",
    "leg",
    "votes",
]


def rules() -> pd.DataFrame:
    """The declared indicators and their calls (``data/monitor_rules.csv``), indexed by ``id``."""
    df = data.read_project_csv("monitor_rules.csv")
    missing = sorted(set(_COLUMNS) - set(df.columns))
    if missing:
        raise DataValidationError(f"data/monitor_rules.csv: missing columns {missing}")
    bad = df.loc[df["on_at"] <= df["reversed_at"], "id"].tolist()
    if bad:
        raise DataValidationError(f"data/monitor_rules.csv: on_at must exceed reversed_at (rows {bad})")
    if df["id"].duplicated().any():
        raise DataValidationError(
            f"data/monitor_rules.csv: duplicated ids {df.loc[df['id'].duplicated(), 'id'].tolist()}"
        )
    return df.set_index("id")


def call(value: float, rule: pd.Series) -> str:
    """ "on", "paused" or "reversed" for ``value`` under one rule row (see the module docstring)."""
    if value is None or not np.isfinite(value):
        raise DataValidationError(f"monitor {rule.name}: no value to call")
    v = float(rule["thesis_sign"]) * (float(value) - float(rule["center"]))
    return "on" if v >= float(rule["on_at"]) else "reversed" if v <= float(rule["reversed_at"]) else "paused"


def _members(name: str) -> list[str]:
    if name.startswith("group:"):
        return data.universe(name.removeprefix("group:"))["ticker"].tolist()
    return [name]


def trailing_returns(closes: pd.DataFrame, days: int) -> pd.DataFrame:
    """Total return over the last ``days`` trading days at each date, percent (adjusted closes)."""
    return (closes / closes.shift(days) - 1.0) * 100.0


def _spread(closes: pd.DataFrame, a: str, b: str, days: int) -> pd.Series:
    r = trailing_returns(closes, days)
    ra = r[_members(a)].mean(axis=1, skipna=False)
    rb = r[_members(b)].mean(axis=1, skipna=False)
    return (ra - rb).dropna()


def _flows(a: str, b: str, days: int) -> pd.Series:
    fl = data.etf_flows(_members(a) + _members(b))
    wide = fl.pivot(index="date", columns="ticker", values="flow_usd")
    wide = wide.loc[wide.notna().any(axis=1)]  # days with any flow data
    if len(wide) < days:
        raise DataValidationError(
            f"flows/etf_daily_flows.csv: {len(wide)} days with data for {a} / {b}; "
            f"the monitor's flow window needs {days}"
        )
    roll = wide.fillna(0.0).rolling(days, min_periods=days).sum()  # a missing day adds nothing
    sa = roll.reindex(columns=_members(a)).sum(axis=1, min_count=1)
    sb = roll.reindex(columns=_members(b)).sum(axis=1, min_count=1)
    return ((sa - sb) / 1e9).dropna()


def flow_bounds(a: str, b: str, days: int) -> tuple[float, float, float, int]:
    """The latest flow reading (:func:`_flows`) with bounds for its missing fund-days: each missing
    day of a fund can be as large, either way, as that fund's largest observed daily flow.
    Returns ``(value, low, high, missing fund-days)``, USD bn."""
    members = _members(a) + _members(b)
    fl = data.etf_flows(members)
    wide = fl.pivot(index="date", columns="ticker", values="flow_usd").reindex(columns=members)
    wide = wide.loc[wide.notna().any(axis=1)]
    last = wide.iloc[-days:]
    value = float(last[_members(a)].sum().sum() - last[_members(b)].sum().sum()) / 1e9
    biggest = wide.abs().max()
    slack = float((last.isna().sum() * biggest).sum()) / 1e9
    return value, value - slack, value + slack, int(last.isna().sum().sum())


def history() -> dict[str, pd.Series]:
    """Every indicator's value at every date of its data (units of its rule's ``unit``)."""
    rs = rules()
    out: dict[str, pd.Series] = {}
    tickers = sorted(
        {
            t
            for _, r in rs[rs["measure"] == "spread"].iterrows()
            for n in (r["a"], r["b"])
            for t in _members(n)
        }
    )
    etf = _spread_closes(tickers) if tickers else None
    own: dict[int, pd.Series] = {}
    members_px: pd.DataFrame | None = None  # the S&P 500 members' closes, read once
    official = None
    for iid, r in rs.iterrows():
        days = int(r["days"])
        if r["measure"] == "spread":
            s = _spread(etf, r["a"], r["b"], days)
        elif r["measure"] == "breadth_own":
            if days not in own:
                members_px = _members_closes() if members_px is None else members_px
                own[days] = breadth.pct_above_ma(members_px, days)
            s = own[days]
        elif r["measure"] == "breadth_official":
            official = data.breadth_official() if official is None else official
            if r["a"] not in official:
                raise DataValidationError(
                    f"reference/sp500_breadth_official.csv has no column {r['a']!r} "
                    f"(data/monitor_rules.csv, {iid})"
                )
            s = official[r["a"]].dropna()
        elif r["measure"] == "flows":
            s = _flows(r["a"], r["b"], days)
        else:
            raise DataValidationError(f"data/monitor_rules.csv, {iid}: unknown measure {r['measure']!r}")
        if s.empty:
            raise DataValidationError(f"monitor {iid}: no data")
        s.name = iid
        out[iid] = s
    return out


def _spread_closes(tickers: list[str]) -> pd.DataFrame:
    """Adjusted closes of the spreads' tickers: ETFs from the ETF panel, stocks (the Magnificent
    Seven) from the S&P 500 member panel, on the ETF panel's dates."""
    etf_names = set(data.prices(None, panel="etf", fields=("close",))["ticker"].unique())
    funds = [t for t in tickers if t in etf_names]
    stocks = [t for t in tickers if t not in etf_names]
    px = data.closes(funds)
    if stocks:
        px = px.join(data.closes(stocks, panel="sp500"), how="left")
    return px


def _members_closes() -> pd.DataFrame:
    """Wide closes of the current S&P 500 members that the member panel holds."""
    px = breadth.wide(data.prices(None, panel="sp500", fields=("close",)))
    return px[[t for t in data.sp500_members()["yf_symbol"] if t in px.columns]]


def percentile(series: pd.Series, value: float) -> float:
    """Percent of ``series`` at or below ``value`` (0-100)."""
    s = series.dropna()
    return float((s <= value).mean() * 100.0)


def calls(hist: dict[str, pd.Series] | None = None) -> pd.DataFrame:
    """One row per indicator: ``label, value, value_text, unit, percentile, call, as_of, since, rule``."""
    rs = rules()
    hist = history() if hist is None else hist
    rows = []
    for iid, r in rs.iterrows():
        s = hist[iid]
        v = float(s.iloc[-1])
        text = (
            f"{v:+.1f} pp"
            if r["unit"] == "pp"
            else f"{v:.0f} %"
            if r["unit"] == "percent"
            else f"{v:+.2f} {r['unit']}"
        )
        c, low, high = call(v, r), np.nan, np.nan
        if r["measure"] == "flows":
            _, low, high, _ = flow_bounds(r["a"], r["b"], int(r["days"]))
            c = call(low, r) if call(low, r) == call(high, r) else UNDECIDABLE
        rows.append(
            {
                "id": iid,
                "label": r["label"],
                "leg": r["leg"],
                "votes": bool(int(r["votes"])),
                "low": low,
                "high": high,
                "value": v,
                "value_text": text,
                "unit": r["unit"],
                "percentile": percentile(s, v),
                "call": c,
                "as_of": str(s.index[-1].date()),
                "since": str(s.index[0].date()),
                "rule": r["rule"],
            }
        )
    return pd.DataFrame(rows).set_index("id")


# --------------------------------------------------------------------------------------------
# legs and the thesis
# --------------------------------------------------------------------------------------------
def leg_rules() -> pd.DataFrame:
    """``data/monitor_legs.csv`` indexed by leg: label, role (core/support), combine, stale_after_days, rule."""
    df = data.read_project_csv("monitor_legs.csv")
    bad = sorted(set(df["role"]) - {"core", "support"})
    if bad:
        raise DataValidationError(f"data/monitor_legs.csv: role must be core or support, not {bad}")
    return df.set_index("leg")


def combine(calls_of_leg: list[str]) -> str:
    """A leg's call from the calls of its deciding indicators: their call when they all agree,
    else paused; ``"no reading"`` when none decides."""
    if not calls_of_leg:
        return "no reading"
    return calls_of_leg[0] if len(set(calls_of_leg)) == 1 else "paused"


def voting(c: pd.DataFrame) -> pd.Series:
    """Why each indicator votes or not: ``"votes"``, ``"does not vote (…)"``, ``"stale"`` or
    ``"undecidable"``, by the module docstring's rules."""
    lr, rs = leg_rules(), rules()
    latest = pd.to_datetime(c.loc[c["votes"], "as_of"]).max()
    out = {}
    for iid, r in c.iterrows():
        stale = latest - pd.Timestamp(r["as_of"]) > pd.Timedelta(
            days=int(lr.loc[r["leg"], "stale_after_days"])
        )
        short = int(rs.loc[iid, "days"]) < int(lr.loc[r["leg"], "min_days"])
        out[iid] = (
            "does not vote (survivorship bias)"
            if not r["votes"]
            else "shown, does not decide (short horizon)"
            if short
            else "stale"
            if stale
            else "undecidable"
            if r["call"] == UNDECIDABLE
            else "votes"
        )
    return pd.Series(out, name="vote")


def legs(c: pd.DataFrame) -> pd.DataFrame:
    """One row per leg: ``label, role, call, voters, reason`` (the calls of its voting indicators)."""
    lr = leg_rules()
    vote = voting(c)
    rows = []
    for leg, r in lr.iterrows():
        mine = c[c["leg"] == leg]
        voters = [i for i in mine.index if vote[i] == "votes"]
        call_ = combine([mine.loc[i, "call"] for i in voters])
        kept = [f"{i}: {vote[i]}" for i in mine.index if vote[i] != "votes"]
        reason = ", ".join(f"{i} {mine.loc[i, 'call']}" for i in voters) or "no voting indicator"
        rows.append(
            {
                "leg": leg,
                "label": r["label"],
                "role": r["role"],
                "call": call_,
                "voters": len(voters),
                "reason": reason + (f" ({'; '.join(kept)})" if kept else ""),
                "rule": r["rule"],
            }
        )
    return pd.DataFrame(rows).set_index("leg")


def thesis(lg: pd.DataFrame) -> tuple[str, str]:
    """The thesis call from the legs, by ``data/monitor_thesis.csv``: ``(call, sentence)``."""
    tr = data.read_project_csv("monitor_thesis.csv").set_index("call")
    core = lg[lg["role"] == "core"]["call"]
    support = lg[(lg["role"] == "support") & lg["call"].isin(CALLS)]["call"]
    share = lambda s, k: float((s == k).mean()) if len(s) else 0.0  # noqa: E731
    if share(core, "on") >= float(tr.loc["on", "core_share"]) and share(support, "on") >= float(
        tr.loc["on", "support_share"]
    ):
        verdict = "on"
    elif share(core, "reversed") >= float(tr.loc["reversed", "core_share"]) and share(support, "on") <= float(
        tr.loc["reversed", "support_share"]
    ):
        verdict = "reversed"
    else:
        verdict = "mixed"

    def said(k: str) -> str:
        got = [lg.loc[i, "label"] for i in lg.index if lg.loc[i, "call"] == k]
        verb = {"on": "on", "paused": "paused", "reversed": "reversed", "no reading": "without a reading"}[k]
        return f"{', '.join(got)} {'is' if len(got) == 1 else 'are'} {verb}" if got else ""

    parts = [p for p in (said(k) for k in (*CALLS, "no reading")) if p]
    sentence = (
        f"By leg, the rotation out of tech is {verdict}: {'; '.join(parts)}. "
        f"The rule (data/monitor_thesis.csv): {tr.loc[verdict, 'rule']}."
    )
    return verdict, sentence


def leg_history(hist: dict[str, pd.Series], since, freq: str = "ME") -> pd.DataFrame:
    """Each leg's call at each month end since ``since`` (the legs whose voting indicators have
    price history; the flows leg, whose data span three months, is left out): rows = dates, columns
    = legs, values = calls. Indicators vote where they have a value on that date."""
    rs = rules()
    lr = leg_rules()
    frame = pd.DataFrame({i: s for i, s in hist.items()})
    ends = frame.loc[pd.Timestamp(since) :].groupby(pd.Grouper(freq=freq)).tail(1).index
    out = {}
    for leg in lr.index:
        ids = [
            i
            for i in rs.index
            if rs.loc[i, "leg"] == leg and int(rs.loc[i, "votes"]) and rs.loc[i, "measure"] != "flows"
        ]
        if not ids:
            continue
        col = {}
        for d in ends:
            vals = [frame.loc[:d, i].dropna() for i in ids]
            fresh = [
                (i, v.iloc[-1])
                for i, v in zip(ids, vals)
                if len(v) and (d - v.index[-1]).days <= int(lr.loc[leg, "stale_after_days"])
            ]
            col[d] = combine([call(x, rs.loc[i]) for i, x in fresh])
        out[leg] = pd.Series(col)
    frame = pd.DataFrame(out)
    return frame.loc[~(frame == "no reading").all(axis=1)]  # month ends after the price data end


def summary(c: pd.DataFrame) -> str:
    """The thesis by leg in one sentence (:func:`thesis`), with the dates the readings run to."""
    ends = sorted(set(c.loc[voting(c) == "votes", "as_of"]))
    span = ends[-1] if len(ends) == 1 else f"{ends[0]} to {ends[-1]}"
    return f"At the end of the data ({span}): " + thesis(legs(c))[1]


def round_trip(series: pd.Series) -> pd.DataFrame:
    """The path of a cumulative series in three points: its high, the low after that high, and
    its last value (with dates), so a round trip (e.g. 9.1 -> 1.0 -> 5.2 pp) is not hidden by the
    end value alone."""
    s = series.dropna()
    if s.empty:
        raise DataValidationError(f"{series.name}: no values")
    hi = s.idxmax()
    lo = s.loc[hi:].idxmin()
    return pd.DataFrame(
        {"date": [hi, lo, s.index[-1]], "value": [s[hi], s[lo], s.iloc[-1]]},
        index=pd.Index(["high", "low after the high", "last"], name="point"),
    )


MIME = "application/vnd.rotation.monitor+json"


def publish(c: pd.DataFrame) -> None:
    """Attach the calls to the executed notebook as a machine-readable output (mime type
    :data:`MIME`, not shown): the report's landing page reads them from there, so the page and the
    notebook cannot disagree and the site build does not recompute them."""
    from IPython.display import display

    flat = c.reset_index().astype(object)
    records = flat.where(pd.notna(flat), None).to_dict(orient="records")  # strict JSON: no NaN
    display({MIME: {"calls": records}}, raw=True)


def published(notebook) -> pd.DataFrame | None:
    """The calls an executed monitor notebook published (see :func:`publish`); None if it has none."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if MIME in data:
                return pd.DataFrame(data[MIME]["calls"]).set_index("id")
    return None
