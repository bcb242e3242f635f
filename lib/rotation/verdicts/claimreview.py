"""Verdicts published as schema.org ``ClaimReview`` JSON-LD, the fact-checking convention.

One ``ClaimReview`` per claim, from its result file, its registry row and its article's row:

- ``claimReviewed``: the claim as the registry states it;
- ``itemReviewed``: a ``Claim`` with its ``author`` (the registry's attribution), its
  ``appearance`` / ``firstAppearance`` (the article's URL and publication date);
- ``reviewRating``: a ``Rating`` on the 1–4 scale declared in ``data/rating_scale.csv``
  (4 supported and robust, 3 supported but window-sensitive, 2 partly, 1 not supported), with
  ``alternateName`` = the verdict in words and ``ratingExplanation`` = the one-sentence finding;
- ``author``: the project; ``datePublished``: the last date of the data the verdict rests on;
  ``url``: the section of the report that decides it.

*Undecidable with this data* is not a point on the scale: its ``reviewRating`` has no
``ratingValue`` (only ``alternateName`` and the explanation of why and what would decide it),
as schema.org allows a textual rating.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import pandas as pd

from .. import config, reads
from ..errors import DataValidationError
from . import articles
from .registry import UNDECIDABLE

SCALE = {"bestRating": 4, "worstRating": 1}
PROJECT = {"@type": "Organization", "name": "rotation (claims of market commentary tested on market data)"}
REQUIRED = ("claimReviewed", "itemReviewed", "reviewRating", "author", "datePublished", "url")


@functools.lru_cache(maxsize=1)
def _scale() -> pd.DataFrame:
    path = config.project_data_dir() / "rating_scale.csv"
    if not path.is_file():
        raise DataValidationError("data/rating_scale.csv is missing; it is part of the repository")
    reads.note(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def rating(verdict: str, robustness_label: str | None) -> tuple[int | None, str]:
    """The declared rating (``None`` for undecidable) and its label for a verdict and its
    robustness label (``robust``, ``window-sensitive`` or none)."""
    scale = _scale()
    rows = scale[scale["verdict"] == verdict]
    if rows.empty:
        raise DataValidationError(f"data/rating_scale.csv has no row for the verdict {verdict!r}")
    exact = rows[rows["robustness"] == (robustness_label or "")]
    row = (exact if len(exact) else rows[rows["robustness"] == ""]).iloc[0]
    return (int(row["rating"]) if row["rating"] else None), str(row["label"])


def claim_author(attribution: str, article: pd.Series) -> str:
    """Who made the claim: the registry's attribution, where "article" (the article's own claim)
    is replaced by the article's author and outlet as recorded ("the article's author (not
    recorded), The Motley Fool")."""
    parts = [p.strip() for p in attribution.split(";")]
    author = str(article.get("author") or "").strip() or "not recorded"
    own = f"the article's author ({author})" if author.startswith("not recorded") else author
    outlet = str(article.get("outlet") or "").strip()
    own += f", {outlet}" if outlet and not outlet.startswith("not recorded") else ""
    return "; ".join(own if p.split(" (")[0] == "article" else p for p in parts)


def review(result: dict[str, Any], claim: pd.Series, article: pd.Series, *, page: str) -> dict[str, Any]:
    """One ``ClaimReview`` for a result file's dict, its registry row and its article's row; ``page``
    is the report page of its notebook (``01_breadth.html``)."""
    verdict = result["verdict"]
    label = (result.get("robustness") or {}).get("label")
    value, words = rating(verdict, label)
    explanation = result.get("headline") or result.get("reason", "")
    rating_obj: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": verdict,
        "ratingExplanation": explanation,
    }
    if verdict != UNDECIDABLE:
        rating_obj.update({"ratingValue": value, **SCALE, "name": words})
    appearance = {"@type": "CreativeWork", "url": article["url"], "datePublished": article["published"]}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim["statement"],
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": claim_author(str(claim["attribution"]), article)},
            "datePublished": article["published"],
            "appearance": appearance,
            "firstAppearance": appearance,
        },
        "reviewRating": rating_obj,
        "author": PROJECT,
        "datePublished": result.get("data_end") or article["data_as_of"],
        "url": f"{page}#{result['id']}",
    }


def reviews(article_id: str) -> list[dict[str, Any]]:
    """The ``ClaimReview`` of every claim of one article, in registry order, from ``results/``."""
    from .claims import load_results
    from .registry import registry

    reg = registry()
    res = load_results(article=article_id)
    art = articles.article(article_id)
    out = []
    for cid, row in reg[reg["article"] == article_id].iterrows():
        r = {"id": cid, **res.loc[cid].dropna().to_dict()}
        page = str(row["notebook"]).rsplit("/", 1)[-1].replace(".ipynb", ".html")
        out.append(review(r, row, art, page=page))
    return out


def missing_fields(entry: dict[str, Any]) -> list[str]:
    """The required fields an entry lacks (empty when it is complete), including the nested ones:
    the claim's author and appearance, and a rating value on the scale unless undecidable."""
    miss = [k for k in REQUIRED if not entry.get(k)]
    item = entry.get("itemReviewed") or {}
    miss += [f"itemReviewed.{k}" for k in ("author", "appearance", "firstAppearance") if not item.get(k)]
    rr = entry.get("reviewRating") or {}
    if not rr.get("alternateName"):
        miss.append("reviewRating.alternateName")
    if rr.get("alternateName") != UNDECIDABLE:
        v = rr.get("ratingValue")
        if not isinstance(v, int) or not SCALE["worstRating"] <= v <= SCALE["bestRating"]:
            miss.append("reviewRating.ratingValue")
    return miss


def jsonld(article_id: str, entries: list[dict[str, Any]] | None = None) -> str:
    """The article's reviews (``entries`` if already built by :func:`reviews`) as one JSON-LD
    document (a list), deterministic."""
    entries = reviews(article_id) if entries is None else entries
    return json.dumps(entries, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def script_tag(entries: list[dict[str, Any]]) -> str:
    """The reviews embedded in a page: ``<script type="application/ld+json">…</script>``."""
    body = json.dumps(entries, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return f'<script type="application/ld+json">{body}</script>'
