"""rotation.verdicts.conclusion_views: what an article notebook shows of a concluded claim, on claims of the
second article concluded from their rows (the snapshot's prices)."""

from __future__ import annotations

import pytest

import rotation as rt

V = rt.conclusion_views


def _claim(measure: str) -> str:
    reg = rt.registry.registry()
    ids = [c for c in reg.index if reg.loc[c, "measure"] == measure and isinstance(reg.loc[c, "grid"], str)]
    if not ids:
        pytest.skip(f"no claim with measure {measure} and a grid")
    return ids[0]


def test_one_value_is_shown_against_its_stated_figure(results_tmp):
    cid = _claim("window_return")
    c = rt.conclude.conclude(cid)
    f = next(iter(rt.articles.figures(cid, rt.registry.article_of(cid)).values()))
    table = V.result_table(c).data
    assert c.measurement.text() in table and f.band_text() in table
    d = V.describe(c).data
    assert d.startswith("**Data.**") and f"`{c.measurement.measure}`" in d and c.measurement.window[1] in d


def test_grid_table_re_decides_every_window_and_marks_the_claims(results_tmp):
    c = rt.conclude.conclude(_claim("window_return"))
    rows = [r for r in V.grid_table(c).data.splitlines()[2:]]
    assert len(rows) == c.robustness["n"]
    mine = [r for r in rows if "the claim's window" in r]
    assert len(mine) == 1 and c.verdict in mine[0] and c.measurement.text() in mine[0]
    shares = {v: sum(v == r.split(" | ")[2] for r in rows) / len(rows) for v in c.robustness["shares"]}
    assert shares == pytest.approx(c.robustness["shares"], abs=1e-4)


def test_group_table_marks_the_named_members_and_the_benchmark(results_tmp):
    cid = _claim("beats_benchmark")
    c = rt.conclude.conclude(cid)
    lines = V.result_table(c).data.splitlines()[2:]
    named = {ln.split(" | ")[0].strip("| ") for ln in lines if ln.endswith("| named |")}
    bench = [ln for ln in lines if ln.endswith("| benchmark |")]
    assert named == set(c.named) and len(bench) == 1
    values = [float(ln.split(" | ")[1]) for ln in lines]
    assert values == sorted(values, reverse=True)


def test_followup_reads_the_measure_to_the_end_of_the_data(results_tmp):
    c = rt.conclude.conclude(_claim("window_return"))
    t = V.followup_table(c).data
    assert c.followup is not None and c.followup.text() in t and c.followup.window[1] in t
    assert "measured" in t and "to the end of the data" in t
