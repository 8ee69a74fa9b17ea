"""Built-in transcript formats. Each module defines one or more TranscriptFormat classes."""

from __future__ import annotations

import importlib

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
    from ..base import TranscriptFormat

    for name in FORMAT_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue
            raise
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, TranscriptFormat) and obj is not TranscriptFormat \
                    and getattr(obj, "name", None) and obj.__module__ == module.__name__:
                registries.formats.register(obj.name, obj)
