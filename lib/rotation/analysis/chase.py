"""Do flows chase returns? Weekly returns, the panel of weekly flows against the returns before
them, and its regression with Newey–West (HAC) errors within each sector.

Units: flows in **percent** of start-of-week AUM (``flow_pct``, from :mod:`rotation.analysis.aum`); returns
are **fractions** in :func:`weekly_returns` and **percent** in the panel (``*_pct``); a coefficient
is percentage points of AUM per percentage point of return. Weeks are labelled as in
:func:`rotation.analysis.flows.week_end`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataNotFoundError
from .flows import week_end


def weekly_returns(closes: pd.DataFrame, anchor: str = "FRI") -> pd.DataFrame:
    """Return of each column over each week (fraction), from the last close of the previous
    week to the last close of the week. Index ``week_end``; the first week is NaN."""
    last = closes.groupby(week_end(closes.index, anchor)).last()
    return last.pct_change(fill_method=None)


def panel(flow_pct: pd.DataFrame, week_returns: pd.DataFrame, month_weeks: int = 4) -> pd.DataFrame:
    """Long panel ``key, week_end, flow_pct, ret_prior_week_pct, ret_prior_month_pct``.

    ``flow_pct`` is wide (week_end × key) flows in percent of AUM; ``week_returns`` wide weekly
    returns (fractions) with the same columns. The prior-week return is the return of the week
    before; the prior-month return compounds the ``month_weeks`` weeks before the week. Weeks
    without a flow (incomplete) are dropped, never filled.
    """
    cols = [c for c in flow_pct.columns if c in week_returns.columns]
    miss = sorted(set(flow_pct.columns) - set(cols))
    if miss:
        raise DataNotFoundError(f"no returns for {miss}")
    r = week_returns[cols]
    prior_week = r.shift(1) * 100.0
    prior_month = ((1.0 + r).rolling(month_weeks).apply(np.prod, raw=True) - 1.0).shift(1) * 100.0
    panel = pd.DataFrame(
        {
            "flow_pct": flow_pct[cols].stack(),
            "ret_prior_week_pct": prior_week.reindex(flow_pct.index).stack(),
            "ret_prior_month_pct": prior_month.reindex(flow_pct.index).stack(),
        }
    )
    panel.index.names = ["week_end", "key"]
    return panel.dropna().reset_index().sort_values(["key", "week_end"]).reset_index(drop=True)


def regression(panel: pd.DataFrame, *, fixed_effects: bool = False, maxlags: int = 2) -> pd.DataFrame:
    """OLS of weekly flow (percent of AUM) on prior-week and prior-month returns (percent), with
    Newey–West (HAC) standard errors computed within each key's time series (statsmodels
    ``cov_type="hac-panel"``, Bartlett kernel, ``maxlags`` weeks). With ``fixed_effects`` each
    key (sector) gets its own intercept. Returns one row per return term: ``coef`` (pp of AUM per
    pp of return), ``se``, ``t``, ``p``, and the fit's ``n``, ``keys``, ``weeks``, ``r2``.
    """
    import statsmodels.formula.api as smf

    if len(panel) < 10:
        raise ValueError(f"only {len(panel)} observations: too few for a regression")
    df = panel.sort_values(["key", "week_end"]).reset_index(drop=True)
    formula = "flow_pct ~ ret_prior_week_pct + ret_prior_month_pct" + (" + C(key)" if fixed_effects else "")
    groups = pd.factorize(df["key"])[0]
    fit = smf.ols(formula, data=df).fit(cov_type="hac-panel", cov_kwds={"groups": groups, "maxlags": maxlags})
    terms = ["ret_prior_week_pct", "ret_prior_month_pct"]
    out = pd.DataFrame(
        {"coef": fit.params[terms], "se": fit.bse[terms], "t": fit.tvalues[terms], "p": fit.pvalues[terms]}
    )
    out["n"] = int(fit.nobs)
    out["keys"] = df["key"].nunique()
    out["weeks"] = df["week_end"].nunique()
    out["r2"] = fit.rsquared
    out.index.name = "term"
    return out


def panels(
    weeks: dict[str, pd.DataFrame], closes: pd.DataFrame, mapping: pd.Series, month_weeks: int = 4
) -> dict[str, pd.DataFrame]:
    """:func:`panel` for each week anchor of ``weeks`` (``{"FRI": frame, ...}``, sector frames of
    :func:`rotation.analysis.flows.sector_weeks` with ``flow_pct``): the funds' weekly returns of ``closes``
    (columns renamed to sectors by ``mapping``, ticker -> sector) against their flows."""
    out = {}
    for anchor, frame in weeks.items():
        ret = weekly_returns(closes, anchor).rename(columns=mapping)
        flow = frame.pivot(index="week_end", columns="sector", values="flow_pct")
        out[anchor] = panel(flow, ret, month_weeks)
    return out


def fits(panels: dict[str, pd.DataFrame], maxlags: int = 2) -> pd.DataFrame:
    """:func:`regression` of every panel, pooled and with sector effects, stacked with the index
    ``week``, ``sector_effects``, ``term``."""
    got = {
        (a, fe): regression(p, fixed_effects=fe, maxlags=maxlags)
        for a, p in panels.items()
        for fe in (False, True)
    }
    return pd.concat(got, names=["week", "sector_effects"])


def sign_pattern(fits: pd.DataFrame, alpha: float = 0.05) -> dict[str, str]:
    """What a :func:`fits` table says in words: ``s`` the terms with HAC p below ``alpha`` (or
    ``"none"``), ``w`` whether the prior-week coefficient is positive in every fit, ``m`` whether
    the prior-month one is negative in every fit (``"mixed"`` otherwise)."""
    sig = fits[fits["p"] < alpha]
    terms = "; ".join(
        f"{t} ({a} weeks, {'with' if fe else 'without'} sector effects, p = {r['p']:.3f})"
        for (a, fe, t), r in sig.iterrows()
    )
    week = fits.xs("ret_prior_week_pct", level="term")["coef"]
    month = fits.xs("ret_prior_month_pct", level="term")["coef"]
    return {
        "s": terms or "none",
        "w": "positive" if (week > 0).all() else "mixed",
        "m": "negative" if (month < 0).all() else "mixed",
    }
