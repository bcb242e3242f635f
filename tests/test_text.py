from __future__ import annotations

import math

import pandas as pd
import pytest

import rotation as rt


def test_pct_formats_fractions_with_sign():
    assert rt.text.pct(0.0612) == "+6.1 %"
    assert rt.text.pct(-0.005, 2) == "-0.50 %"
    assert rt.text.pct(13.73, fraction=False, sign=False) == "13.7 %"


def test_pct_refuses_missing_values():
    with pytest.raises(ValueError, match="missing"):
        rt.text.pct(math.nan)


def test_usd_bn_has_no_dollar_sign_for_markdown():
    assert rt.text.usd_bn(6.5e9) == "+6.5 USD bn"
    assert rt.text.usd_bn(-1.44e9, 2) == "−1.44 USD bn"


def test_markdown_table_escapes_pipes_and_keeps_index():
    md = rt.text.table(pd.DataFrame({"a": ["x|y"]}, index=pd.Index(["B2"], name="id"))).data
    assert md.splitlines() == ["| id | a |", "|---|---|", "| B2 | x\\|y |"]


def test_markdown_table_writes_amounts_in_usd_and_escapes_other_dollar_signs():
    md = rt.text.table(
        pd.DataFrame({"a": ["+$3.0bn, -$2.9bn", "$S5FI"]}, index=pd.Index(["F2", "x"], name="id"))
    ).data
    assert md.splitlines()[-2] == "| F2 | +USD 3.0bn, -USD 2.9bn |"
    assert md.splitlines()[-1] == "| x | \\$S5FI |"


def test_prose_never_carries_a_dollar_before_an_amount():
    assert rt.text.md("took {x} and $ 4.8bn", x="$6.5 bn").data == "took USD 6.5 bn and USD 4.8bn"
