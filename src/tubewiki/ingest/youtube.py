"""Fetch captions of a YouTube video, playlist or channel with yt-dlp."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import NetworkError, TubewikiError

_URL = re.compile(r"^https?://(?:www\.|m\.|music\.)?(?:youtube\.com|youtu\.be)/", re.I)


def is_youtube_url(arg: str) -> bool:
    return bool(_URL.match(arg.strip()))


def fetch_captions(url: str, dest: Path, *, languages: tuple[str, ...] = ("en", "en-orig", ".*"),
                   limit: int | None = None) -> list[Path]:
    """Download caption files (and .info.json sidecars) into ``dest``; no video is downloaded.

    Manual captions are preferred; auto-captions are taken when a video has none. Raises
    :class:`NetworkError` with a one-line message when YouTube cannot be reached.
    """
    try:
        import yt_dlp
        from yt_dlp.utils import DownloadError
    except ImportError:  # pragma: no cover - yt-dlp is a dependency
        raise TubewikiError("yt-dlp is not installed: pip install yt-dlp") from None
    dest.mkdir(parents=True, exist_ok=True)
    log = _QuietLog()
    options = {
        "logger": log,
        "skip_download": True,
        "writesubtitles": True,
        "writeautomaticsub": True,
        "subtitleslangs": list(languages[:1]) if languages else ["en"],
        "subtitlesformat": "vtt/srv3/json3/best",
        "writeinfojson": True,
        "outtmpl": str(dest / "%(title).150B [%(id)s].%(ext)s"),
        "quiet": True,
        "no_warnings": True,
        "noprogress": True,
        "ignoreerrors": "only_download",
        "socket_timeout": 15,
        "retries": 1,
    }
    if limit:
        options["playlistend"] = limit
    try:
        with yt_dlp.YoutubeDL(options) as ydl:
            ydl.download([url])
    except DownloadError as exc:
        message = str(exc).splitlines()[0] if str(exc) else "download failed"
        if _offline(message):
            raise NetworkError(f"{url}: cannot reach YouTube (offline?): add caption files instead") from None
        raise TubewikiError(f"{url}: {message.removeprefix('ERROR: ')}") from None
    except OSError as exc:
        raise NetworkError(f"{url}: cannot reach YouTube ({exc.strerror or exc})") from None
    files = sorted(p for p in dest.iterdir() if p.is_file() and not p.name.endswith(".info.json"))
    if not files and any(_offline(m) for m in log.errors):
        raise NetworkError(f"{url}: cannot reach YouTube (offline?): add caption files instead")
    if not files and log.errors:
        raise TubewikiError(f"{url}: {log.errors[-1].removeprefix('ERROR: ').splitlines()[0][:200]}")
    if not files:
        raise TubewikiError(f"{url}: no captions found (the video may have none, or YouTube could not be reached)")
    return files


def _offline(message: str) -> bool:
    low = message.lower()
    return any(w in low for w in ("resolve", "network", "connection", "timed out", "unreachable", "name or service"))


class _QuietLog:
    """Collects yt-dlp's messages instead of printing them."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def debug(self, msg: str) -> None:
        pass

    info = debug

    def warning(self, msg: str) -> None:
        pass

    def error(self, msg: str) -> None:
        self.errors.append(msg)
