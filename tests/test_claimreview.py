"""ClaimReview JSON-LD: every committed verdict, the required fields, the declared scale."""

from __future__ import annotations

import json

import pytest

import rotation as rt

ARTICLES = list(rt.articles.articles().index)


@pytest.mark.parametrize("article", ARTICLES)
def test_every_verdict_of_every_article_is_a_complete_claimreview(article):
    entries = rt.claimreview.reviews(article)
    assert len(entries) == len(rt.registry.claim_ids(article))
    for e in entries:
        assert e["@type"] == "ClaimReview" and e["itemReviewed"]["@type"] == "Claim"
        assert rt.claimreview.missing_fields(e) == [], e["url"]
    assert json.loads(rt.claimreview.jsonld(article)) == entries


def test_undecidable_has_no_rating_value_and_ratings_follow_the_scale():
    assert rt.claimreview.rating("supported", "robust")[0] == 4
    assert rt.claimreview.rating("supported", "window-sensitive")[0] == 3
    assert rt.claimreview.rating("partly supported", "robust")[0] == 2
    assert rt.claimreview.rating("not supported", None)[0] == 1
    assert rt.claimreview.rating("undecidable with this data", None)[0] is None
    undecidable = [
        e
        for a in ARTICLES
        for e in rt.claimreview.reviews(a)
        if e["reviewRating"]["alternateName"].startswith("undecidable")
    ]
    assert undecidable and all("ratingValue" not in e["reviewRating"] for e in undecidable)


def test_missing_fields_catches_a_planted_gap():
    e = rt.claimreview.reviews(ARTICLES[0])[0]
    broken = {**e, "reviewRating": {**e["reviewRating"], "ratingValue": 7}}
    broken.pop("url")
    assert set(rt.claimreview.missing_fields(broken)) >= {"url"}
    if broken["reviewRating"]["alternateName"] != "undecidable with this data":
        assert "reviewRating.ratingValue" in rt.claimreview.missing_fields(broken)


def test_script_tag_cannot_close_the_script_early():
    tag = rt.claimreview.script_tag([{"claimReviewed": "a </script> b"}])
    assert tag.count("</script>") == 1


def test_the_article_as_author_is_named_from_its_row():
    a = rt.articles.article(rt.articles.articles().index[0])
    name = rt.claimreview.claim_author("article; Deutsche Bank strategist", a)
    assert "article's author" in name or str(a["author"]) in name
    assert name.endswith("Deutsche Bank strategist") and not name.startswith("article;")
    assert rt.claimreview.claim_author("Jefferies equity research", a) == "Jefferies equity research"
