"""``make update``: the notebooks rerun on refreshed data, into a folder of their own.

:func:`rerun` executes the collection with the user cache preferred (where ``refresh`` writes)
into ``OUT`` (notebooks, ``results/``, ``site/``) with the one runner,
:func:`rotation.run.notebooks.execute_all`; the committed notebooks and ``results/`` are never
touched. :func:`verdict_changes` sets each claim's committed verdict beside the updated one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import config
from ..errors import NotebookError
from ..inputs import data
from . import site
from .notebooks import collection, execute_all, has_parameter


def rerun(
    out_dir: Path,
    *,
    as_of: str | None = None,
    paths: Sequence[Path] | None = None,
    workers: int = 2,
    html: bool = True,
) -> dict[str, Any]:
    """Execute the notebooks with the cache preferred into ``out_dir`` (notebooks, ``results/``,
    ``site/``) with :func:`execute_all`; the committed notebooks and ``results/`` are not touched.

    ``as_of``: ``None`` keeps each notebook's own ``AS_OF`` (in every notebook it is the
    article's date, at which the claims are judged; the "what happened next" sections run to
    the end of the data by themselves); ``"last"`` sets ``AS_OF`` to the last market day with
    data; an ISO date sets it to that date. Only notebooks whose parameters cell defines
    ``AS_OF`` receive it. Returns the data end, the ``AS_OF`` passed, the output notebooks, the
    notebooks that failed (with the first line of the error) and the verdict changes against
    ``results/``."""
    out_dir = Path(out_dir).resolve()
    with config.environ({config.ENV_PREFER_CACHE: "1", config.ENV_RESULTS: str(out_dir / "results")}):
        data_end = data.last_market_day()
        if as_of == "last":
            as_of = data_end
        paths = [Path(p).resolve() for p in (paths or collection())]
        params = {p: {"AS_OF": as_of} for p in paths if as_of and has_parameter(p, "AS_OF")}
        try:
            execute_all(paths, workers, out_dir=out_dir, parameters=params)
            failed: dict[Path, str] = {}
        except NotebookError as exc:
            failed = {p: str(e).strip().splitlines()[0] for p, e in exc.failures.items()}
        outs = [out_dir / p.name for p in paths]
        site_index = site.build_site([o for o in outs if o.is_file()], out_dir / "site") if html else None
        return {
            "data_end": data_end,
            "as_of": as_of,
            "notebooks": outs,
            "site": site_index,
            "failed": failed,
            "changes": verdict_changes(out_dir / "results"),
        }


def verdict_changes(updated: Path) -> list[dict[str, Any]]:
    """Committed vs updated verdict of each claim with a result in ``updated``."""
    committed = config.repo_root() / "results"
    rows = []
    for p in sorted(Path(updated).glob("*.json")):
        if p.name.startswith("_"):  # the run manifest, not a result
            continue
        new = json.loads(p.read_text())
        old_path = committed / p.name
        old = json.loads(old_path.read_text()) if old_path.is_file() else {}
        rows.append(
            {
                "id": new.get("id", p.stem),
                "committed": old.get("verdict"),
                "updated": new.get("verdict"),
                "measured_committed": old.get("measured"),
                "measured_updated": new.get("measured"),
                "data_end": new.get("data_end"),
            }
        )
    return rows
