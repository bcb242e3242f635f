"""The Yahoo Finance boundary: every call to yfinance, its errors, retries and the network probe.

:class:`Downloader` is all the refresh (:mod:`rotation.sources.refresh`) asks of Yahoo; the real one is
:class:`YFinanceDownloader` (yfinance 1.7), tests pass a fake with the same two methods.
yfinance logs most failures per ticker instead of raising; :class:`YFinanceDownloader` maps rate
limits, timeouts and dropped connections onto ``YFRateLimitError``, ``TimeoutError`` and
``ConnectionError``, which :func:`with_retries` retries with exponential backoff
(:class:`RetryPolicy`); other per-ticker messages are kept for the refresh's report.
:func:`to_long` turns a ``yf.download`` frame into the long ``date, ticker, open ... volume``
layout of the price files; :func:`last_complete_session` is the last session whose daily bar is
final; :func:`network_available` is the 3-second probe run before anything is touched.

Units: prices in USD per share, adjusted for splits and dividends (``auto_adjust=True``) unless
``adjusted=False`` (quoted), index levels in index points, volume in shares, share counts in
shares. Dates are exchange trading dates (tz-naive).
"""

from __future__ import annotations

import ast
import contextlib
import logging
import re
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

YAHOO_HOST = "query1.finance.yahoo.com"
PROBE_TIMEOUT = 3.0  # seconds
CLOSE_CUTOFF = pd.Timedelta(hours=18)  # New York time after which the day's bar counts as final

#: Yahoo symbols of tickers stored under another name in the snapshot.
YAHOO_SYMBOL: dict[str, str] = {"VIX": "^VIX", "VXO": "^VXO"}

#: yfinance's field names -> the price files' column names.
FIELDS = {"Open": "open", "High": "high", "Low": "low", "Close": "close", "Volume": "volume"}


# --------------------------------------------------------------------------------------------
# the yfinance boundary
# --------------------------------------------------------------------------------------------
class Downloader(Protocol):
    """Everything the refresh asks of Yahoo. Tests pass a fake with the same two methods."""

    def download(
        self, symbols: Sequence[str], start: pd.Timestamp, end: pd.Timestamp, *, adjusted: bool = True
    ) -> pd.DataFrame:
        """Daily bars of ``symbols`` (Yahoo symbols) from ``start`` to ``end``, both inclusive:
        a frame indexed by date with MultiIndex columns ``(Price, Ticker)``, prices in USD
        adjusted for splits and dividends when ``adjusted`` (quoted otherwise), as
        ``yf.download(group_by="column")`` returns it. Symbols without data may be absent or
        all-NaN. Raises ``YFRateLimitError``, ``TimeoutError`` or ``ConnectionError`` for
        transient failures (they are retried)."""
        ...

    def shares(self, symbol: str, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series | None:
        """Shares outstanding of ``symbol`` (shares) indexed by timestamp, several per day
        possible, as ``yf.Ticker(symbol).get_shares_full(start, end)`` returns it; ``None``
        when Yahoo has none."""
        ...


class YFinanceDownloader:
    """The real :class:`Downloader`, with yfinance 1.7.

    ``yf.download`` catches every per-ticker exception and only logs it; this class captures
    those log records, raises ``YFRateLimitError`` if any ticker was rate-limited (so the
    batch is retried after a pause), ``TimeoutError``/``ConnectionError`` if every ticker
    failed that way, and keeps the other per-ticker messages in :attr:`errors` for the report.
    """

    def __init__(self, timeout: float = 20.0) -> None:
        self.timeout = timeout
        self.errors: dict[str, str] = {}

    def download(
        self, symbols: Sequence[str], start: pd.Timestamp, end: pd.Timestamp, *, adjusted: bool = True
    ) -> pd.DataFrame:
        import yfinance as yf

        with _yfinance_errors() as messages:
            try:
                frame = yf.download(
                    list(symbols),
                    start=_iso(start),
                    end=_iso(end + pd.Timedelta(days=1)),
                    auto_adjust=adjusted,
                    group_by="column",
                    threads=False,
                    progress=False,
                    timeout=self.timeout,
                    multi_level_index=True,
                )
            except Exception as exc:
                raise _transient_or_self(exc) from exc
        self.errors = _per_ticker(messages)
        _raise_if_transient(self.errors, symbols)
        return frame if frame is not None else pd.DataFrame()

    def shares(self, symbol: str, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series | None:
        import yfinance as yf

        with _yfinance_errors() as messages:
            try:
                series = yf.Ticker(symbol).get_shares_full(
                    start=_iso(start), end=_iso(end + pd.Timedelta(days=1))
                )
            except Exception as exc:
                raise _transient_or_self(exc) from exc
        errors = {symbol: " ".join(messages)} if messages else {}
        _raise_if_transient(errors, [symbol])
        self.errors = errors
        return series


def _iso(ts: pd.Timestamp) -> str:
    return pd.Timestamp(ts).strftime("%Y-%m-%d")


@contextlib.contextmanager
def _yfinance_errors() -> Iterator[list[str]]:
    """Collect the ERROR records yfinance logs and silence its pandas deprecation warnings
    (the report says what failed; the terminal stays readable)."""
    logger = logging.getLogger("yfinance")
    messages: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = _Collect(level=logging.ERROR)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=r"yfinance(\.|$)")
            yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _per_ticker(messages: list[str]) -> dict[str, str]:
    """Map yfinance's ``"['A', 'B']: reason"`` log lines to ``{ticker: reason}``."""
    out: dict[str, str] = {}
    for msg in messages:
        m = re.match(r"^\s*(\[.*?\]):\s*(.*)$", msg, flags=re.S)
        if not m:
            continue
        with contextlib.suppress(ValueError, SyntaxError):
            for sym in ast.literal_eval(m.group(1)):
                out[str(sym)] = m.group(2).strip()
    return out


def _is_rate_limit(text: str) -> bool:
    return "RateLimit" in text or "Too Many Requests" in text


def _is_timeout(text: str) -> bool:
    return "timeout" in text.lower() or "timed out" in text.lower()


def _is_connection(text: str) -> bool:
    low = text.lower()
    return "connection" in low or "resolve host" in low or "could not connect" in low


def _raise_if_transient(errors: dict[str, str], symbols: Sequence[str]) -> None:
    from yfinance.exceptions import YFRateLimitError

    if any(_is_rate_limit(e) for e in errors.values()):
        raise YFRateLimitError()
    if symbols and len(errors) >= len(symbols):
        if all(_is_timeout(e) for e in errors.values()):
            raise TimeoutError(f"every request timed out: {next(iter(errors.values()))}")
        if all(_is_connection(e) for e in errors.values()):
            raise ConnectionError(f"no connection to Yahoo: {next(iter(errors.values()))}")


def _transient_or_self(exc: Exception) -> Exception:
    """Map the HTTP client's timeout and connection errors onto the builtin types retried."""
    if isinstance(exc, (TimeoutError, ConnectionError)) or _is_rate_limit(type(exc).__name__):
        return exc
    text = f"{type(exc).__name__}: {exc}"
    if _is_timeout(text):
        return TimeoutError(text)
    if _is_connection(text):
        return ConnectionError(text)
    return exc


def _transient_types() -> tuple[type[BaseException], ...]:
    from yfinance.exceptions import YFRateLimitError

    return (YFRateLimitError, TimeoutError, ConnectionError)


# --------------------------------------------------------------------------------------------
# network probe, sessions
# --------------------------------------------------------------------------------------------
def network_available(host: str = YAHOO_HOST, port: int = 443, timeout: float = PROBE_TIMEOUT) -> bool:
    """True if a TCP connection to ``host:port`` opens within ``timeout`` seconds (name
    resolution included: the probe runs in a thread and is abandoned after the timeout)."""
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout + 0.5)
    return bool(result and result[0])


def last_complete_session(now: pd.Timestamp | None = None) -> pd.Timestamp:
    """The last weekday whose daily bar is final: today after 18:00 New York time, else the
    previous weekday (exchange holidays simply return no rows). A tz-naive date."""
    ny = (pd.Timestamp.now(tz="UTC") if now is None else pd.Timestamp(now)).tz_convert("America/New_York")
    day = ny.tz_localize(None).normalize()
    if ny.weekday() < 5 and ny.tz_localize(None) - day < CLOSE_CUTOFF:
        day -= pd.Timedelta(days=1)
    while day.weekday() >= 5:
        day -= pd.Timedelta(days=1)
    return day


# --------------------------------------------------------------------------------------------
# retries
# --------------------------------------------------------------------------------------------
@dataclass
class RetryPolicy:
    """Batching and retry settings. Waits are ``backoff * 2**attempt`` seconds."""

    retries: int = 4
    backoff: float = 2.0
    batch_size: int = 50
    max_consecutive_failures: int = 3  # failed batches in a row before the panel is abandoned
    sleep: Callable[[float], None] = time.sleep


def with_retries(fn: Callable[[], Any], policy: RetryPolicy) -> Any:
    """Call ``fn``; on a rate limit, timeout or dropped connection wait and call again, at most
    ``policy.retries`` more times. Other exceptions propagate at once."""
    transient = _transient_types()
    for attempt in range(policy.retries + 1):
        try:
            return fn()
        except transient:
            if attempt == policy.retries:
                raise
            policy.sleep(policy.backoff * 2**attempt)
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------------------------
# frames from the boundary
# --------------------------------------------------------------------------------------------
def to_long(
    frame: pd.DataFrame | None, names: dict[str, str], end: pd.Timestamp | None = None
) -> pd.DataFrame:
    """A ``yf.download`` frame (date index, MultiIndex columns ``(Price, Ticker)``) as a long
    frame ``date, ticker, open, high, low, close, volume`` (whichever fields came back).

    ``names`` maps Yahoo symbols to the stored ticker names; other symbols are dropped. Rows
    without a close (dates on which only other tickers traded, Yahoo's partial NaN rows) are
    dropped: a day without a close is not a price observation. Rows after ``end`` are dropped.
    """
    cols = ["date", "ticker", *FIELDS.values()]
    if frame is None or frame.empty or not isinstance(frame.columns, pd.MultiIndex):
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in cols}).astype(
            {"date": "datetime64[us]", "ticker": "string"}
        )
    f = frame
    if not set(f.columns.get_level_values(0)) & set(FIELDS):
        f = f.swaplevel(0, 1, axis=1)
    f = f.loc[:, f.columns.get_level_values(0).isin(list(FIELDS))]
    f.columns = f.columns.set_names(["field", "symbol"])
    idx = pd.DatetimeIndex(f.index)
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    f.index = idx.normalize().rename("date")
    long = f.stack("symbol").rename(columns=FIELDS).reset_index()
    long["ticker"] = long["symbol"].astype(str).map(names)
    long = long[long["ticker"].notna() & long.get("close", pd.Series(np.nan, index=long.index)).notna()]
    if end is not None:
        long = long[long["date"] <= end]
    for c in FIELDS.values():
        if c not in long:
            long[c] = np.nan
    long = long[cols].astype({"date": "datetime64[us]", "ticker": "string"})
    return long.sort_values(["ticker", "date"]).reset_index(drop=True)


def missing_closes(
    frame: pd.DataFrame | None, names: dict[str, str], end: pd.Timestamp | None = None
) -> dict[str, list[pd.Timestamp]]:
    """What :func:`to_long` drops that is not a holiday: per stored ticker, the dates of ``frame``
    after its first close (and not after ``end``) on which it has no close while another symbol
    of the frame has one (Yahoo's NaN close on a trading day). A refresh lists them."""
    if frame is None or frame.empty or not isinstance(frame.columns, pd.MultiIndex):
        return {}
    f = frame if "Close" in set(frame.columns.get_level_values(0)) else frame.swaplevel(0, 1, axis=1)
    if "Close" not in set(f.columns.get_level_values(0)):
        return {}
    close = f["Close"].apply(pd.to_numeric, errors="coerce")
    idx = pd.DatetimeIndex(close.index)
    close.index = (idx.tz_localize(None) if idx.tz is not None else idx).normalize()
    if end is not None:
        close = close[close.index <= end]
    traded = close.notna().any(axis=1)
    out: dict[str, list[pd.Timestamp]] = {}
    for sym, col in close.items():
        if str(sym) not in names or col.notna().sum() == 0:
            continue
        gap = col.isna() & traded & (col.index > col.first_valid_index())
        if gap.any():
            out[names[str(sym)]] = [pd.Timestamp(d) for d in col.index[gap]]
    return out


def yahoo_symbol(ticker: str) -> str:
    """The Yahoo symbol of a stored ticker name."""
    return YAHOO_SYMBOL.get(ticker, ticker)
