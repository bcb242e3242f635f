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
    lim = float(np.nanmax(np.abs(num[["stated", "measured"]].to_numpy()))) * 1.6
    ax.plot([-lim, lim], [-lim, lim], color="black", lw=0.8, label="measured = stated")
    sns.scatterplot(num, x="stated", y="measured", hue="verdict", palette=VERDICT_COLORS,
                    hue_order=[v for v in VERDICT_ORDER if v in set(num["verdict"])], s=70, ax=ax)
    for cid, r in num.iterrows():
        ax.annotate(f"{cid} ({r['unit']})", (r["stated"], r["measured"]), xytext=(5, 4),
                    textcoords="offset points", fontsize=8)
    ax.set_xscale("symlog", linthresh=1)
    ax.set_yscale("symlog", linthresh=1)
    ax.set_xlim(-lim if (num[["stated", "measured"]] < 0).any().any() else 0, lim)
    ax.set_ylim(ax.get_xlim())
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
