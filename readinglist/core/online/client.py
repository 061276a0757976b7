"""The one HTTP client of an online run: httpx with our manners.

httpx does the HTTP; this adds what every request to a public API owes it
and the user: a User-Agent naming the app and its version, timeouts, a
throttle per source, and retries of what is worth retrying (a timeout, a
dropped connection, 408/429/5xx, and the 406 arXiv's front end has been
seen to answer) with a doubling backoff that honours the server's own
``Retry-After`` (seconds or a date) and Hugging Face's
``RateLimit: "api";r=0;t=55``. A refused connection or a name that does not
resolve is not retried: that is being offline, said at once, in one line.

httpx's own transport retries only cover failed connects, and neither it
nor urllib3 knows ``RateLimit``, a cancel switch or a test clock, hence
this small loop rather than a retry library.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from types import TracebackType

import httpx

from readinglist.core.errors import OfflineError, OnlineError
from readinglist.core.online.clock import Cancel, Clock, SystemClock, Throttle
from readinglist.core.online.config import USER_AGENT, OnlineConfig

#: Answers worth asking again after a pause.
RETRY_STATUSES = frozenset({406, 408, 429, 500, 502, 503, 504})
#: Larger answers are refused (a day of Daily Papers is ~100 KB, 50 arXiv records ~150 KB).
MAX_ANSWER = 20 * 1024 * 1024
_RATE_LIMIT = re.compile(r"\br=(\d+)\b.*?\bt=(\d+)\b|\bt=(\d+)\b.*?\br=(\d+)\b")


@dataclass(frozen=True)
class Reply:
    """A final answer (not one that was retried): its status and its body."""

    status: int
    body: bytes
    url: str
    content_type: str

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def server_delay(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """How long the server asks us to wait, in seconds, if it says so.

    ``Retry-After`` as seconds or as an HTTP date; Hugging Face's
    ``RateLimit`` header (``"api";r=0;t=55``: none left, reset in 55 s) when
    nothing is left. The longer of the two.
    """
    waits: list[float] = []
    retry_after = headers.get("retry-after", "").strip()
    if retry_after.isdigit():
        waits.append(float(retry_after))
    elif retry_after:
        try:
            when = parsedate_to_datetime(retry_after)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            waits.append(max((when - (now or datetime.now(UTC))).total_seconds(), 0.0))
    if match := _RATE_LIMIT.search(headers.get("ratelimit", "")):
        remaining = match[1] or match[4]
        reset = match[2] or match[3]
        if remaining is not None and int(remaining) == 0:
            waits.append(float(reset) + 1)
    return max(waits) if waits else None


class HttpClient:
    """Requests for one run: throttled, retried, cancellable, counted."""

    def __init__(
        self,
        config: OnlineConfig,
        *,
        clock: Clock | None = None,
        cancel: Cancel | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.config = config
        self.clock: Clock = clock or SystemClock()
        self.cancel = cancel or Cancel()
        #: Requests sent over the network (retries included).
        self.requests = 0
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(config.timeout),
            follow_redirects=True,
            max_redirects=5,
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def throttle(self, interval: float) -> Throttle:
        """A throttle for one source, on this run's clock."""
        return Throttle(interval, self.clock)

    def get(
        self,
        url: str,
        params: Mapping[str, str] | None,
        *,
        throttle: Throttle,
        what: str,
        max_bytes: int = MAX_ANSWER,
    ) -> Reply:
        """GET ``url``; the final answer, whatever its status (callers judge 404 and 400).

        Raises :class:`OfflineError` when the host cannot be reached,
        :class:`OnlineError` when retries are exhausted or the server asks to
        wait too long, and :class:`~.clock.Cancelled` when the run is cancelled.
        ``what`` names the source in messages ("Hugging Face").
        """
        config = self.config
        host = httpx.URL(url).host
        problem = ""
        for attempt in range(config.attempts):
            self.cancel.check()
            throttle.wait(self.cancel)
            try:
                reply, headers = self._send(url, params, max_bytes, what)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as exc:
                raise OfflineError(
                    f"Cannot reach {what} at {host} ({_reason(exc)}): you seem to be offline, "
                    "or it is down."
                ) from exc
            except httpx.TimeoutException:
                problem = f"did not answer within {config.timeout:g} s"
                delay: float | None = None
            except httpx.TransportError as exc:
                problem = f"broke off the connection ({_reason(exc)})"
                delay = None
            else:
                if reply.status not in RETRY_STATUSES:
                    return reply
                problem = f"answered {reply.status} {_phrase(reply.status)}"
                delay = server_delay(headers)
                if delay is not None and delay > config.max_wait:
                    raise OnlineError(
                        f"{what} ({host}) is busy and asks to wait {delay:.0f} s "
                        f"({problem}); try again later."
                    )
            if attempt + 1 < config.attempts:
                backoff = min(config.backoff * 2**attempt, config.max_backoff)
                self.clock.sleep(max(backoff, delay or 0.0), self.cancel)
        raise OnlineError(
            f"{what} ({host}) {problem}, {config.attempts} times in a row; try again later."
        )

    def _send(
        self, url: str, params: Mapping[str, str] | None, max_bytes: int, what: str
    ) -> tuple[Reply, httpx.Headers]:
        self.requests += 1
        with self._client.stream("GET", url, params=params) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise OnlineError(_too_large(what, max_bytes))
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise OnlineError(_too_large(what, max_bytes))
                chunks.append(chunk)
            reply = Reply(
                response.status_code,
                b"".join(chunks),
                str(response.url),
                response.headers.get("content-type", ""),
            )
            return reply, response.headers


def _too_large(what: str, limit: int) -> str:
    return f"{what} sent more than {limit // 1_048_576} MB; the answer was not read."


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text)
    return text[:1].lower() + text[1:120] if text else type(exc).__name__


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def warm_up() -> None:
    """Build an HTTP client and close it unused: no request is made.

    httpx imports its transport (httpcore, h11, certifi: some 55 modules) and
    reads the certificate store when its first client is built. The window
    calls this on a worker once it is idle, so that a first fetch does not do
    that Python on its worker while the window repaints beside it (measured
    in a probe of the window on the bench's 100k library: the longest stall
    at a fetch's start was 57–71 ms, 17–29 ms with this done beforehand)."""
    httpx.Client(headers={"User-Agent": USER_AGENT}).close()
