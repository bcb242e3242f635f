"""Every committed verdict follows from its own recorded inputs (no kernel): each
``results/*.json`` is re-decided through :mod:`rotation.verdicts.rules` from its ``decision`` and must give
the recorded verdict (and the recorded proxy verdict). The numbers are guarded outside nbval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rotation as rt

RESULTS = sorted((rt.config.repo_root() / "results").glob("*.json"))
CLAIM_RESULTS = [p for p in RESULTS if p.stem in set(rt.registry.registry().index)]


def test_every_registry_claim_has_a_committed_result():
    assert {p.stem for p in CLAIM_RESULTS} == set(rt.registry.registry().index)


@pytest.mark.parametrize("path", CLAIM_RESULTS, ids=lambda p: p.stem)
def test_committed_verdict_replays_from_its_inputs(path: Path):
    r = json.loads(path.read_text())
    d = r["decision"]
    again = rt.rules.replay(r["id"], d["kind"], d["inputs"])
    assert again.verdict == r["verdict"], (
        f"{path.name}: recorded {r['verdict']!r}, rule gives {again.verdict!r}"
    )
    # a decision taken on a proxy of the claim's scope (its inputs name the proxy) replays the proxy's
    # verdict too; B6's proxy reading (IWM's flows for a check the data cannot compute) is a side
    # reading of the checks rule, not an input of the decision
    if r.get("proxy") and d["kind"] != "undecidable" and d["inputs"].get("proxy"):
        assert again.proxy is not None and again.proxy["verdict"] == r["proxy"]["verdict"]
    assert r["article"] == rt.registry.article_of(r["id"])


def test_replay_fails_on_a_planted_mismatch():
    r = json.loads((rt.config.repo_root() / "results" / "B2.json").read_text())
    inputs = {**r["decision"]["inputs"], "measured": r["decision"]["inputs"]["measured"] + 10}
    assert rt.rules.replay("B2", r["decision"]["kind"], inputs).verdict != r["verdict"]
