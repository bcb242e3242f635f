"""Every verdict rule, in one place, keyed by the registry's ``test`` column.

A claim notebook measures; this module decides. :func:`decide` reads the claim's row of
``data/claims.csv`` (validated on load by :func:`rotation.verdicts.registry.registry`), dispatches on its
``test`` and returns a :class:`Decision`. Every parameter a rule uses (tolerances, ``partly_at``,
``alpha``, ``top_k``, ``lookback_months``) is a registry column, so the registry alone shows what
decides each claim; no constant here restates a rule.

The tests:

- ``approx``: supported if ``|measured - stated| <= tolerance``, partly if ``<= partial_tolerance``.
- ``at_least`` / ``at_most``: supported on the stated side of ``stated_value``, partly within
  ``tolerance`` of it.
- ``checks``: named yes/no checks; supported if all pass, partly if at least ``partly_at`` pass.
  A check that cannot be made (``None``) makes the verdict undecidable unless every outcome of the
  missing checks gives the same verdict.
- ``turn``: a dated turn of a line in the direction the claim states (``direction`` = ``peak`` or
  ``trough``). Supported if the turn's date is within ``tolerance`` calendar days of the stated date
  *and* the slope after the turn differs from the slope before in the stated direction with a
  one-sided HAC p below ``alpha``; partly if the date is within ``partial_tolerance`` and the slope
  change has the stated sign; else not supported. A turn of the wrong sign never counts for it.
- ``turns``: two dated statements of one claim, judged separately as turns and combined (B7):
  the first must fall in ``date_from`` … ``date_to``, the second within ``tolerance`` of
  ``stated_value`` (partly: within ``partial_tolerance`` days of its range); supported if both are
  supported, not supported if neither is at least partly supported, else partly.
- ``turn_each``: one stated turn read on each of several lines (B5: Technology and the Magnificent
  Seven), each by ``turn`` against ``stated_value``, combined as ``turns`` combines: supported if
  every line's turn is supported, not supported if none is even partly, else partly.
- ``approx_record``: an amount and "a record": supported if within ``tolerance`` and a record,
  partly if within ``partial_tolerance`` or a record, else not (record unknown: undecidable unless
  both outcomes agree).
- ``approx_each``: several stated figures; supported if all are within ``tolerance``, partly if all
  have the stated sign.
- ``rank_corr``: a contrarian hypothesis: supported if the rank correlation is negative with
  permutation p below ``alpha``, partly if negative, not supported if >= 0.
- ``figure``: one stated figure read at its stated precision (``data/claim_figures.csv``: "about 6 %"
  is 5.4 … 6.6, "1.6 %" is 1.55 … 1.65, "more than 7 %" is above 7): supported if the measured value
  is inside that band, partly if within ``partial_tolerance`` of it, else not supported.
- ``figure_each``: several series' values, each read against its own stated figure (the figure's
  key is the series' ticker) at its stated precision; a series passes if inside its band or
  within ``tolerance`` of it. Supported if all pass, partly if at least ``partly_at`` do.
- ``needs_data``: no rule can be applied with the data the project has; always undecidable.

Scope: where the data cover only a proxy of the claim's universe, :func:`decide` is called with
``proxy=...`` and returns *undecidable with this data*; the proxy's own verdict is kept beside it
(:attr:`Decision.proxy`), never in its place.

Robustness: :func:`grid` applies a claim's rule to every cell of a declared grid of windows or
definitions; :mod:`rotation.verdicts.robustness` summarises those verdicts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from ..errors import DataValidationError
from .registry import NOT, PARTLY, SUPPORTED, UNDECIDABLE, claim

#: slack for floating-point edges: a gap of 2.0000000000000004 is "within 2"
EPS = 1e-9


@dataclass(frozen=True)
class Decision:
    """A rule's verdict and the sentence that says how the rule was applied.

    ``proxy`` holds the verdict the rule would give if the proxy were the claim's scope, with
    its label (e.g. ``"XLB, 2 of 5 days"``); ``None`` when the data cover the claim's scope.
    """

    verdict: str
    reason: str
    proxy: dict[str, Any] | None = field(default=None)
    #: the claim the rule was applied to, and how (``decide``, ``bounded`` or ``undecidable``)
    claim_id: str = ""
    kind: str = "decide"
    #: the rule's measured inputs exactly as given (``proxy`` label and bounds included), so that
    #: :func:`replay` can re-derive the verdict from a result file alone
    inputs: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# the rules
# --------------------------------------------------------------------------------------------
def _num(row: pd.Series, col: str) -> float:
    return float(row[col])


def approx(measured: float, stated: float, tolerance: float, partial_tolerance: float) -> str:
    """``approx``: supported within ``tolerance``, partly within ``partial_tolerance`` (same units)."""
    _need_number(measured)
    gap = abs(measured - stated)
    return SUPPORTED if gap <= tolerance + EPS else PARTLY if gap <= partial_tolerance + EPS else NOT


def at_least(measured: float, stated: float, tolerance: float, *, sign: int = 1) -> str:
    """``at_least`` (``sign=1``) / ``at_most`` (``sign=-1``): supported on the stated side,
    partly within ``tolerance`` of it."""
    _need_number(measured)
    d = sign * (measured - stated)
    return SUPPORTED if d >= -EPS else PARTLY if d >= -tolerance - EPS else NOT


def checks(results: Mapping[str, bool | None], partly_at: int) -> str:
    """``checks``: all pass -> supported, at least ``partly_at`` pass -> partly, else not.
    Unknown checks (``None``): the verdict only if every outcome of them agrees, else undecidable."""
    if not results:
        raise ValueError("no checks")
    known = [bool(c) for c in results.values() if c is not None]
    unknown = len(results) - len(known)
    total = len(results)
    outcomes = {
        SUPPORTED if sum(known) + k == total else PARTLY if sum(known) + k >= partly_at else NOT
        for k in range(unknown + 1)
    }
    return outcomes.pop() if len(outcomes) == 1 else UNDECIDABLE


def days_outside(date, lo, hi) -> int:
    """Calendar days from ``date`` to the interval ``lo`` … ``hi`` (0 inside it)."""
    d, lo, hi = pd.Timestamp(date), pd.Timestamp(lo), pd.Timestamp(hi)
    return max((lo - d).days, (d - hi).days, 0)


def turn(
    date,
    stated_date,
    *,
    slope_change: float,
    p_one_sided: float,
    direction: str,
    tolerance: float,
    partial_tolerance: float,
    alpha: float,
    stated_to=None,
) -> str:
    """``turn``: see the module docstring. ``slope_change`` = slope after minus slope before (any
    unit per day); a peak needs it negative, a trough positive. With ``stated_to`` the stated date
    is the interval ``stated_date`` … ``stated_to`` and ``tolerance`` counts from its ends (use 0
    for "inside the interval")."""
    if direction not in ("peak", "trough"):
        raise ValueError(f"direction must be peak or trough, not {direction!r}")
    _need_number(slope_change)
    _need_number(p_one_sided)
    gap = days_outside(date, stated_date, stated_to if stated_to is not None else stated_date)
    right_sign = slope_change < 0 if direction == "peak" else slope_change > 0
    if not right_sign:
        return NOT
    if gap <= tolerance and p_one_sided < alpha:
        return SUPPORTED
    return PARTLY if gap <= partial_tolerance else NOT


def combine(verdicts: Iterable[str]) -> str:
    """``turns``: all supported -> supported; none at least partly -> not supported; else partly.
    Any undecidable part makes the whole undecidable."""
    vs = list(verdicts)
    if not vs:
        raise ValueError("nothing to combine")
    if UNDECIDABLE in vs:
        return UNDECIDABLE
    if all(v == SUPPORTED for v in vs):
        return SUPPORTED
    if all(v == NOT for v in vs):
        return NOT
    return PARTLY


def approx_record(
    measured: float, record: bool | None, stated: float, tolerance: float, partial_tolerance: float
) -> str:
    """``approx_record``: within ``tolerance`` and a record -> supported; within
    ``partial_tolerance`` or a record -> partly; else not. ``record=None`` (unknown): the verdict
    if both outcomes agree, else undecidable."""
    _need_number(measured)
    gap = abs(measured - stated)

    def one(rec: bool) -> str:
        return (
            SUPPORTED
            if gap <= tolerance + EPS and rec
            else PARTLY
            if gap <= partial_tolerance + EPS or rec
            else NOT
        )

    outcomes = {one(True), one(False)} if record is None else {one(bool(record))}
    return outcomes.pop() if len(outcomes) == 1 else UNDECIDABLE


def approx_each(measured: Mapping[str, float], stated: Mapping[str, float], tolerance: float) -> str:
    """``approx_each``: every figure within ``tolerance`` -> supported; every figure with the stated
    sign -> partly; else not supported."""
    missing = set(stated) - set(measured)
    if missing:
        raise DataValidationError(f"no measured value for {sorted(missing)}")
    for k in stated:
        _need_number(measured[k], k)
    if all(abs(measured[k] - stated[k]) <= tolerance + EPS for k in stated):
        return SUPPORTED
    return PARTLY if all(measured[k] * stated[k] > 0 for k in stated) else NOT


def rank_corr(rho: float, p_value: float, alpha: float) -> str:
    """``rank_corr``: negative with permutation p < ``alpha`` -> supported, negative -> partly,
    >= 0 -> not supported."""
    _need_number(rho, "rank correlation")
    _need_number(p_value, "p-value")
    return SUPPORTED if rho < 0 and p_value < alpha else PARTLY if rho < 0 else NOT


def stated_each(claim_id: str) -> dict[str, float]:
    """The stated figures of an ``approx_each`` claim, by key, from ``data/claim_figures.csv``."""
    from .articles import figures

    figs = figures(str(claim_id))
    if not figs:
        raise DataValidationError(f"{claim_id}: no stated figures in data/claim_figures.csv")
    return {k: f.number for k, f in figs.items()}


def _need_number(x: Any, what: str = "measured value") -> None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        raise DataValidationError(f"{what} is missing (NaN); a verdict needs a number")


# --------------------------------------------------------------------------------------------
# the one entry point
# --------------------------------------------------------------------------------------------
def decide(claim_id: str, *, proxy: str | None = None, **inputs: Any) -> Decision:
    """The verdict of ``claim_id`` by its registry rule, from measured ``inputs``:

    - ``approx``, ``at_least``, ``at_most``: ``measured`` (the claim's unit);
    - ``checks``: ``results`` (``{name: True/False/None}``);
    - ``turn``: ``date``, ``slope_change``, ``p_one_sided``;
    - ``turns``: ``parts``, two ``{statement: {"date", "slope_change", "p_one_sided"}}`` items;
    - ``turn_each``: ``parts``, one such item per line;
    - ``approx_each``: ``measured`` and ``stated`` (``{name: value}``);
    - ``approx_record``: ``measured`` and ``record`` (True/False/None);
    - ``rank_corr``: ``rho``, ``p_value``;
    - ``needs_data``: ``reason``;
    - any numeric test: ``candidates`` instead of ``measured`` when the data only bound the value
      (undecidable unless every candidate gives the same verdict).

    With ``proxy`` (a label such as ``"XLB, 2 of 5 days"``), the data cover only a proxy of the
    claim's scope: the verdict is undecidable and the rule's result on the proxy is returned in
    :attr:`Decision.proxy`.
    """
    row = claim(claim_id)
    v, reason = _verdict(row, inputs)
    d = _on_scope(row, v, reason, proxy, value=inputs.get("measured"))
    return replace(d, claim_id=claim_id, kind="decide", inputs={**inputs, "proxy": proxy})


def _on_scope(row: pd.Series, v: str, reason: str, proxy: str | None, **extra: Any) -> Decision:
    """The rule's verdict where the data cover the claim's scope; else undecidable, with the
    verdict on the proxy (and ``extra`` values such as ``value``, ``low``, ``high``) beside it."""
    if proxy is None:
        return Decision(v, reason)
    return Decision(
        UNDECIDABLE,
        f"the data cover only a proxy of the claim's scope ({proxy}); on the proxy: {v} ({reason})",
        proxy={
            "label": proxy,
            "verdict": v,
            "text": reason,
            **extra,
            "unit": "" if pd.isna(row.get("unit")) else row["unit"],
        },
    )


#: a rule applied to a registry row: ``(row, measured inputs, unit) -> (verdict, reason)``
Rule = Callable[[pd.Series, Mapping[str, Any], str], tuple[str, str]]


def _rule_approx(row: pd.Series, inputs: Mapping[str, Any], unit: str) -> tuple[str, str]:
    m, s = float(inputs["measured"]), float(row["stated_value"])
    tol, ptol = _num(row, "tolerance"), _num(row, "partial_tolerance")
    v = approx(m, s, tol, ptol)
    return v, (
        f"measured {m:.2f} vs stated {s:g} {unit}: gap {abs(m - s):.2f} "
        f"(supported within {tol:g}, partly within {ptol:g})"
    )


def _rule_at_least(row: pd.Series, inputs: Mapping[str, Any], unit: str, sign: int = 1) -> tuple[str, str]:
    m, s, tol = float(inputs["measured"]), float(row["stated_value"]), _num(row, "tolerance")
    v = at_least(m, s, tol, sign=sign)
    word = "at least" if sign == 1 else "at most"
    return v, f"measured {m:.2f} vs stated {word} {s:g} {unit} (partly within {tol:g})"


def _rule_at_most(row: pd.Series, inputs: Mapping[str, Any], unit: str) -> tuple[str, str]:
    return _rule_at_least(row, inputs, unit, sign=-1)


def _rule_checks(row: pd.Series, inputs: Mapping[str, Any], unit: str) -> tuple[str, str]:
    res = inputs["results"]
    pa = int(_num(row, "partly_at"))
    v = checks(res, pa)
    n = sum(1 for c in res.values() if c)
    unknown = [k for k, c in res.items() if c is None]
    extra = f"; not computable: {', '.join(unknown)}" if unknown else ""
    return v, f"{n} of {len(res)} checks pass (supported if all, partly if at least {pa}){extra}"


def _turn_params(row: pd.Series) -> dict[str, Any]:
    """The registry parameters of ``turn`` and ``turns``."""
    return {
        "direction": str(row["direction"]),
        "partial_tolerance": _num(row, "partial_tolerance"),
        "alpha": _num(row, "alpha"),
    }


def _rule_turn(row: pd.Series, inputs: Mapping[str, Any], unit: str) -> tuple[str, str]:
    d, stated = pd.Timestamp(inputs["date"]), pd.Timestamp(row["stated_value"])
    tol, par = _num(row, "tolerance"), _turn_params(row)
    sc, p = float(inputs["slope_change"]), float(inputs["p_one_sided"])
    v = turn(d, stated, slope_change=sc, p_one_sided=p, tolerance=tol, **par)
    sign_word = "falls" if sc < 0 else "rises"
    return v, (
        f"{par['direction']} on {d.date()}, {abs((d - stated).days)} calendar days from the stated "
        f"{stated.date()}; the slope {sign_word} after it (one-sided HAC p = {p:.3f}; supported within "
        f"{tol:g} days with p < {par['alpha']:g} in the stated direction, partly within "
        f"{par['partial_tolerance']:g} days with the stated sign)"
    )


def _rule_turns(row: pd.Series, inputs: Mapping[str, Any], unit: str) -> tuple[str, str]:
    tol, par = _num(row, "tolerance"), _turn_params(row)
    direction = par["direction"]
    (n1, a), (n2, b) = list(inputs["parts"].items())  # each {"date", "slope_change", "p_one_sided"}
    v1 = turn(
        a["date"],
        row["date_from"],
        stated_to=row["date_to"],
        slope_change=a["slope_change"],
        p_one_sided=a["p_one_sided"],
        tolerance=0,
        **par,
    )
    v2 = turn(
        b["date"],
        row["stated_value"],
        slope_change=b["slope_change"],
        p_one_sided=b["p_one_sided"],
        tolerance=tol,
        **par,
    )
    v = combine([v1, v2])
    return v, (
        f"{n1}: {direction} on {pd.Timestamp(a['date']).date()} vs {row['date_from']} … {row['date_to']}, "
        f"one-sided HAC p = {a['p_one_sided']:.3f}: {v1}; {n2}: {direction} on "
        f"{pd.Timestamp(b['date']).date()} vs {row['stated_value']} ± {tol:g} days, p = {b['p_one_sided']:.3f}: "
        f"{v2} (supported if both are, not supported if neither is even partly)"
    )


def _rule_approx_record(row: pd.Series, inputs: Mapping[str, Any], unit: str) -> tuple[str, str]:
    m, s, rec = float(inputs["measured"]), float(row["stated_value"]), inputs["record"]
    tol, ptol = _num(row, "tolerance"), _num(row, "partial_tolerance")
    v = approx_record(m, rec, s, tol, ptol)
    rtext = "unknown" if rec is None else "yes" if rec else "no"
    return v, (
        f"measured {m:+.2f} vs stated {s:g} {unit} (gap {abs(m - s):.2f}; supported within {tol:g} and a "
        f"record, partly within {ptol:g} or a record); record: {rtext}"
    )


def _rule_approx_each(row: pd.Series, inputs: Mapping[str, Any], unit: str) -> tuple[str, str]:
    m, s, tol = inputs["measured"], stated_each(str(row.name)), _num(row, "tolerance")
    given = inputs.get("stated")
    if given is not None and {k: float(v) for k, v in given.items()} != s:
        raise DataValidationError(
            f"{row.name}: stated figures {dict(given)} differ from data/claim_figures.csv {s}; "
            "what the article stated comes from the registry, not from a notebook"
        )
    v = approx_each(m, s, tol)
    within = sum(abs(m[k] - s[k]) <= tol for k in s)
    signed = sum(m[k] * s[k] > 0 for k in s)
    return v, (
        ", ".join(f"{k} {m[k]:+.2f} (stated {s[k]:+.1f})" for k in s)
        + f" {unit}: {within} of {len(s)} within {tol:g}, {signed} of {len(s)} with the stated sign"
    )


def _rule_rank_corr(row: pd.Series, inputs: Mapping[str, Any], unit: str) -> tuple[str, str]:
    rho, p, alpha = float(inputs["rho"]), float(inputs["p_value"]), _num(row, "alpha")
    v = rank_corr(rho, p, alpha)
    return v, (
        f"Spearman {rho:+.2f}, permutation p = {p:.2f} "
        f"(supported if negative with p < {alpha:g}, partly if negative)"
    )


def _rule_figure(row: pd.Series, inputs: Mapping[str, Any], unit: str) -> tuple[str, str]:
    return _figure_rule(row, float(inputs["measured"]), unit)


def _rule_figure_each(row: pd.Series, inputs: Mapping[str, Any], unit: str) -> tuple[str, str]:
    return _figure_each_rule(row, {k: float(v) for k, v in inputs["measured"].items()}, unit)


def _rule_turn_each(row: pd.Series, inputs: Mapping[str, Any], unit: str) -> tuple[str, str]:
    return _turn_each_rule(row, inputs["parts"])


def _rule_needs_data(row: pd.Series, inputs: Mapping[str, Any], unit: str) -> tuple[str, str]:
    return UNDECIDABLE, str(inputs.get("reason", "the data needed are not available"))


#: the rule of each registry ``test`` (the keys are :data:`rotation.verdicts.registry.TESTS`)
RULES: dict[str, Rule] = {
    "approx": _rule_approx,
    "at_least": _rule_at_least,
    "at_most": _rule_at_most,
    "checks": _rule_checks,
    "turn": _rule_turn,
    "turns": _rule_turns,
    "turn_each": _rule_turn_each,
    "approx_each": _rule_approx_each,
    "approx_record": _rule_approx_record,
    "rank_corr": _rule_rank_corr,
    "figure": _rule_figure,
    "figure_each": _rule_figure_each,
    "needs_data": _rule_needs_data,
}


def _apply(row: pd.Series, test: str, inputs: Mapping[str, Any]) -> tuple[str, str]:
    """The verdict and its reason by the rule of ``test`` (:data:`RULES`)."""
    rule = RULES.get(test)
    if rule is None:
        raise DataValidationError(f"{row.name}: no rule for test {test!r}")
    unit = "" if pd.isna(row.get("unit")) else str(row["unit"])
    return rule(row, inputs, unit)


def _turn_each_rule(row: pd.Series, parts: Mapping[str, Mapping[str, Any]]) -> tuple[str, str]:
    """The ``turn_each`` test: each line's turn (``{line: {"date", "slope_change", "p_one_sided"}}``)
    against the one stated date, combined by :func:`combine`."""
    if not parts:
        raise DataValidationError(f"{row.name}: test 'turn_each' needs at least one line's turn")
    stated = pd.Timestamp(row["stated_value"])
    tol, ptol, alpha = _num(row, "tolerance"), _num(row, "partial_tolerance"), _num(row, "alpha")
    each = {}
    for line, t in parts.items():
        each[line] = turn(
            t["date"],
            stated,
            slope_change=float(t["slope_change"]),
            p_one_sided=float(t["p_one_sided"]),
            direction=str(row["direction"]),
            tolerance=tol,
            partial_tolerance=ptol,
            alpha=alpha,
        )
    words = "; ".join(
        f"{line}: {row['direction']} on {pd.Timestamp(t['date']).date()}, "
        f"{abs((pd.Timestamp(t['date']) - stated).days)} days from {stated.date()}, slope "
        f"{'falls' if float(t['slope_change']) < 0 else 'rises'} (one-sided HAC p = {float(t['p_one_sided']):.3f}): "
        f"{each[line]}"
        for line, t in parts.items()
    )
    return combine(each.values()), (
        f"{words} (each: supported within {tol:g} days with p < {alpha:g} in the stated direction, partly "
        f"within {ptol:g} days with the stated sign; the claim: supported if every line is, not supported "
        "if none is even partly)"
    )


def undecidable(reason: str, *, proxy: dict[str, Any] | None = None, claim_id: str = "") -> Decision:
    """A verdict the data cannot give (a missing series, too few observations): the reason says
    why and what would decide it. ``claim_id`` names the claim (required to record it)."""
    return Decision(UNDECIDABLE, reason, proxy=proxy, claim_id=claim_id, kind="undecidable", inputs={})


# --------------------------------------------------------------------------------------------
# measurements known only within bounds; verdicts over a grid (added for E1, E2, F1-F3, C1-C3)
# --------------------------------------------------------------------------------------------
def interval_points(low: float, high: float, stated: float | None = None) -> list[float]:
    """The values of a measurement known only to lie in ``low`` … ``high`` at which a rule on
    ``measured`` or ``|measured - stated|`` reaches every verdict it can take on the interval:
    the two ends and, if it lies strictly inside, ``stated`` (the point of smallest gap).
    Valid for ``approx``, ``at_least``/``at_most``, ``approx_record`` and, per figure,
    ``approx_each``, whose verdicts are steps in the measurement or in its gap."""
    lo, hi = float(low), float(high)
    _need_number(lo, "lower bound")
    _need_number(hi, "upper bound")
    if lo > hi:
        raise ValueError(f"lower bound {lo:g} above upper bound {hi:g}")
    pts = {lo, hi}
    if stated is not None and lo < float(stated) < hi:
        pts.add(float(stated))
    return sorted(pts)


def _bounded_candidates(row: pd.Series, low: Any, high: Any, inputs: Mapping[str, Any]) -> list[Any]:
    import itertools

    if isinstance(low, Mapping):  # approx_each: one interval per stated figure
        stated = inputs["stated"]
        keys = list(stated)
        missing = [k for k in keys if k not in low or k not in high]
        if missing:
            raise DataValidationError(f"no bounds for {missing}")
        axes = [interval_points(low[k], high[k], stated[k]) for k in keys]
        return [dict(zip(keys, combo)) for combo in itertools.product(*axes)]
    stated = (
        float(row["stated_value"])
        if row["test"] in ("approx", "at_least", "at_most", "approx_record")
        else None
    )
    return interval_points(low, high, stated)


def _figure_rule(row: pd.Series, m: float, unit: str) -> tuple[str, str]:
    """The ``figure`` test: the claim's one numeric stated figure, read at its precision."""
    from .articles import figures

    nums = [f for f in figures(str(row.name), str(row["article"])).values() if f.precision != "named"]
    if len(nums) != 1:
        raise DataValidationError(
            f"{row.name}: test 'figure' needs exactly one numeric stated figure in data/claim_figures.csv, "
            f"found {len(nums)}"
        )
    f, ptol = nums[0], _num(row, "partial_tolerance")
    lo, hi, _, _ = f.band()
    gap = 0.0 if f.contains(m) else (lo - m if m < lo else m - hi)
    v = SUPPORTED if f.contains(m) else PARTLY if gap <= ptol + EPS else NOT
    return v, (
        f"measured {m:+.2f} {unit} vs stated {f.precision.replace('_', ' ')} {f.value} "
        f"(reproduced by {f.band_text()}); "
        + ("inside that band" if gap == 0 else f"outside it by {gap:.2f} (partly within {ptol:g})")
    )


def _figure_each_rule(row: pd.Series, measured: Mapping[str, float], unit: str) -> tuple[str, str]:
    """The ``figure_each`` test: each measured series against the stated figure of the same key."""
    from .articles import figures

    figs = figures(str(row.name), str(row["article"]))
    missing = [k for k in measured if k not in figs]
    if missing or len(measured) != len(figs):
        raise DataValidationError(
            f"{row.name}: test 'figure_each' needs one stated figure per measured series; "
            f"measured {sorted(measured)}, stated {sorted(figs)}"
        )
    tol = _num(row, "tolerance")
    passed, words = {}, []
    for k, m in measured.items():
        f = figs[k]
        lo, hi, _, _ = f.band()
        gap = 0.0 if f.contains(m) else (lo - m if m < lo else m - hi)
        passed[k] = gap <= tol + EPS
        where = "inside" if gap == 0 else f"outside by {gap:.2f}"
        words.append(f"{k} {m:+.2f} vs {f.value} ({f.band_text()}, {where})")
    v = checks(passed, int(_num(row, "partly_at")))
    return v, (
        "; ".join(words)
        + f" {unit}: {sum(passed.values())} of {len(passed)} within {tol:g} of their stated band "
        f"(supported if all, partly if at least {int(_num(row, 'partly_at'))})"
    )


def _fmt_value(x: Any) -> str:
    if isinstance(x, Mapping):
        return "{" + ", ".join(f"{k} {v:+.2f}" for k, v in x.items()) + "}"
    return f"{x:+.2f}"


def _verdict(row: pd.Series, inputs: Mapping[str, Any]) -> tuple[str, str]:
    """:func:`_apply`, with ``candidates`` or ``low``/``high`` bounds: the verdict if every
    candidate gives the same one, else undecidable."""
    inputs = dict(inputs)
    test = row["test"]
    if "low" in inputs or "high" in inputs:
        low, high = inputs.pop("low"), inputs.pop("high")
        if low == high:  # a complete measurement: no range to search
            return _apply(row, test, {**inputs, "measured": low})
        cands = _bounded_candidates(row, low, high, inputs)
        span = (
            f"between {_fmt_value(low)} and {_fmt_value(high)}"
            if not isinstance(low, Mapping)
            else "within " + ", ".join(f"{k} {low[k]:+.2f} … {high[k]:+.2f}" for k in low)
        )
    elif "candidates" in inputs:
        cands = list(inputs.pop("candidates"))
        span = "among " + ", ".join(_fmt_value(c) if isinstance(c, Mapping) else f"{c:g}" for c in cands)
    else:
        return _apply(row, test, inputs)
    if not cands:
        raise ValueError("no candidate values")
    got = [(c, *_apply(row, test, {**inputs, "measured": c})) for c in cands]
    vs = {v for _, v, _ in got}
    unit = "" if pd.isna(row.get("unit")) else f" {row['unit']}"
    if len(vs) == 1:
        v = vs.pop()
        word = "the rule cannot decide at any of them" if v == UNDECIDABLE else f"all of which give {v}"
        return v, f"the data leave the measured value {span}{unit}; {word} ({got[0][2]})"
    first: dict[str, Any] = {}
    for c, v, _ in got:
        first.setdefault(v, c)
    return UNDECIDABLE, (
        f"the data leave the measured value {span}{unit}, which give different verdicts: "
        + "; ".join(f"{v} (e.g. at {_fmt_value(c)})" for v, c in first.items())
    )


def bounded(claim_id: str, low: Any, high: Any, *, proxy: str | None = None, **inputs: Any) -> Decision:
    """:func:`decide` for a measurement the data only bound (e.g. a sum with missing days, each
    day bounded by the fund's largest daily flow): ``low`` … ``high`` in the claim's unit, or
    ``{name: bound}`` for ``approx_each``. The verdict is the rule's verdict if it is the same
    everywhere in the bounds (checked at :func:`interval_points`), else undecidable. With
    ``proxy`` as in :func:`decide`; the proxy dict then carries ``low`` and ``high``."""
    row = claim(claim_id)
    v, reason = _verdict(row, {**inputs, "low": low, "high": high})
    d = _on_scope(row, v, reason, proxy, value=None, low=low, high=high)
    return replace(
        d, claim_id=claim_id, kind="bounded", inputs={**inputs, "low": low, "high": high, "proxy": proxy}
    )


def grid(claim_id: str, cells: Iterable[Mapping[str, Any]]) -> list[str]:
    """The rule's verdict in each cell of a robustness grid (each cell: the inputs of
    :func:`decide`, or ``low``/``high`` as in :func:`bounded`, or ``candidates``), reading the
    registry once. Where the data are a proxy, these are the proxy's verdicts: say so in the
    grid's description."""
    row = claim(claim_id)
    return [_verdict(row, cell)[0] for cell in cells]


# --------------------------------------------------------------------------------------------
# replay: a recorded verdict re-derived from its recorded inputs
# --------------------------------------------------------------------------------------------
def replay(claim_id: str, kind: str, inputs: Mapping[str, Any]) -> Decision:
    """The decision the rule gives today for the ``inputs`` a result file recorded (``kind`` as in
    :attr:`Decision.kind`). A committed verdict that differs from ``replay(...).verdict`` does not
    follow from its own numbers under the registry's current rule."""
    args = dict(inputs)
    proxy = args.pop("proxy", None)
    if kind == "decide":
        return decide(claim_id, proxy=proxy, **args)
    if kind == "bounded":
        return bounded(claim_id, args.pop("low"), args.pop("high"), proxy=proxy, **args)
    if kind == "undecidable":
        return undecidable("recorded as undecidable without a rule", claim_id=claim_id)
    raise DataValidationError(
        f"{claim_id}: unknown decision kind {kind!r}; use decide, bounded or undecidable"
    )
