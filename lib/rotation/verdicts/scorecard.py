"""The scorecard: every claim of the registry with its stated and measured figure and verdict.

Built only from ``results/*.json`` (written by the claim notebooks) and ``data/claims.csv``;
:func:`gather` refuses missing or stale results, so the scorecard cannot show an old verdict.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import plots
from ..errors import StaleResultError
from . import claims, registry

VERDICT_ORDER = list(registry.VERDICTS)
#: Colour-blind-safe (Paul Tol's "bright" scheme): blue, yellow, red, grey differ in hue and lightness.
VERDICT_COLORS = dict(zip(VERDICT_ORDER, ["#4477aa", "#ccbb44", "#ee6677", "#bbbbbb"]))

#: How each registry unit is written after a measured value (``None``: the value says it itself)
_UNIT_TEXT = {
    "percentage points": "pp",
    "percent": "%",
    "percent of index gain": "% of the index gain",
    "share of checks passed": "checks passed",
    "date": None,
    "rank of net-overweight score": None,
    "rank of 11 (1 = best)": None,
    "Spearman rank correlation": None,
}


def gather(*, strict: bool = True, article: str | None = None) -> pd.DataFrame:
    """Registry joined with results, one row per claim of ``article`` (every article's if
    ``None``), in registry order.

    Columns: ``theme, statement, attribution, stated_text, unit, test, tolerance, partial_tolerance,
    notebook, stated, measured, verdict, reason, window, data_end, details, headline, measured_text,
    proxy, robustness, stale, link`` (``link`` is a Markdown link to the deciding section). Result
    fields a results file does not have yet are empty.
    Raises :class:`rotation.errors.StaleResultError` (with ``strict``) if a result is missing or
    was written by an older version of its notebook.
    """
    reg = registry.registry()
    if article is not None:
        reg = reg[reg["article"] == article]
        if reg.empty:
            raise KeyError(f"no claims of article {article!r} in data/claims.csv")
    res = claims.load_results(strict=strict, article=article)
    cols = [
        "stated",
        "measured",
        "verdict",
        "reason",
        "window",
        "data_end",
        "details",
        "headline",
        "measured_text",
        "proxy",
        "robustness",
        "stale",
    ]
    df = reg[
        [
            "theme",
            "statement",
            "attribution",
            "stated_text",
            "unit",
            "test",
            "tolerance",
            "partial_tolerance",
            "notebook",
        ]
    ].join(res.reindex(index=reg.index, columns=cols))
    df["link"] = [
        f"[{nb.split('/')[-1].removesuffix('.ipynb')} § {cid}]({nb.split('/')[-1]}#{cid})"
        for cid, nb in df["notebook"].items()
    ]
    return df


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and np.isnan(x)) or (isinstance(x, str) and not x.strip())


def finding(row: pd.Series) -> str:
    """The one sentence a reader sees first: the result's ``headline``, else the first clause of
    its ``reason`` (up to the first ";", without a trailing parenthesis), capitalised."""
    if not _missing(row.get("headline")):
        return str(row["headline"])
    reason = "" if _missing(row.get("reason")) else str(row["reason"])
    first = re.split(r";\s|\.\s", reason, maxsplit=1)[0].strip().rstrip(".")
    first = re.sub(r"\s*\([^()]*\)$", "", first)
    return (first[:1].upper() + first[1:] + ".") if first else "—"


def measured_text(row: pd.Series) -> str:
    """The measured value in the claim's own unit: the result's ``measured_text``, else the
    value formatted with the registry unit ("+4.52 pp", "44.4 % of the index gain", "2 of 3
    checks passed", "2025-04-22")."""
    if not _missing(row.get("measured_text")):
        return str(row["measured_text"])
    m, unit = row.get("measured"), row.get("unit")
    unit = "" if _missing(unit) else str(unit)
    if _missing(m) or row.get("verdict") == "undecidable with this data":
        return "—"  # an undecidable claim's number, if any, is a proxy's (see proxy_text)
    suffix = _UNIT_TEXT.get(unit, unit)
    if isinstance(m, bool) or not isinstance(m, (int, float)):
        return f"{m} {suffix}".strip() if suffix else str(m)
    if unit == "Spearman rank correlation":
        return f"ρ = {m:+.2f}"
    if unit in ("percentage points", "USD bn"):
        return f"{m:+.2f} {suffix}"
    if float(m).is_integer():
        return f"{int(m)} {suffix}".strip()
    return f"{m:.1f} {suffix}".replace(" %", " %").strip()


def proxy_text(row: pd.Series) -> str:
    """A proxy's result, labelled as such (never shown as the claim's measurement); "—" if none."""
    p = row.get("proxy")
    if not isinstance(p, dict) or not p:
        if row.get("verdict") == "undecidable with this data" and not _missing(row.get("measured")):
            shown = measured_text(pd.Series({**row.to_dict(), "verdict": None, "measured_text": None}))
            return f"{shown} (a proxy's value: see the detail)"
        return "—"
    value = p.get("text") or " ".join(str(x) for x in (p.get("value"), p.get("unit")) if not _missing(x))
    verdict = f"; as the claim it would be {p['verdict']}" if p.get("verdict") else ""
    return f"{p.get('label', 'proxy')}: {value}{verdict}"


def robustness_text(row: pd.Series) -> str:
    """ "robust: 90 % of 12 grid cells agree" from the result's ``robustness`` (the share of the grid
    giving the registry window's verdict; for a proxy, the proxy's verdict); "not assessed" if none.
    The grid itself is described in the result's reason."""
    r = row.get("robustness")
    if not isinstance(r, dict) or not r:
        return "not assessed"
    shares = r.get("shares") or {}
    share = r.get("agree_with_registry_window", shares.get(row.get("verdict")))
    cells = "proxy cells" if "proxy" in str(r.get("grid", "")) else "grid cells"
    agree = f": {share:.0%} of {r.get('n')} {cells} agree" if share is not None else ""
    return f"{r.get('label', '')}{agree}".strip()


def table(df: pd.DataFrame, *, markdown: bool = True) -> pd.DataFrame:
    """The reader's table: claim, verdict, what was found (one sentence), stated, measured (the
    claim's own unit), a proxy's result where only a proxy was measurable, how robust the verdict
    is, and (with ``markdown``) a link to the deciding section."""
    out = pd.DataFrame(
        {
            "claim": df["statement"],
            "verdict": df["verdict"].fillna("—"),
            "finding": [finding(r) for _, r in df.iterrows()],
            "stated": df["stated_text"],
            "measured": [measured_text(r) for _, r in df.iterrows()],
            "proxy": [proxy_text(r) for _, r in df.iterrows()],
            "robustness": [robustness_text(r) for _, r in df.iterrows()],
        },
        index=df.index,
    )
    if markdown:
        out["decided in"] = df["link"]
    out.index.name = "id"
    return out


def article_table(article: str) -> pd.DataFrame:
    """:func:`table` of one article's claims (without the link column: the claims are on the page)."""
    return table(gather(article=article), markdown=False)


def counts(df: pd.DataFrame) -> pd.DataFrame:
    """Number of claims per theme and verdict (all four verdicts as columns)."""
    c = pd.crosstab(df["theme"], pd.Categorical(df["verdict"], categories=VERDICT_ORDER), dropna=False)
    c.columns = [str(x) for x in c.columns]
    c.loc["all"] = c.sum()
    return c


def _dates(measured: object) -> list[str]:
    """The ISO dates in a measured value (one for a turn, one per line for ``turn_each``);
    ``ValueError`` when it holds none."""
    found = re.findall(r"\d{4}-\d{2}-\d{2}", str(measured))
    if not found:
        raise ValueError(f"no date in {measured!r}")
    return found


def gaps(df: pd.DataFrame) -> pd.DataFrame:
    """Each numeric or date claim's distance from its stated figure in units of its declared
    tolerance: ``gap = (measured - stated) / tolerance`` (days for dates), with the bounds of its
    "supported" and "partly supported" zones in the same units.

    ``approx`` and ``turn`` (dates): supported within ±1, partly within ±partial/tolerance; ``at_least``:
    supported from 0 up, partly from -1; ``at_most``: the mirror image. Claims whose measurement is
    not a number (qualitative, counts of checks, ranges), whose tolerance is 0, or that are undecidable
    (their number, if any, is a proxy's) are left out.
    """
    rows = []
    for cid, r in df.iterrows():
        test, tol = r["test"], r["tolerance"]
        # a dated turn: its date against the stated one; a turn read on several lines (B5's
        # ``turn_each``, measured "Mag 7/RSP 2025-11-03; XLK/RSP 2025-10-29"): the line farthest from it
        test = "date" if test in ("turn", "turn_each") else test
        if (
            test not in ("approx", "at_least", "at_most", "date")
            or _missing(r["measured"])
            or _missing(tol)
            or float(tol) <= 0
            or r["verdict"] == "undecidable with this data"
        ):  # a proxy is not the claim
            continue
        tol = float(tol)
        ptol = float(r["partial_tolerance"]) / tol if not _missing(r["partial_tolerance"]) else 1.0
        try:
            if test == "date":
                days = [(pd.Timestamp(d) - pd.Timestamp(r["stated"])).days for d in _dates(r["measured"])]
                gap = max(days, key=abs) / tol
            else:
                gap = (float(r["measured"]) - float(r["stated"])) / tol
        except (TypeError, ValueError):
            continue
        zone = {
            "approx": ((-1, 1), (-ptol, ptol)),
            "date": ((-1, 1), (-ptol, ptol)),
            "at_least": ((0, np.inf), (-1, 0)),
            "at_most": ((-np.inf, 0), (0, 1)),
        }[test]
        rows.append(
            {
                "id": cid,
                "gap": gap,
                "supported_lo": zone[0][0],
                "supported_hi": zone[0][1],
                "partly_lo": zone[1][0],
                "partly_hi": zone[1][1],
                "test": test,
                "verdict": r["verdict"],
                "tolerance": tol,
                "unit": "days" if test == "date" else r["unit"],
            }
        )
    return pd.DataFrame(rows).set_index("id")


def gap_chart(df: pd.DataFrame, source: str, *, clip: float = 6.0) -> plt.Figure:
    """Figure: each claim's gap from its stated figure in tolerances (see :func:`gaps`), drawn by
    :func:`rotation.plots.gap_chart` in the verdicts' colours."""
    return plots.gap_chart(gaps(df), source, VERDICT_COLORS, clip=clip)


def prose(df: pd.DataFrame) -> str:
    """Markdown: one sentence per verdict group, answer first (what held, in part, not, undecided)."""
    return "\n".join(f"- {s}" for s in synthesis(df)[:4])


_THEME_WORDS = {
    "breadth": "market breadth",
    "small-cap EPS": "small-cap earnings",
    "sector flows": "sector fund flows",
    "contrarian consensus": "the contrarian reading of consensus",
}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _listing(df: pd.DataFrame, ids: list[str]) -> str:
    by_theme: dict[str, list[str]] = {}
    for i in ids:
        by_theme.setdefault(str(df.loc[i, "theme"]), []).append(i)
    return _and([f"on {_THEME_WORDS.get(k, k)} ({', '.join(v)})" for k, v in by_theme.items()])


def _clause(row: pd.Series) -> str:
    """The first clause of a claim's finding (up to its first "; "), as a sentence fragment."""
    first = finding(row).split("; ")[0].rstrip(".")
    return first[:1].upper() + first[1:]


def synthesis(df: pd.DataFrame, calls: pd.DataFrame | None = None, *, monitor: bool = True) -> list[str]:
    """The answer in plain sentences computed from the results: the tally, what held and what did
    not (each in the words of its finding), what held in part and what cannot be decided here (by
    theme), and (with the monitor's ``calls``) where the thesis stands at the end of the data;
    ``monitor=False`` for an article without a monitor."""
    n = len(df)
    ids = {v: df.index[df["verdict"] == v].tolist() for v in VERDICT_ORDER}
    k = {v: len(x) for v, x in ids.items()}
    out = [
        f"Of the article's {n} claims, {k['supported']} held up, {k['partly supported']} held only in part, "
        f"{k['not supported']} did not hold and {k['undecidable with this data']} cannot be decided with the "
        "public data used here."
    ]
    if ids["supported"]:
        out.append("What held: " + " ".join(f"{_clause(df.loc[i])} ({i})." for i in ids["supported"]))
    if ids["not supported"]:
        out.append(
            "What did not hold: " + " ".join(f"{_clause(df.loc[i])} ({i})." for i in ids["not supported"])
        )
    if ids["partly supported"]:
        out.append(
            f"Held in part: {_listing(df, ids['partly supported'])}; each finding is in the table below."
        )
    if ids["undecidable with this data"]:
        out.append(
            f"Cannot be decided here: {_listing(df, ids['undecidable with this data'])}: the public data hold "
            "only a proxy of what these claims cover, or nothing; each says what would decide it."
        )
    window = article_window_text(df)
    if window:
        out.append(window)
    if not monitor:
        return out
    if calls is not None and len(calls):
        from ..analysis import monitor as mon

        out.append(mon.summary(calls))
    else:
        out.append(
            "Whether the rotation is still on at the end of the data is read by the rotation monitor "
            "(05_rotation_monitor), indicator by indicator."
        )
    return out


def article_window(card: pd.DataFrame) -> pd.DataFrame | None:
    """The article-window search as the breadth notebook recorded it (``details.article_window`` of
    ``results/B2.json``): per basis the windows tried, how many reproduce every stated figure at its
    stated precision, the best window (the reproducing one nearest the stated values, else the
    nearest miss) and B2 / B4 by their rules on it; ``None`` if the result holds no search."""
    if "B2" not in card.index or not isinstance(card.loc["B2", "details"], dict):
        return None
    rec = card.loc["B2", "details"].get("article_window")
    if not isinstance(rec, dict) or not rec.get("by_basis"):
        return None
    rows = {}
    for basis, r in rec["by_basis"].items():
        on = rec.get("verdicts", {}).get(f"{r['best start']} → {r['best end']}, {basis}", {})
        rows[basis] = {
            "windows": r["windows"],
            "reproducing": r["reproducing"],
            "best window": f"{r['best start']} → {r['best end']}",
            "best reproduces": bool(r["best reproduces"]),
            "miss, pp": r["best miss, pp"],
            "B2": on.get("B2", "—"),
            "B4": on.get("B4", "—"),
        }
    out = pd.DataFrame(rows).T
    out.index.name = "basis"
    return out


def article_window_text(card: pd.DataFrame) -> str | None:
    """:func:`article_window` in one sentence: per basis how many windows reproduce all the stated
    figures at their stated precision, which (or the nearest miss), B2 and B4 there, and the two
    verdicts on the registry's window; ``None`` if the result holds no search."""
    t = article_window(card)
    if t is None:
        return None
    parts = []
    for basis, r in t.iterrows():
        on = f"B2 {r['B2']}, B4 {r['B4']} there"
        if r["reproducing"]:
            verb = "reproduces" if r["reproducing"] == 1 else "reproduce"
            parts.append(
                f"on the {basis} basis, {r['reproducing']} of {r['windows']} windows {verb} them all "
                f"(nearest the stated values {r['best window']}: {on})"
            )
        else:
            parts.append(
                f"on the {basis} basis, none of {r['windows']} windows reproduces them all (nearest miss {r['best window']}, "
                f"{float(r['miss, pp']):.2f} pp outside a band: {on})"
            )
    reg = card.loc["B2", "details"]["article_window"].get("verdicts", {}).get("registry window", {})
    tail = f" On the registry's window: B2 {reg['B2']}, B4 {reg['B4']}." if reg else ""
    return (
        "The article's window, each stated figure read at the precision it is stated with: "
        + "; ".join(parts)
        + "."
        + tail
    )


def month_end_spreads(card: pd.DataFrame) -> pd.DataFrame:
    """RSP − SPY and IWM − SPY cumulative total-return spreads (pp) from B2's window start to each
    month's last trading day, as recorded by the breadth notebook in ``results/B2.json``."""
    details = card.loc["B2", "details"]
    if not isinstance(details, dict) or "month_ends_pp" not in details:
        raise StaleResultError("results/B2.json has no month-end spreads: rerun notebooks/01_breadth.ipynb")
    out = pd.DataFrame(details["month_ends_pp"]).T
    out.index = pd.to_datetime(out.index)
    out.index.name = "date"
    return out.astype(float)


def followup(card: pd.DataFrame) -> pd.DataFrame:
    """How the measures behind the claims moved after the article, read from the results alone.

    Each claim notebook records ``details["followup"]``: rows of ``measure``, its value ``at the
    article`` (the claim's window end) and its ``latest`` value on ``latest date`` (the end of the
    data the notebook read). No market data is loaded here. Claims without follow-up rows are
    left out; a result that lacks them where the notebook should write them is not invented.
    """
    rows = []
    for cid, details in card["details"].items():
        for r in (details or {}).get("followup", []) if isinstance(details, dict) else []:
            rows.append(
                {
                    "claim": cid,
                    "measure": r["measure"],
                    "at the article": r["at the article"],
                    "latest": r["latest"],
                    "latest date": r["latest date"],
                }
            )
    if not rows:
        raise StaleResultError("no result carries follow-up values: rerun the claim notebooks (make run)")
    out = pd.DataFrame(rows)
    for col in ("at the article", "latest"):
        out[col] = [round(v, 1) if isinstance(v, float) else ("—" if v is None else v) for v in out[col]]
    return out.set_index("claim")


# --------------------------------------------------------------------------------------------
# the amendments log: how rule changes made after results were seen moved the verdicts
# --------------------------------------------------------------------------------------------
#: Verdicts ordered from the article's side down; undecidable is off this scale.
_RANK = {registry.SUPPORTED: 3, registry.PARTLY: 2, registry.NOT: 1}
#: The kinds of move, in the order the sentence names them.
MOVES = ("up", "down", "to undecidable", "from undecidable", "unchanged")


def _move(before: str, after: str) -> str:
    if before == after:
        return "unchanged"
    if after == registry.UNDECIDABLE:
        return "to undecidable"
    if before == registry.UNDECIDABLE:
        return "from undecidable"
    return "up" if _RANK[after] > _RANK[before] else "down"


def amendments(article: str | None = None) -> pd.DataFrame:
    """``data/amendments.csv`` (one row per rule changed after its result was seen), of the claims of
    ``article`` (all if ``None``), with ``move``: ``up`` (towards "supported"), ``down``, ``to
    undecidable``, ``from undecidable`` or ``unchanged``. A verdict outside the four stops with the
    row named."""
    from .. import config, reads
    from ..errors import DataValidationError

    path = config.project_data_dir() / "amendments.csv"
    reads.note(path)
    log = pd.read_csv(path, dtype=str, keep_default_na=False)
    for i, r in log.iterrows():
        for col in ("verdict_before", "verdict_after"):
            if r[col] not in registry.VERDICTS:
                raise DataValidationError(
                    f"data/amendments.csv row {i + 2} ({r['claim']}): {col} {r[col]!r} is not one of "
                    f"{', '.join(registry.VERDICTS)}"
                )
    if article is not None:
        log = log[log["claim"].isin(registry.claim_ids(article))]
    log = log.reset_index(drop=True)
    log["move"] = [_move(b, a) for b, a in zip(log["verdict_before"], log["verdict_after"])]
    return log


def amendments_text(log: pd.DataFrame) -> str:
    """Two sentences from :func:`amendments`: how many logged rule changes moved a verdict which way
    (claims named), and, when none moved one down, that all that moved one moved it up or to
    undecidable."""
    if log.empty:
        return "No rule was changed after its result was seen (data/amendments.csv lists none)."
    n = len(log)
    parts = []
    for m in MOVES:
        ids = log.loc[log["move"] == m, "claim"].tolist()
        if not ids and m == "from undecidable":
            continue
        what = {"up": "moved its verdict up", "unchanged": "left it unchanged"}.get(m, m)
        parts.append(f"{len(ids) or 'none'} {what}" + (f" ({', '.join(ids)})" if ids else ""))
    said = (
        f"{n} rule{'s were' if n != 1 else ' was'} changed after {'their results were' if n != 1 else 'its result was'} "
        f"seen (data/amendments.csv, each with its reason and the verdict before and after): {_and(parts)}."
    )
    moved = [m for m in ("up", "to undecidable", "from undecidable") if (log["move"] == m).any()]
    if moved and not (log["move"] == "down").any():
        said += (
            f" No change moved a verdict down: every one that moved a verdict moved it {' or '.join(moved)}, "
            "so each reason should be weighed on its own."
        )
    return said
