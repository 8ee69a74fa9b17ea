"""tubewiki: turn what was said in videos into a wiki where every sentence cites its moment."""

__version__ = "0.1.0"
