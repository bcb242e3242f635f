"""Downloading a pinned file (rotation.sources.download): its URL, and the connection probe. The downloads
themselves, from a local mirror (cut midway, resumed, tampered with), are in test_fetch.py."""

from __future__ import annotations

import socket
import threading
import time

from rotation import download
from tests.test_fetch import TABLE


def test_raw_urls_quote_spaces():
    o = TABLE[
        "earnings/raw/rwkopcke__sp500_earn_price/f4cc48a407/input_output/input_dir/sp-500-eps-est 2025 07 24.xlsx"
    ]
    assert download.url_of(o, "https://raw.githubusercontent.com") == (
        "https://raw.githubusercontent.com/rwkopcke/sp500_earn_price/f4cc48a4077aa93ac1fc7522ab3b98efed8dc030/"
        "input_output/input_dir/sp-500-eps-est%202025%2007%2024.xlsx"
    )


def test_an_unanswered_probe_gives_up_within_three_seconds(monkeypatch):
    released = threading.Event()

    def unanswered(*args, **kwargs):  # hangs like a host that never answers, then fails as a timeout
        released.wait(10)
        raise TimeoutError("no answer")

    monkeypatch.setattr(socket, "create_connection", unanswered)
    t0 = time.perf_counter()
    try:
        assert download.reachable("192.0.2.1", 443, timeout=0.6) is False  # the default waits PROBE_TIMEOUT
        assert time.perf_counter() - t0 < 0.7
    finally:
        released.set()  # the abandoned probe thread ends now, with an OSError it handles
