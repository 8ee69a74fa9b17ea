"""One registry per extension point; plugins register through a callback.

Built-in backends register exactly as a third-party plugin would: a module exposed under
the ``tubewiki.plugins`` entry-point group with a ``register(registries)`` function. Plugins
are loaded lazily, the first time a registry is asked for a backend, never on import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Generic, Iterator, TypeVar

from .errors import UnknownBackend

T = TypeVar("T")


@dataclass
class Registry(Generic[T]):
    kind: str
    _items: dict[str, T] = field(default_factory=dict)

    def register(self, name: str, item: T) -> None:
        if name in self._items and self._items[name] is not item:
            raise ValueError(f"{self.kind} {name!r} registered twice")
        self._items[name] = item

    def get(self, name: str) -> T:
        load_plugins()
        if name in self._items:
            return self._items[name]
        # allow the unversioned name when exactly one version is registered
        matches = [k for k in self._items if k.split(".v")[0] == name]
        if len(matches) == 1:
            return self._items[matches[0]]
        raise UnknownBackend(self.kind, name, list(self._items))

    def names(self) -> list[str]:
        load_plugins()
        return sorted(self._items)

    def items(self) -> Iterator[tuple[str, T]]:
        load_plugins()
        return iter(sorted(self._items.items()))


class Registries:
    """Every extension point tubewiki has."""

    def __init__(self) -> None:
        self.formats: Registry = Registry("transcript format")
        self.embedders: Registry = Registry("embedder")
        self.writers: Registry = Registry("writer")
        self.renderers: Registry = Registry("renderer")


REGISTRIES = Registries()
_loaded = False


def load_plugins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from . import plugins as builtin

    builtin.register(REGISTRIES)
    for ep in entry_points(group="tubewiki.plugins"):
        if ep.value == "tubewiki.plugins":
            continue
        module = ep.load()
        module.register(REGISTRIES)


def register_module_classes(registry: Registry, package: str, module_names: tuple[str, ...], base: type) -> None:
    """Register every named subclass of ``base`` defined in the listed modules of ``package``.

    A module that does not exist (an optional backend not installed) is skipped.
    """
    import importlib

    for name in module_names:
        try:
            module = importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{package}.{name}":
                continue
            raise
        for obj in vars(module).values():
            if (isinstance(obj, type) and issubclass(obj, base) and obj is not base
                    and getattr(obj, "name", None) and obj.__module__ == module.__name__):
                registry.register(obj.name, obj)
