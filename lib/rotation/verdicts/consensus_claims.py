"""The contrarian-consensus claims (C1–C3) decided from strategists' calls and sector returns: the
rule's grid cells, the tables the notebook shows and the recorded verdicts.

The scores, ranks and tests come from :mod:`rotation.analysis.consensus`; the sectors and tickers a claim
names from ``data/claim_figures.csv`` (the notebook reads them with :func:`rotation.verdicts.articles.figure`
and passes them in); the rules and their cuts (``top_k``, ``lookback_months``, ``alpha``) from the
registry. Returns are fractions, shown in percent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ..analysis.consensus import N_RESAMPLES, ranked_within, trailing_returns
from ..analysis.measures import Measurement
from . import robustness, rules
from .claims import Verdict, record
from .conclude import Conclusion, decide_measured, from_measurement, rule_inputs
from .registry import NOT, PARTLY, SUPPORTED, UNDECIDABLE, claim

#: the first words of a headline, by verdict
LEAD = {
    SUPPORTED: "It holds",
    PARTLY: "Half of it holds",
    NOT: "It does not hold",
    UNDECIDABLE: "The data cannot decide it",
}


def _day(x) -> str:
    return str(pd.Timestamp(x).date())


def top_k(claim_id: str) -> int:
    """The claim's rank cut (the registry's ``top_k``)."""
    return int(claim(claim_id)["top_k"])


def lookback_months(claim_id: str) -> int:
    """The claim's lookback in calendar months (the registry's ``lookback_months``)."""
    return int(claim(claim_id)["lookback_months"])


# --------------------------------------------------------------------------------------------
# C1: what consensus favoured
# --------------------------------------------------------------------------------------------
def variant_grid(claim_id: str, variants: pd.DataFrame, named: Sequence[str]) -> pd.DataFrame:
    """The robustness grid of a "both in the top k" claim over readings of the score
    (:func:`rotation.analysis.consensus.score_variants`): the ranks of the ``named`` sectors in each reading
    (1 = most favoured, ties share the best rank) and the rule's verdict."""
    k = top_k(claim_id)
    cells = [{"results": ranked_within(r, named, k)} for _, r in variants.iterrows()]
    out = variants.rank(axis=1, ascending=False, method="min")[list(named)].astype(int).add_prefix("rank: ")
    out["verdict"] = rules.grid(claim_id, cells)
    return out


def conclude_favourites(
    claim_id: str,
    scores: Mapping[str, pd.DataFrame],
    views: Mapping[str, pd.DataFrame],
    grid: pd.DataFrame,
    named: Sequence[str],
    *,
    report_date: str,
) -> Verdict:
    """Decide and record "consensus is overweight A and B": both ``named`` sectors in the registry's
    top k of the headline score (``scores["all sources"]``, :func:`rotation.analysis.consensus.sector_scores`),
    with the primary-only score as the check and ``grid`` (:func:`variant_grid`) as robustness;
    ``views`` are the firm views behind each score, dated up to ``report_date``."""
    k, head, firms = top_k(claim_id), scores["all sources"], views["all sources"]
    in_top = {src: ranked_within(s["score"], named, k) for src, s in scores.items()}
    n_top = {src: sum(v.values()) for src, v in in_top.items()}
    ranks = {s: int(head.loc[s, "rank"]) for s in named}
    d = rules.decide(claim_id, results={f"{s} in the top {k}": v for s, v in in_top["all sources"].items()})
    rob = robustness.summary(
        grid["verdict"],
        f"{len(grid)} readings of the scoring rule: all or primary sources × qualified "
        "stance as base or neutral × Wells Fargo desks separate or merged × silence as no view "
        "or neutral",
        at=d.verdict,
    )
    return record(
        d,
        ", ".join(f"{s} {r}" for s, r in ranks.items()) + f" (of {len(head)})",
        f"{n_top['all sources']} of {' and '.join(named)} in the top {k} of the net-overweight score "
        f"({firms['firm'].nunique()} firms, primary and secondary sources; primary only: "
        f"{n_top['primary only']} of {len(named)}): {d.reason}",
        window=[firms["date"].min(), report_date],
        data_end=firms["date"].max(),
        details={
            "ranks": ranks,
            "scores": head["score"].to_dict(),
            "n_firms": head["n_firms"].to_dict(),
            "in_top_primary_only": n_top["primary only"],
        },
        headline=(
            f"{LEAD[d.verdict]}: in the strategists' 2026 sector calls collected here, "
            + " and ".join(f"{s} ranks {r} of {len(head)}" for s, r in ranks.items())
            + f" by net overweights; the claim needs both in the top {k}."
        ),
        measured_text=", ".join(f"{s} rank {r}" for s, r in ranks.items()) + f" of {len(head)}",
        robustness=rob,
    )


# --------------------------------------------------------------------------------------------
# C2: among the worst performers
# --------------------------------------------------------------------------------------------
def worst_by_window(
    claim_id: str, trail: pd.DataFrame, named: Sequence[str], months: Sequence[int]
) -> dict[int, dict[str, bool]]:
    """For each lookback of ``months``: is each of ``named`` among the registry's worst k by return
    over that many months (:func:`rotation.analysis.consensus.trailing_returns` columns ``"{m}m"``)?"""
    k = top_k(claim_id)
    return {m: ranked_within(trail[f"{m}m"], named, k, best=False) for m in months}


def lookback_grid(
    claim_id: str, trail: pd.DataFrame, named: Sequence[str], lookbacks: Sequence[int]
) -> pd.DataFrame:
    """The robustness grid over lookbacks: the ``named`` funds' ranks (1 = best) in each window
    and the rule's verdict, one row per lookback."""
    worst = worst_by_window(claim_id, trail, named, lookbacks)
    out = (
        trail[[f"rank_{m}m" for m in lookbacks]]
        .loc[list(named)]
        .T.add_prefix("rank: ")
        .set_axis(pd.Index([f"{m} months" for m in lookbacks], name="lookback"))
    )
    out["verdict"] = rules.grid(claim_id, [{"results": worst[m]} for m in lookbacks])
    return out


def conclude_laggards(
    claim_id: str,
    trail: pd.DataFrame,
    closes: pd.DataFrame,
    grid: pd.DataFrame,
    named: Sequence[str],
    *,
    report_date: str,
    window_start,
) -> Verdict:
    """Decide and record "A and B have been among the worst performers": both ``named`` funds among
    the registry's worst k by total return over its ``lookback_months`` to ``report_date``
    (``trail``: :func:`rotation.analysis.consensus.trailing_returns` with every lookback of ``grid``, the
    :func:`lookback_grid`). The follow-up records their ranks over the same lookback to the last
    day of ``closes``."""
    k, months = top_k(claim_id), lookback_months(claim_id)
    shown = sorted({int(c.split("_")[1][:-1]) for c in trail.columns if c.startswith("rank_")})
    n_worst = {m: sum(v.values()) for m, v in worst_by_window(claim_id, trail, named, shown).items()}
    worst = worst_by_window(claim_id, trail, named, [months])[months]
    d = rules.decide(claim_id, results={f"{t} in the worst {k}": v for t, v in worst.items()})
    lookbacks = [int(i.split()[0]) for i in grid.index]
    rob = robustness.summary(
        grid["verdict"],
        f"lookbacks of {', '.join(map(str, lookbacks))} calendar months to {report_date}",
        at=d.verdict,
    )
    ranks = {t: int(trail.loc[t, f"rank_{months}m"]) for t in named}
    latest = trailing_returns(closes, closes.index[-1], months=(months,))
    n = len(trail)
    return record(
        d,
        ", ".join(f"{t} {r}" for t, r in ranks.items()) + f" (of {n})",
        f"{n_worst[months]} of {' and '.join(named)} among the worst {k} of {n} sector "
        f"SPDRs by {months}-month total return to {report_date}: {d.reason} (by window: "
        + ", ".join(f"{m}m: {c}" for m, c in n_worst.items())
        + ")",
        window=[window_start, report_date],
        data_end=closes.index[-1],
        details={
            "returns_pct": {f"{m}m": (trail[f"{m}m"] * 100).to_dict() for m in shown},
            "ranks": {f"{m}m": trail[f"rank_{m}m"].to_dict() for m in shown},
            "in_worst": n_worst,
            "followup": [
                {
                    "measure": f"{t} rank over the trailing {months} months (of {n}, 1 = best)",
                    "at the article": ranks[t],
                    "latest": int(latest.loc[t, f"rank_{months}m"]),
                    "latest date": _day(closes.index[-1]),
                }
                for t in named
            ],
        },
        headline=(
            f"{LEAD[d.verdict]}: over the {months} months to {report_date} "
            + " and ".join(f"{t} ranked {r} of {n}" for t, r in ranks.items())
            + f" sector funds by total return (the claim needs both among the worst {k})."
        ),
        measured_text=", ".join(f"{t} rank {r}" for t, r in ranks.items()) + f" of {n} (1 = best)",
        robustness=rob,
    )


# --------------------------------------------------------------------------------------------
# C3: a contrarian signal
# --------------------------------------------------------------------------------------------
def grid_verdicts(claim_id: str, cells: Sequence[Measurement]) -> pd.Series:
    """The rule's verdict in each cell of a rank-correlation grid
    (:func:`rotation.analysis.measures.rank_corr_grid`), indexed by the cells' ``(start, end)``."""
    verdicts = rules.grid(claim_id, [rule_inputs(c) for c in cells])
    index = pd.MultiIndex.from_tuples([c.window for c in cells], names=["start", "end"])
    return pd.Series(verdicts, index=index, name="verdict")


def grid_text(cells: Sequence[Measurement]) -> pd.DataFrame:
    """A rank-correlation grid (:func:`rotation.analysis.measures.rank_corr_grid`) as a start × end table
    of ``"ρ (p)"`` text."""
    text = pd.Series(
        [f"{c.value:+.2f} ({c.details['p_value']:.2f})" for c in cells],
        index=pd.MultiIndex.from_tuples([c.window for c in cells], names=["start", "end"]),
    )
    return text.unstack("end").rename_axis("start \\ end")


def conclude_contrarian(
    claim_id: str,
    m: Measurement,
    primary: Measurement,
    later: pd.Series,
    score: pd.Series,
    cells: Sequence[Measurement],
    *,
    report_date: str,
    starts: Sequence[str],
) -> Conclusion:
    """Conclude "the shunned sectors are a contrarian signal": the one-sided Spearman test of the
    consensus score (on ``report_date``) against the total return over the measurement's window
    (``m``, :func:`rotation.analysis.measures.rank_corr`; ``primary`` the primary-only check), with the grid
    of out-of-sample ``starts`` × ends (``cells``, :func:`rotation.analysis.measures.rank_corr_grid`) as
    robustness, through :func:`rotation.verdicts.conclude.from_measurement`."""
    d = decide_measured(claim_id, m)
    ends = sorted({c.window[1] for c in cells if c.window is not None})
    spec = (
        f"out-of-sample starts {', '.join(starts)} × {len(ends)} ends "
        f"{ends[0]} … {ends[-1]} (month ends and the data's last day); "
        f"one shared set of {N_RESAMPLES:,} random pairings"
    )
    rho, p, window = m.value, m.details["p_value"], m.window
    assert window is not None, f"{claim_id}: the measurement names no window"
    direction = "worse" if rho < 0 else "better" if rho > 0 else "no differently"
    alpha = float(claim(claim_id)["alpha"])
    chance = "a pattern chance would rarely give" if p < alpha else "a pattern chance easily gives"
    return from_measurement(
        claim_id,
        m,
        grid=list(cells),
        grid_spec=spec,
        reason=f"Spearman rho {rho:+.2f} (one-sided permutation p {p:.2f}, {m.details['method']}, "
        f"n = {m.details['n']}) between the consensus score on {report_date} and sector SPDR total return "
        f"{window[0]} to {window[1]}: {d.reason}",
        data_end=window[1],
        details={
            "p_value": p,
            "method": m.details["method"],
            "rho_primary_only": primary.value,
            "p_primary_only": primary.details["p_value"],
            "later_return_pct": (later * 100).to_dict(),
            "score": score.to_dict(),
        },
        headline=(
            f"{LEAD[d.verdict]}: after the article, the sectors strategists favoured did {direction} than "
            f"those they shunned, by rank (correlation {rho:+.2f}, {chance})."
        ),
        measured_text=f"Spearman rho {rho:+.2f} (p = {p:.2f})",
    )
