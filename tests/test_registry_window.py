import pandas as pd
import pytest

import rotation as rt
from rotation.errors import DataValidationError


def test_window_is_the_registry_row():
    reg = rt.registry.registry()
    for cid in rt.registry.claim_ids():
        row = reg.loc[cid]
        blank = pd.isna(row["window_start"]) or pd.isna(row["window_end"])
        if blank or pd.Timestamp(row["window_start"]) >= pd.Timestamp(row["window_end"]):
            with pytest.raises(DataValidationError, match=cid):  # a date, not a window
                rt.registry.window(cid)
            continue
        s, e = rt.registry.window(cid)
        assert (pd.Timestamp(s), pd.Timestamp(e)) == (
            pd.Timestamp(row["window_start"]),
            pd.Timestamp(row["window_end"]),
        )


def test_adapted_run_moves_one_end_only():
    cid = rt.registry.claim_ids()[1]
    s0, e0 = rt.registry.window(cid)
    s, e = rt.registry.window(cid, start="2020-01-02")
    assert (s, e) == ("2020-01-02", e0)
    assert rt.registry.window(cid) == (s0, e0)


def test_reversed_window_stops():
    cid = rt.registry.claim_ids()[1]
    _, e0 = rt.registry.window(cid)
    with pytest.raises(DataValidationError, match="not before"):
        rt.registry.window(cid, start=e0)


def test_window_end_is_the_rows_data_as_of_date():
    reg = rt.registry.registry()
    for cid in rt.registry.claim_ids():
        end = reg.loc[cid, "window_end"]
        if pd.isna(end):
            with pytest.raises(DataValidationError, match=cid):
                rt.registry.window_end(cid)
        else:
            assert rt.registry.window_end(cid) == str(pd.Timestamp(end).date())
        assert rt.registry.window_end(cid, "2020-01-02") == "2020-01-02"
