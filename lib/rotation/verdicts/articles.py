"""Articles and what they stated: ``data/articles.csv``, ``data/claim_figures.csv`` and the
precision vocabulary ``data/precisions.csv``.

An article is one row of ``data/articles.csv`` (id, title and outlet where known, publication date,
the date its data run to, URL). Its claims are the rows of ``data/claims.csv`` whose ``article`` is
its id. Every figure a claim states is one row of ``data/claim_figures.csv``: the value as it was
written (``"1.6"`` keeps its one decimal), its unit, and its **precision**, the way it was stated:

- ``exact`` (a count or a rank), ``rounded`` (to its digits: "1.6 %" is 1.55 … 1.65),
- ``about`` ("about 6 %": within the declared relative width of ``data/precisions.csv``, at least
  the rounded band), ``more_than``, ``at_least``, ``less_than``,
- ``range`` (a phrase naming a span, with ``low`` and ``high`` in the row: "late October"),
- ``named`` (a set of names: sectors, tickers; no band).

:meth:`Figure.band` turns a figure into the interval of values that reproduce it, and
:meth:`Figure.contains` says whether a measured value does. Notebooks and rules read stated
figures from here; no notebook restates one, and no notebook parameter can change one.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pandas as pd

from .. import config, reads
from ..errors import DataValidationError

PRECISIONS = ("exact", "rounded", "about", "more_than", "at_least", "less_than", "range", "named")
ARTICLE_COLUMNS = ("id", "title", "outlet", "author", "published", "data_as_of", "url", "found_via", "notes")
FIGURE_COLUMNS = ("article", "claim", "key", "value", "unit", "precision", "low", "high", "text")


def _read(name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    path = config.project_data_dir() / name
    reads.note(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataValidationError(
            f"data/{name} is missing (looked in {path.parent}); it is part of the repository (git checkout it)"
        ) from None
    return _parse(name, raw, columns).copy()


@functools.lru_cache(maxsize=8)
def _parse(name: str, raw: bytes, columns: tuple[str, ...]) -> pd.DataFrame:
    import io

    try:
        df = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataValidationError(f"data/{name} cannot be read as CSV: {exc}") from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataValidationError(f"data/{name}: missing column(s) {missing}; expected {list(columns)}")
    return df


# --------------------------------------------------------------------------------------------
# articles
# --------------------------------------------------------------------------------------------
def articles() -> pd.DataFrame:
    """``data/articles.csv`` indexed by article id, validated: unique non-blank ids, a URL, a
    publication date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and a data-as-of date."""
    df = _read("articles.csv", ARTICLE_COLUMNS)
    for pos, row in enumerate(df.itertuples(index=False), start=2):
        where = f"data/articles.csv, row {pos} ({row.id or 'blank id'})"
        if not row.id.strip():
            raise DataValidationError(f"{where}, column 'id': blank article id")
        if not row.url.startswith(("http://", "https://")):
            raise DataValidationError(f"{where}, column 'url': {row.url!r} is not an http(s) URL")
        for col in ("published", "data_as_of"):
            value = getattr(row, col)
            try:
                pd.Timestamp(value)
            except (TypeError, ValueError):
                raise DataValidationError(f"{where}, column {col!r}: {value!r} is not a date") from None
    dup = df["id"][df["id"].duplicated()]
    if len(dup):
        raise DataValidationError(f"data/articles.csv: duplicated article id {dup.iloc[0]!r}")
    return df.set_index("id")


def article(article_id: str) -> pd.Series:
    """One article's row; ``KeyError`` naming the known ids."""
    arts = articles()
    if article_id not in arts.index:
        raise KeyError(f"unknown article {article_id!r}; data/articles.csv has {list(arts.index)}")
    return arts.loc[article_id]


# --------------------------------------------------------------------------------------------
# stated figures
# --------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _about_width() -> float:
    df = _read("precisions.csv", ("precision", "band", "relative_width", "description"))
    row = df[df["precision"] == "about"]
    if row.empty or not row["relative_width"].iloc[0]:
        raise DataValidationError("data/precisions.csv: the row 'about' needs a relative_width")
    return float(row["relative_width"].iloc[0])


@dataclass(frozen=True)
class Figure:
    """One stated figure of a claim, as written (``value`` is the text, so its digits count)."""

    article: str
    claim: str
    key: str
    value: str
    unit: str
    precision: str
    low: str = ""
    high: str = ""
    text: str = ""

    @property
    def is_date(self) -> bool:
        return self.unit == "date"

    @property
    def names(self) -> list[str]:
        """The names of a ``named`` figure (``;``-separated in the file)."""
        return [v.strip() for v in self.value.split(";") if v.strip()]

    @property
    def number(self) -> float:
        """The stated value as a number (``ValueError`` for names and dates)."""
        return float(self.value)

    def band(self) -> tuple[float, float, bool, bool]:
        """``(low, high, low_open, high_open)``: the values that reproduce the figure at its stated
        precision (dates as days since 1970-01-01). ``named`` figures have no band."""
        if self.precision == "named":
            raise ValueError(f"{self.claim}.{self.key} names a set; it has no numeric band")
        if self.precision == "range":
            lo, hi = (self._scalar(x) for x in (self.low, self.high))
            return lo, hi, False, False
        v = self._scalar(self.value)
        if self.precision == "exact":
            return v, v, False, False
        if self.precision in ("rounded", "about"):
            exp = Decimal(self.value).as_tuple().exponent
            half = 0.5 * 10.0 ** (exp if isinstance(exp, int) else 0)
            width = max(half, abs(v) * _about_width()) if self.precision == "about" else half
            return v - width, v + width, False, False
        if self.precision == "more_than":
            return v, math.inf, True, True
        if self.precision == "at_least":
            return v, math.inf, False, True
        if self.precision == "less_than":
            return -math.inf, v, True, True
        raise ValueError(f"unknown precision {self.precision!r}")

    def contains(self, measured: float | str | pd.Timestamp) -> bool:
        """Whether ``measured`` reproduces the figure at its stated precision."""
        lo, hi, lo_open, hi_open = self.band()
        x = self._scalar(measured)
        above = x > lo if lo_open else x >= lo - 1e-9
        below = x < hi if hi_open else x <= hi + 1e-9
        return above and below

    def band_text(self) -> str:
        """The band in words, e.g. ``"5.40 … 6.60"``, ``"> 7"``, ``"2025-10-21 … 2025-10-31"``."""
        if self.precision == "named":
            return ", ".join(self.names)
        if self.precision in ("range",) and self.is_date:
            return f"{self.low} … {self.high}"
        lo, hi, _, _ = self.band()
        if self.precision == "more_than":
            return f"> {self.value}"
        if self.precision == "at_least":
            return f"≥ {self.value}"
        if self.precision == "less_than":
            return f"< {self.value}"
        if self.is_date:
            return f"{self.value}"
        return f"{lo:.2f} … {hi:.2f}" if lo != hi else self.value

    def _scalar(self, x: float | str | pd.Timestamp) -> float:
        if self.is_date:
            return float((pd.Timestamp(x) - pd.Timestamp("1970-01-01")).days)
        return float(x)


def _check_figure(pos: int, f: Figure) -> None:
    where = f"data/claim_figures.csv, row {pos} ({f.claim}.{f.key})"
    if f.precision not in PRECISIONS:
        raise DataValidationError(
            f"{where}, column 'precision': {f.precision!r}; use one of {', '.join(PRECISIONS)}"
        )
    if f.precision == "range" and not (f.low and f.high):
        raise DataValidationError(f"{where}, columns 'low'/'high': a range needs both")
    if f.precision == "named":
        if not f.names:
            raise DataValidationError(f"{where}, column 'value': a named figure needs at least one name")
        return
    try:
        for x in (f.value, *(v for v in (f.low, f.high) if v)):
            pd.Timestamp(x) if f.is_date else Decimal(x)
    except (ValueError, TypeError, InvalidOperation):
        kind = "a date" if f.is_date else "a number"
        raise DataValidationError(f"{where}, column 'value': {f.value!r} is not {kind}") from None
    lo, hi, _, _ = f.band()
    if lo > hi:
        raise DataValidationError(f"{where}, columns 'low'/'high': low {f.low} is above high {f.high}")


def all_figures() -> list[Figure]:
    """Every row of ``data/claim_figures.csv``, validated (known precision, parseable values,
    ``range`` rows with ``low`` <= ``high``, no key twice for a claim)."""
    df = _read("claim_figures.csv", FIGURE_COLUMNS)
    out: list[Figure] = []
    seen: set[tuple[str, str, str]] = set()
    for pos, row in enumerate(df.to_dict("records"), start=2):
        f = Figure(**{c: str(row[c]).strip() for c in FIGURE_COLUMNS})
        _check_figure(pos, f)
        k = (f.article, f.claim, f.key)
        if k in seen:
            raise DataValidationError(f"data/claim_figures.csv, row {pos}: {f.claim}.{f.key} appears twice")
        seen.add(k)
        out.append(f)
    return out


def figures(claim_id: str, article_id: str | None = None) -> dict[str, Figure]:
    """The stated figures of one claim, by key, in file order (empty for a qualitative claim)."""
    return {
        f.key: f
        for f in all_figures()
        if f.claim == claim_id and (article_id is None or f.article == article_id)
    }


def figure(claim_id: str, key: str) -> Figure:
    """One stated figure; ``KeyError`` naming the claim's keys."""
    figs = figures(claim_id)
    if key not in figs:
        raise KeyError(f"{claim_id} states no figure {key!r}; data/claim_figures.csv has {list(figs)}")
    return figs[key]


class _Md(str):
    """Markdown text that a notebook renders (``_repr_markdown_``)."""

    def _repr_markdown_(self) -> str:
        return str(self)


def header(article_id: str) -> _Md:
    """The article as the project records it (``data/articles.csv``), as Markdown: title, outlet,
    author, publication and data-as-of dates, and its address."""
    a = article(article_id)
    return _Md(
        f"**The article.** *{a['title']}*, {a['outlet']}; author: {a['author'] or 'not recorded'}; "
        f"published {a['published']}, its figures as of {a['data_as_of']}. Source: <{a['url']}>. "
        + (f"{a['notes']}." if a.get("notes") else "")
    )
