"""The scorecard: every claim of the registry with its stated and measured figure and verdict.

Built only from ``results/*.json`` (written by the claim notebooks) and ``data/claims.csv``;
:func:`gather` refuses missing or stale results, so the scorecard cannot show an old verdict.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from . import claims, plots

VERDICT_ORDER = list(claims.VERDICTS)
VERDICT_COLORS = dict(zip(VERDICT_ORDER, ["#029e73", "#de8f05", "#d55e00", "#949494"]))


def gather(*, strict: bool = True) -> pd.DataFrame:
    """Registry joined with results, one row per claim, in registry order.

    Columns: ``theme, statement, attribution, stated, measured, unit, verdict, reason, window,
    data_end, notebook, link`` (``link`` is a Markdown link to the deciding section).
    Raises :class:`rotation.errors.StaleResultError` (with ``strict``) if a result is missing or
    was written by an older version of its notebook.
    """
    reg = claims.registry()
    res = claims.load_results(strict=strict)
    cols = ["stated", "measured", "verdict", "reason", "window", "data_end", "details"]
    df = reg[["theme", "statement", "attribution", "stated_text", "unit", "test", "notebook"]].join(
        res.reindex(reg.index)[cols])
    df["link"] = [f"[{nb.split('/')[-1].removesuffix('.ipynb')} § {cid}]({nb.split('/')[-1]}#{cid})"
                  for cid, nb in df["notebook"].items()]
    return df


def table(df: pd.DataFrame) -> pd.DataFrame:
    """The reader's table: claim, who said it, stated, measured, verdict, where it is decided."""
    def show(x):
        if x is None or (isinstance(x, float) and np.isnan(x)):
            return "—"
        if isinstance(x, float):
            return f"{x:.2f}".rstrip("0").rstrip(".")
        return str(x)

    out = pd.DataFrame({
        "claim": df["statement"],
        "stated": df["stated_text"],
        "measured": [f"{show(m)} {u}" if show(m) != "—" else "—" for m, u in zip(df["measured"], df["unit"].fillna(""))],
        "verdict": df["verdict"],
        "decided in": df["link"],
    }, index=df.index)
    out.index.name = "id"
    return out


def counts(df: pd.DataFrame) -> pd.DataFrame:
    """Number of claims per theme and verdict (all four verdicts as columns)."""
    c = pd.crosstab(df["theme"], pd.Categorical(df["verdict"], categories=VERDICT_ORDER), dropna=False)
    c.columns = [str(x) for x in c.columns]
    c.loc["all"] = c.sum()
    return c


def numeric(df: pd.DataFrame) -> pd.DataFrame:
    """Claims whose stated and measured values are both numbers (for the 45-degree exhibit)."""
    num = df[[isinstance(s, (int, float)) and isinstance(m, (int, float)) and not isinstance(m, bool)
              for s, m in zip(df["stated"], df["measured"])]]
    num = num[num["stated"].notna() & num["measured"].notna()].copy()
    num["stated"] = num["stated"].astype(float)
    num["measured"] = num["measured"].astype(float)
    return num


def stated_vs_measured(df: pd.DataFrame, source: str) -> plt.Figure:
    """Measured against stated value for every numeric claim, with the 45-degree line.

    Axes are symmetric-log so that figures in percent, pp, USD bn and counts share one chart;
    the colour is the verdict.
    """
    num = numeric(df)
    fig, ax = plt.subplots(figsize=(6.5, 6))
    vals = num[["stated", "measured"]].to_numpy()
    hi = float(np.nanmax(np.abs(vals))) * 1.6
    lo = -1.0 if (vals < 0).any() else 0.0
    ax.plot([lo, hi], [lo, hi], color="black", lw=0.8, label="measured = stated")
    sns.scatterplot(num, x="stated", y="measured", hue="verdict", palette=VERDICT_COLORS,
                    hue_order=[v for v in VERDICT_ORDER if v in set(num["verdict"])], s=70, ax=ax)
    for i, (cid, r) in enumerate(num.iterrows()):
        ax.annotate(cid, (r["stated"], r["measured"]), xytext=(6, 6 if i % 2 else -12),
                    textcoords="offset points", fontsize=9)
    ax.set_xscale("symlog", linthresh=1)
    ax.set_yscale("symlog", linthresh=1)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.legend(frameon=False, loc="upper left")
    return plots.finish(ax, "Measured vs stated, numeric claims", "measured (claim's own unit, symlog)", source,
                        xlabel="stated by the article (claim's own unit, symlog)")


def prose(df: pd.DataFrame) -> str:
    """Markdown summary: which claims held, which did not, which the data cannot decide."""
    parts = []
    labels = {"supported": "Held up", "partly supported": "Held in part",
              "not supported": "Did not hold", "undecidable with this data": "Cannot be decided with public data here"}
    for v in VERDICT_ORDER:
        ids = df.index[df["verdict"] == v].tolist()
        if ids:
            items = "; ".join(f"**{i}** ({df.loc[i, 'theme']})" for i in ids)
            parts.append(f"- *{labels[v]}* ({len(ids)} of {len(df)}): {items}.")
    return "\n".join(parts)


def followup(card: pd.DataFrame, *, stall_from: str | None = None) -> pd.DataFrame:
    """How the price-based measures behind B2, B3, B4, B5 and C2 moved after the article.

    One row per measure: its value at the claim's window end (the article's date) and at the last
    day of the ETF data, both computed here from adjusted closes (total returns, percent or pp;
    ranks among the 11 sector SPDRs, 1 = best). ``stall_from`` (default: B5's stated date) starts
    the XLK-vs-RSP line.
    """
    from . import consensus, data, returns

    start, end = card.loc["B2", "window"]
    sectors = data.universe("sector_etf")["ticker"].tolist()
    px = data.closes(["RSP", "SPY", "IWM", *sectors], pd.Timestamp(start) - pd.Timedelta(days=200))
    last = px.index[-1]
    stall_from = stall_from or str(claims.claim("B5")["stated_value"])

    def ret(a, s, e):
        return float(returns.total_return(px[[a]], s, e).iloc[0]) * 100

    def top4(s, e):
        r = returns.total_return(px[sectors], s, e)
        return ", ".join(r.sort_values(ascending=False).index[:4])

    def rank3m(t, e):
        return int(consensus.trailing_returns(px[sectors], e, months=(3,)).loc[t, "rank_3m"])

    c2_end = card.loc["C2", "window"][1]
    rows = [
        ("B2", f"RSP − SPY since {start}, pp", ret("RSP", start, end) - ret("SPY", start, end),
         ret("RSP", start, last) - ret("SPY", start, last)),
        ("B4", f"IWM since {start}, %", ret("IWM", start, end), ret("IWM", start, last)),
        ("B4", f"IWM − SPY since {start}, pp", ret("IWM", start, end) - ret("SPY", start, end),
         ret("IWM", start, last) - ret("SPY", start, last)),
        ("B3", f"four best sector SPDRs since {start}", top4(start, end), top4(start, last)),
        ("B5", f"XLK − RSP since {stall_from}, pp", ret("XLK", stall_from, end) - ret("RSP", stall_from, end),
         ret("XLK", stall_from, last) - ret("RSP", stall_from, last)),
        ("C2", "XLK rank over the trailing 3 months (of 11)", rank3m("XLK", c2_end), rank3m("XLK", last)),
        ("C2", "XLF rank over the trailing 3 months (of 11)", rank3m("XLF", c2_end), rank3m("XLF", last)),
    ]
    out = pd.DataFrame(rows, columns=["claim", "measure", "at the article", f"on {last.date()}"])
    for col in out.columns[2:]:
        out[col] = [round(v, 1) if isinstance(v, float) else v for v in out[col]]
    return out.set_index("claim")
