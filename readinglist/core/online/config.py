"""Where the online sources are, and how politely they are asked.

The base URLs are library settings (``online.hf_url``, ``online.arxiv_url``,
set with ``readinglist online``), each overridden by an environment
variable, so tests and air-gapped mirrors can point elsewhere without
touching the library. The limits follow the sources' published rules:
arXiv asks for at most one request every three seconds on one connection;
Hugging Face allows 500 anonymous requests per five minutes, and we stay far
below with two per second. A mirror of arXiv's API (any host but arxiv.org's)
may be asked faster (``online.arxiv_interval``, in seconds); arxiv.org never is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from readinglist import __version__
from readinglist.core.errors import InvalidInputError

HF_URL_SETTING = "online.hf_url"
ARXIV_URL_SETTING = "online.arxiv_url"
ARXIV_INTERVAL_SETTING = "online.arxiv_interval"
HF_URL_ENV = "READINGLIST_HF_URL"
ARXIV_URL_ENV = "READINGLIST_ARXIV_URL"
DEFAULT_HF_URL = "https://huggingface.co"
DEFAULT_ARXIV_URL = "https://export.arxiv.org"
#: Sent with every request: the app and its version, and where to read about it.
USER_AGENT = f"readinglist/{__version__} (+https://github.com/readinglist/readinglist)"


@dataclass(frozen=True)
class OnlineConfig:
    """Everything a run needs to know before it opens a connection."""

    hf_url: str = DEFAULT_HF_URL
    arxiv_url: str = DEFAULT_ARXIV_URL
    #: Seconds to connect, and between bytes of an answer.
    timeout: float = 30.0
    #: Tries per request (the first and the retries).
    attempts: int = 4
    #: The first wait before a retry; it doubles each time, up to ``max_backoff``.
    backoff: float = 2.0
    max_backoff: float = 60.0
    #: A server asking to wait longer than this (``Retry-After``) is not waited for.
    max_wait: float = 300.0
    #: Seconds between the starts of two requests to arXiv (its terms of use).
    arxiv_interval: float = 3.0
    #: Seconds between two requests to Hugging Face (well within its limit).
    hf_interval: float = 0.5
    #: arXiv ids asked for in one request.
    arxiv_batch: int = 50


@dataclass(frozen=True)
class SourceUrl:
    """A base URL and where it came from: ``default``, ``setting`` or the variable's name."""

    url: str
    origin: str


def base_url(value: str, what: str) -> str:
    """``value`` as a base URL (http or https, no trailing slash); refuses anything else."""
    text = value.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or " " in text:
        raise InvalidInputError(
            f"“{value}” is not a usable address for {what} (give one such as https://example.org)."
        )
    return text


def source_urls(
    setting: Callable[[str], str | None], environ: Mapping[str, str]
) -> dict[str, SourceUrl]:
    """The Hugging Face and arXiv base URLs in effect (``hf``, ``arxiv``), with their origin."""
    out: dict[str, SourceUrl] = {}
    for name, key, env, default, what in (
        ("hf", HF_URL_SETTING, HF_URL_ENV, DEFAULT_HF_URL, "Hugging Face"),
        ("arxiv", ARXIV_URL_SETTING, ARXIV_URL_ENV, DEFAULT_ARXIV_URL, "arXiv"),
    ):
        if value := environ.get(env, "").strip():
            out[name] = SourceUrl(base_url(value, f"{what} (${env})"), env)
        elif value := (setting(key) or "").strip():
            out[name] = SourceUrl(base_url(value, f"{what} (the {key} setting)"), "setting")
        else:
            out[name] = SourceUrl(default, "default")
    return out


def is_arxiv_org(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == "arxiv.org" or host.endswith(".arxiv.org")


def arxiv_interval(url: str, setting: str | None) -> float:
    """Seconds between requests to ``url``: three for arxiv.org, the setting for a mirror."""
    default = OnlineConfig.arxiv_interval
    if is_arxiv_org(url) or not setting:
        return default
    try:
        value = float(setting)
    except ValueError:
        return default
    return value if 0 <= value <= 60 else default


def load_config(setting: Callable[[str], str | None], environ: Mapping[str, str]) -> OnlineConfig:
    """The configuration of a run: base URLs from settings and environment, default limits."""
    urls = source_urls(setting, environ)
    arxiv = urls["arxiv"].url
    return OnlineConfig(
        hf_url=urls["hf"].url,
        arxiv_url=arxiv,
        arxiv_interval=arxiv_interval(arxiv, setting(ARXIV_INTERVAL_SETTING)),
    )
