"""Built-in transcript formats. Each module defines one or more TranscriptFormat classes."""

from __future__ import annotations

FORMAT_MODULES = (
    "webvtt",
    "srt",
    "ttml",
    "youtube_xml",
    "youtube_json",
    "whisper_json",
    "asr_json",
    "podcast",
    "timings_json",
    "plain",
)


def register_builtins(registries) -> None:
    from ...registry import register_module_classes
    from ..base import TranscriptFormat

    register_module_classes(registries.formats, __name__, FORMAT_MODULES, TranscriptFormat)
