"""The shared HTTP client against a real server: manners, retries, waits, failures."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from readinglist import __version__
from readinglist.core.errors import OfflineError, OnlineError
from readinglist.core.online.client import HttpClient, server_delay
from readinglist.core.online.clock import Cancel, Cancelled
from tests.support.online import FakeClock, config_for
from tests.support.replay import Canned, ReplayServer, closed_port_url


def get(
    client: HttpClient, server: ReplayServer, path: str = "/api/daily_papers", **params: str
) -> int:
    reply = client.get(
        f"{server.url}{path}", params or None, throttle=client.throttle(0.5), what="Hugging Face"
    )
    return reply.status


def test_every_request_names_the_app_and_its_version(
    server: ReplayServer, clock: FakeClock
) -> None:
    server.serve("/api/daily_papers", Canned.file("hf/daily_papers_empty.json"))
    with HttpClient(config_for(server.url), clock=clock) as client:
        assert get(client, server, date="2026-03-13") == 200
    agent = server.requests[0].headers["user-agent"]
    assert agent.startswith(f"readinglist/{__version__} ")
    assert server.requests[0].query == {"date": "2026-03-13"}


def test_a_429_is_retried_after_the_wait_the_server_asks_for(
    server: ReplayServer, clock: FakeClock
) -> None:
    server.serve(
        "/api/daily_papers",
        [Canned.file("hf/error_429_rate_limited.http"), Canned.file("hf/daily_papers_empty.json")],
    )
    with HttpClient(config_for(server.url), clock=clock) as client:
        assert get(client, server) == 200
        assert client.requests == 2
    # Retry-After: 55, and RateLimit r=0;t=55 (reset in 55 s: wait one more).
    assert clock.sleeps == [56.0]
    assert server.times[1] - server.times[0] >= 55


def test_a_server_error_is_retried_with_a_doubling_backoff_then_reported(
    server: ReplayServer, clock: FakeClock
) -> None:
    server.serve("/api/daily_papers", Canned.file("hf/error_500.http"))
    with (
        HttpClient(config_for(server.url, attempts=4, backoff=2.0), clock=clock) as client,
        pytest.raises(OnlineError) as caught,
    ):
        get(client, server)
    assert len(server.requests) == 4
    assert clock.sleeps == [2.0, 4.0, 8.0]
    assert str(caught.value) == (
        "Hugging Face (127.0.0.1) answered 500 Internal Server Error, 4 times in a row; "
        "try again later."
    )


def test_a_recovering_server_is_used_once_it_answers(
    server: ReplayServer, clock: FakeClock
) -> None:
    server.serve(
        "/api/query",
        [Canned.file("arxiv/error_503.http"), Canned.file("arxiv/query_empty.xml")],
    )
    with HttpClient(config_for(server.url), clock=clock) as client:
        assert get(client, server, "/api/query") == 200


def test_a_wait_longer_than_the_limit_is_not_sat_through(
    server: ReplayServer, clock: FakeClock
) -> None:
    server.serve("/api/daily_papers", Canned(429, b"", (("Retry-After", "3600"),)))
    with (
        HttpClient(config_for(server.url), clock=clock) as client,
        pytest.raises(OnlineError, match=r"asks to wait 3600 s .*try again later"),
    ):
        get(client, server)
    assert clock.sleeps == []
    assert len(server.requests) == 1


def test_a_server_that_does_not_answer_in_time_is_reported(
    server: ReplayServer, clock: FakeClock
) -> None:
    server.serve("/api/daily_papers", Canned.file("hf/daily_papers_empty.json", hold=True))
    config = config_for(server.url, timeout=0.2, attempts=2)
    with (
        HttpClient(config, clock=clock) as client,
        pytest.raises(OnlineError, match=r"did not answer within 0\.2 s, 2 times in a row"),
    ):
        get(client, server)
    assert len(server.requests) == 2


def test_offline_is_said_at_once_in_one_line(clock: FakeClock) -> None:
    url = closed_port_url()
    with HttpClient(config_for(url), clock=clock) as client, pytest.raises(OfflineError) as caught:
        client.get(url + "/api/query", None, throttle=client.throttle(3), what="arXiv")
    message = str(caught.value)
    assert message.startswith("Cannot reach arXiv at 127.0.0.1 (")
    assert message.endswith("you seem to be offline, or it is down.")
    assert "\n" not in message
    assert clock.sleeps == []  # not retried


def test_a_404_or_400_is_returned_for_the_caller_to_judge(
    server: ReplayServer, clock: FakeClock
) -> None:
    server.serve("/api/papers/1234.56789", Canned.file("hf/error_404_paper.http"))
    server.serve("/api/daily_papers", Canned.file("hf/error_400_bad_date.http"))
    with HttpClient(config_for(server.url), clock=clock) as client:
        assert get(client, server, "/api/papers/1234.56789") == 404
        assert get(client, server, date="2025-13-40") == 400
    assert clock.sleeps == []


def test_an_answer_over_the_size_limit_is_not_read(server: ReplayServer, clock: FakeClock) -> None:
    server.serve("/pdf/2503.01234", Canned(200, b"%PDF-" + b"x" * 5000))
    with (
        HttpClient(config_for(server.url), clock=clock) as client,
        pytest.raises(OnlineError, match="sent more than 0 MB"),
    ):
        client.get(
            f"{server.url}/pdf/2503.01234",
            None,
            throttle=client.throttle(3),
            what="arXiv",
            max_bytes=1000,
        )


def test_cancelling_stops_a_run_before_its_next_request(
    server: ReplayServer, clock: FakeClock
) -> None:
    cancel = Cancel()
    server.serve("/api/daily_papers", Canned.file("hf/error_500.http"))
    with HttpClient(config_for(server.url), clock=clock, cancel=cancel) as client:
        cancel.cancel()
        with pytest.raises(Cancelled):
            get(client, server)
    assert server.requests == []


def test_the_server_delay_headers() -> None:
    now = datetime(2026, 3, 13, 12, 0, tzinfo=UTC)
    assert server_delay({}) is None
    assert server_delay({"retry-after": "30"}) == 30
    in_a_minute = format_datetime(now + timedelta(seconds=60), usegmt=True)
    assert server_delay({"retry-after": in_a_minute}, now) == 60
    assert server_delay({"retry-after": "soon"}) is None
    assert server_delay({"ratelimit": '"api";r=0;t=55'}) == 56
    assert server_delay({"ratelimit": '"api";r=12;t=55'}) is None
    assert server_delay({"ratelimit": '"api";r=0;t=9', "retry-after": "20"}) == 20


def test_the_response_cache_is_in_the_library_folder(tmp_path: Path) -> None:
    from readinglist.core.paths import LibraryPaths

    assert LibraryPaths(tmp_path).cache == tmp_path / "cache"
    assert LibraryPaths(tmp_path).pdfs == tmp_path / "pdfs"


def test_warming_up_imports_the_transport_a_first_request_would() -> None:
    """In a fresh interpreter: httpx's transport is not imported with httpx,
    and is after ``warm_up`` (which the window runs on a worker while idle)."""
    check = (
        "import sys\n"
        "from readinglist.core.online.client import warm_up\n"
        "assert 'httpcore' not in sys.modules and 'h11' not in sys.modules\n"
        "warm_up()\n"
        "assert 'httpcore' in sys.modules and 'h11' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", check], check=True, timeout=60)
