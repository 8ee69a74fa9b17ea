"""Project errors: expected failures carry a one-line message and exit non-zero."""

from __future__ import annotations


class TubewikiError(Exception):
    """An expected failure: shown to the user as one line, never as a traceback."""

    exit_code = 1

    def one_line(self) -> str:
        return " ".join(str(self).split())


class ParseError(TubewikiError):
    """A transcript file that cannot be read, naming the file and the place."""

    def __init__(self, path: str, where: str | None, message: str):
        self.path = path
        self.where = where
        self.message = message
        place = f":{where}" if where else ""
        super().__init__(f"{path}{place}: {message}")


class UnknownBackend(TubewikiError):
    def __init__(self, kind: str, name: str, known: list[str]):
        super().__init__(f"unknown {kind} {name!r}; known: {', '.join(sorted(known)) or 'none'}")


class ConfigError(TubewikiError):
    pass


class StoreError(TubewikiError):
    pass


class NetworkError(TubewikiError):
    """Something needed the network and could not reach it."""
