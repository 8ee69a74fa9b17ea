"""Bytes to text: BOMs, UTF-16, legacy encodings, binary junk."""

from __future__ import annotations

import codecs

from ..errors import ParseError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes, path: str) -> str:
    """Decode a transcript file; refuse empty and binary files with a one-line error."""
    if not data.strip():
        raise ParseError(path, None, "file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise ParseError(path, f"byte {exc.start + len(bom)}", f"invalid {enc} text") from None
            return _normalise_newlines(text)
    # UTF-16 without BOM: every other byte is NUL in mostly-ASCII text
    if len(data) >= 4 and data[1:200:2].count(0) > 0.8 * len(data[1:200:2]):
        try:
            return _normalise_newlines(data.decode("utf-16-le"))
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        nul = data.index(0)
        raise ParseError(path, f"byte {nul}", "binary data, not a text transcript")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Fall back to cp1252 / latin-1 only when the file is not mostly valid UTF-8
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
        if bad > max(8, len(text) // 100):
            raise ParseError(path, f"byte {exc.start}", "binary data, not a text transcript") from None
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if control > max(8, len(text[:4096]) // 50):
        raise ParseError(path, None, "binary data, not a text transcript")
    return _normalise_newlines(text)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
