"""Find transcript files, detect their format, parse them into clean timed cues."""
