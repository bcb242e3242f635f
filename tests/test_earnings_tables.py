"""rotation.analysis.earnings_tables: the notebook's tables keep every stated figure's block and place
approximate publication dates where their text says."""

from __future__ import annotations

import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataValidationError

T = rt.earnings_tables


def test_stack_closest_labels_each_figure_and_rank():
    one = pd.DataFrame({"growth_pct": [13.4, 13.9]})
    out = T.stack_closest({"13.5 %": one, "12.8 %": one.iloc[:1]})
    assert out.index.tolist() == ["13.5 % (#1)", "13.5 % (#2)", "12.8 % (#1)"]
    assert out.index.name == "stated figure"


def test_published_points_place_an_approximate_date_at_its_latest_named_day():
    gaps = pd.DataFrame(
        {
            "gap_pp": [10.0, 5.0, 1.0],
            "available": [True, True, False],
            "date": ["2025-12-12", "2026-01 (week before 2026-01-26, after 2026-01-19)", ""],
        },
        index=pd.Index(["CY2025", "CY2026", "CY2027"], name="period"),
    )
    out = T.published_points(gaps)
    assert out.index.tolist() == ["CY2025", "CY2026"]  # the unavailable period is left out
    assert out.loc["CY2025", "date"] == pd.Timestamp("2025-12-12") and not out.loc["CY2025", "date_approx"]
    assert out.loc["CY2026", "date"] == pd.Timestamp("2026-01-26") and out.loc["CY2026", "date_approx"]


def test_published_after_refuses_an_empty_answer():
    pub = pd.DataFrame(
        {
            "index": ["S&P 500"],
            "metric": ["EPS growth"],
            "value": ["12%"],
            "period": ["CY2026"],
            "date_published": ["2026-01-10"],
            "publisher": ["X"],
            "url": ["https://example.org"],
        }
    )
    assert T.published_after(pub, "2026-01-01")["source"].iloc[0] == "X, 2026-01-10, <https://example.org>"
    with pytest.raises(DataValidationError, match="after 2026-02-01"):
        T.published_after(pub, "2026-02-01")
