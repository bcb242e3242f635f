"""Adapting a notebook: ``python -m rotation adapt NOTEBOOK -p NAME VALUE ...``.

The command-line values are checked against the notebook's ``parameters`` cell
(:func:`parse_parameters`: every name must be there, every value of the kind of its default and
in its declared range (:mod:`rotation.run.parameters`), every ticker known to the data); the run gets its own folder, never beside committed files
(:func:`adapt_paths`); its page links to the committed site (:func:`retarget_links`); and its
verdicts are shown against the committed ones (:func:`verdict_lines`). The command itself is in
:mod:`rotation.__main__`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import ParameterError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_value(notebook: str, name: str, text: str, default):
    """A command-line value for parameter ``name`` of a notebook, checked against the kind of its
    default: a JSON list (dict) for a list (dict), a JSON number for a number, an ISO date for
    a date (also for a ``None`` default named ``AS_OF``), text for text; ``ParameterError`` naming
    the parameter and an example otherwise."""
    import json

    import pandas as pd

    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        parsed = None
        is_json = False
    else:
        is_json = True
    if isinstance(default, (list, tuple)):
        if not (is_json and isinstance(parsed, list)):
            example = json.dumps(list(default)[:2])
            raise ParameterError(
                f"{notebook}: {name} takes a JSON list such as '{example}'; got {text!r}"
                + ("" if is_json else ' (not valid JSON: quote each text item with ")')
            )
        return parsed
    if isinstance(default, dict):
        if not (is_json and isinstance(parsed, dict)):
            raise ParameterError(
                f"{notebook}: {name} takes a JSON object such as '{json.dumps(default)[:60]}'; got {text!r}"
            )
        return parsed
    if isinstance(default, bool):
        if not (is_json and isinstance(parsed, bool)):
            raise ParameterError(f"{notebook}: {name} takes true or false; got {text!r}")
        return parsed
    if isinstance(default, (int, float)):
        if not (is_json and isinstance(parsed, (int, float)) and not isinstance(parsed, bool)):
            raise ParameterError(f"{notebook}: {name} takes a number such as {default!r}; got {text!r}")
        return parsed
    if default is None and is_json and parsed is None:
        return None
    value = parsed if is_json and isinstance(parsed, str) else text
    dated = (
        isinstance(default, str)
        and _DATE.match(default)
        or default is None
        and (re.match(r"^\d{4}-", value) or name == "AS_OF" or name.endswith("_AS_OF"))
    )  # a None default named AS_OF ("the article's data-as-of date") takes a date
    if dated:
        try:
            if not _DATE.match(value):
                raise ValueError(value)
            pd.Timestamp(value)
        except ValueError:
            raise ParameterError(
                f"{notebook}: {name} takes a date YYYY-MM-DD such as {default or '2026-05-29'}; got {text!r}"
            ) from None
    return value


def parse_parameters(notebook: Path, pairs: list[tuple[str, str]]) -> dict:
    """Command-line ``-p NAME VALUE`` pairs as notebook parameters: every name must be in the
    notebook's ``parameters`` cell, every value of the kind of its default, every ticker known
    to the data (where the default is a ticker or a list of tickers)."""
    from .. import config
    from ..inputs import data
    from ..verdicts import claims
    from . import parameters

    defaults = claims.notebook_parameters(notebook)
    unknown = [k for k, _ in pairs if k not in defaults]
    if unknown:
        raise ParameterError(
            f"{notebook.name} has no parameter {', '.join(unknown)}; its parameters are "
            f"{', '.join(defaults) or 'none'}"
        )
    params = {k: parse_value(notebook.name, k, v, defaults[k]) for k, v in pairs}
    params = parameters.check(notebook, params, defaults)
    checks = {k: v for k, v in params.items() if isinstance(defaults[k], (str, list, tuple))}
    if checks:
        known = data.known_tickers()

        def tickers(v) -> list[str] | None:
            items = [v] if isinstance(v, str) else list(v)
            return items if items and all(isinstance(i, str) for i in items) else None

        for k, v in checks.items():
            was = tickers(defaults[k])
            if was and all(t in known for t in was):  # the default names tickers: so must the value
                new = tickers(v) or []
                missing = [t for t in new if t not in known]
                if missing:
                    raise ParameterError(
                        f"{notebook.name}: {k} names unknown ticker(s) {', '.join(missing)}: "
                        "no data source has them. Check the spelling, or fetch them with "
                        f"`{config.FETCH_COMMAND} --tickers {' '.join(missing)}`"
                    )
    return params


def _slug(params: dict) -> str:
    import hashlib
    import json

    text = "_".join(f"{k}={json.dumps(v) if not isinstance(v, str) else v}" for k, v in params.items())
    text = re.sub(r"[^A-Za-z0-9_=.,^-]+", "-", text).strip("-")
    if len(text) > 80:
        text = hashlib.sha256(text.encode()).hexdigest()[:12]
    return text or "defaults"


def adapt_paths(src: Path, params: dict, out: str | None) -> tuple[Path, Path]:
    """The run's folder and output notebook: ``build/adapt/<name>__<parameters>/<name>.ipynb``
    by default; ``--out DIR`` or ``--out DIR/<file>.ipynb`` otherwise. A folder inside the
    repository must be under ``build/``: an adapted run never writes beside committed files."""
    from .. import config

    root = config.repo_root()
    if out is None:
        folder = root / "build" / "adapt" / f"{src.stem}__{_slug(params)}"
        return folder, folder / src.name
    o = Path(out).expanduser().resolve()
    folder, nb = (o.parent, o) if o.suffix == ".ipynb" else (o, o / src.name)
    protected = [root / d for d in ("notebooks", "results", "data", "lib", "tests")] + list(
        config.data_sources()
    )
    inside = [d for d in protected if folder == d.resolve() or folder.is_relative_to(d.resolve())]
    if (
        inside
        or folder == root
        or (folder.is_relative_to(root) and not folder.is_relative_to(root / "build"))
    ):
        where = inside[0] if inside else folder
        raise ParameterError(
            f"--out {out}: an adapted run writes its notebook, page and results/ into "
            f"{folder}, which is inside {where}; choose a folder under build/ or outside "
            "the repository"
        )
    return folder, nb


def retarget_links(page: Path) -> None:
    """In an adapted page, point links to the report's other pages (the front page, the articles'
    pages, the other notebooks' pages) at the site built from the committed notebooks
    (``build/site``) if it exists, else remove them (keeping their text)."""
    from .. import config

    site = config.repo_root() / "build" / "site"
    body = page.read_text()

    def fix(m: re.Match) -> str:
        q, name, anchor, text = m.group(2), m.group(3), m.group(4) or "", m.group(6)
        if name != "index" and (page.parent / f"{name}.html").is_file():
            return m.group(0)
        if (site / f"{name}.html").is_file():
            rel = os.path.relpath(site / f"{name}.html", page.parent)
            return f"<a{m.group(1)}href={q}{rel}{anchor}{q}{m.group(5)}>{text}</a>"
        return f"<span>{text}</span>"

    link = re.compile(
        r"<a([^>]*?)href=([\"'])(?:\./)?(index|article-[A-Za-z0-9_-]+|[0-9]{2}_[A-Za-z0-9_-]+)\.html"
        r"(#[^\"']*)?\2([^>]*)>(.*?)</a>",
        flags=re.S,
    )
    from .. import io

    io.write_text(page, link.sub(fix, body))


def banner(notebook: Path, params: dict) -> str:
    """HTML for the top of an adapted page: that it is not the committed report, each parameter
    whose value differs from the committed run's (the notebook's defaults) with both values, and,
    when ``build/site`` is missing, that the report's links wait for ``make run``."""
    import html
    import json

    from .. import config
    from ..verdicts import claims

    defaults = claims.notebook_parameters(notebook)
    shown = lambda v: "none" if v is None else html.escape(v if isinstance(v, str) else json.dumps(v))
    changed = [
        f"<li><code>{html.escape(k)}</code> = {shown(v)} (committed run: {shown(defaults.get(k))})</li>"
        for k, v in params.items()
        if v != defaults.get(k)
    ]
    what = f"<ul>{''.join(changed)}</ul>" if changed else " with the committed parameters."
    site = config.repo_root() / "build" / "site" / "index.html"
    note = (
        ""
        if site.is_file()
        else "<p>The report these links lead to is not built here: <code>make run</code> builds it in "
        "<code>build/site</code>.</p>"
    )
    return (
        f"<div class='rt-banner' role='note'><strong>Adapted run</strong> of {html.escape(notebook.name)}, "
        f"not the committed report; its parameters that differ:{what}{note}</div>"
    )


def verdict_lines(results: Path, ids: list[str] | None = None) -> list[str]:
    """``"B2: supported → not supported"`` per claim in ``results`` against the committed ones."""
    from . import update

    lines = []
    for r in update.verdict_changes(results):
        if ids is not None and r["id"] not in ids:
            continue
        mark = "" if r["committed"] == r["updated"] else "   <- changed"
        lines.append(
            f"  {r['id']}: {r['committed'] or 'no committed verdict'} → {r['updated']}"
            f" (measured {r['measured_committed']} → {r['measured_updated']}){mark}"
        )
    return lines
