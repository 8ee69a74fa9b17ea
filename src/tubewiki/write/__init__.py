"""Article writers: backends that turn a topic's sentences into an article draft."""

from __future__ import annotations

import importlib

WRITER_MODULES = ("extractive", "openai_compat")


def register_builtins(registries) -> None:
    from .base import Writer

    for name in WRITER_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue
            raise
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Writer) and obj is not Writer \
                    and getattr(obj, "name", None) and obj.__module__ == module.__name__:
                registries.writers.register(obj.name, obj)
