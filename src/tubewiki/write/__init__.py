"""Article writers: backends that turn a topic's sentences into an article draft."""

from __future__ import annotations

WRITER_MODULES = ("extractive", "openai_compat")


def register_builtins(registries) -> None:
    from ..registry import register_module_classes
    from .base import Writer

    register_module_classes(registries.writers, __name__, WRITER_MODULES, Writer)
