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

The percentile is the share of the indicator's own history (every date since its data start)
at or below the latest value, in percent. Nothing is written to ``results/``: these are
readings, not claims. The charts of the indicators are drawn by :func:`rotation.plots.monitor_chart`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import breadth, data
from .errors import DataValidationError

CALLS = ("on", "paused", "reversed")
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
    etf = data.closes(tickers) if tickers else None
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
        rows.append(
            {
                "id": iid,
                "label": r["label"],
                "value": v,
                "value_text": text,
                "unit": r["unit"],
                "percentile": percentile(s, v),
                "call": call(v, r),
                "as_of": str(s.index[-1].date()),
                "since": str(s.index[0].date()),
                "rule": r["rule"],
            }
        )
    return pd.DataFrame(rows).set_index("id")


def summary(c: pd.DataFrame) -> str:
    """One sentence: how many indicators call the rotation on, paused, reversed, and at which dates."""
    n = {k: int((c["call"] == k).sum()) for k in CALLS}
    rev = c.index[c["call"] == "reversed"]
    ends = sorted(set(c["as_of"]))
    span = ends[-1] if len(ends) == 1 else f"{ends[0]} to {ends[-1]}"
    lead = (
        "mostly still on"
        if n["on"] > len(c) / 2
        else "mostly reversed"
        if n["reversed"] > len(c) / 2
        else "mixed"
    )

    def names(ids):
        return "; ".join(c.loc[i, "label"] for i in ids) or "none"

    return (
        f"At the end of the data ({span}, by indicator), the rotation is {lead}: {n['on']} of {len(c)} "
        f"indicators say on, {n['paused']} paused and {n['reversed']} reversed (reversed: {names(rev)})."
    )


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

    display({MIME: {"calls": c.reset_index().to_dict(orient="records")}}, raw=True)


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
