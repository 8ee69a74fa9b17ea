"""Static HTML site built from a markdown vault: pages, search index, previews and graph."""

from __future__ import annotations

from .build import SiteReport, VideoInfo, build_site, site_is_current

__all__ = ["SiteReport", "VideoInfo", "build_site", "site_is_current"]
