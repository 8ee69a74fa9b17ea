"""Render stage: articles to an Obsidian-compatible Markdown vault."""

from __future__ import annotations


def register_builtins(registries) -> None:
    from .vault import VaultRenderer

    registries.renderers.register("vault.v1", VaultRenderer)
