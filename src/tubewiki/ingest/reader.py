"""Read one transcript file: decode, detect its format from content, parse."""

from __future__ import annotations

from pathlib import Path

from ..errors import ParseError
from ..models import ParsedTranscript
from ..registry import REGISTRIES
from .base import detect
from .decode import decode_bytes


def parse_text(text: str, path: str, format_name: str | None = None) -> ParsedTranscript:
    formats = [fmt for _, fmt in REGISTRIES.formats.items()]
    fmt = REGISTRIES.formats.get(format_name) if format_name else detect(text, path, formats)
    try:
        return fmt().parse(text, path)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError(path, None, f"{fmt.label} file nests too deeply to read") from None
    except Exception as exc:  # a parser bug must not stop the batch: report it in one line
        raise ParseError(path, None, f"{fmt.label} parser failed ({type(exc).__name__}: {exc}); please report this file") from exc


def read_transcript(path: str | Path, format_name: str | None = None) -> ParsedTranscript:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ParseError(str(p), None, f"cannot read file ({exc.strerror or exc})") from None
    return parse_text(decode_bytes(data, str(p)), str(p), format_name)
