"""Built-in backends, registered through the same hook a third-party plugin uses."""

from __future__ import annotations

import importlib

# module path -> the registry each module's ``register`` fills. Modules are imported
# only when a registry is first asked for a backend.
BUILTIN_MODULES = (
    "tubewiki.ingest.formats",
    "tubewiki.nlp.embed",
    "tubewiki.write",
    "tubewiki.render",
)


def register(registries) -> None:
    for path in BUILTIN_MODULES:
        try:
            module = importlib.import_module(path)
        except ModuleNotFoundError as exc:  # a stage not built yet
            if exc.name and exc.name.startswith("tubewiki"):
                continue
            raise
        hook = getattr(module, "register_builtins", None)
        if hook is not None:
            hook(registries)
