"""The few exceptions storyweave raises; each message gives the cause and the fix.

The CLI turns ``UsageError`` into exit status 2 and ``DataError`` into exit status 1,
printing the message on one line. Library callers can catch ``StoryweaveError``.
"""

from __future__ import annotations


class StoryweaveError(Exception):
    """Base class: a problem storyweave can explain in one line."""

    exit_code = 1


class UsageError(StoryweaveError, ValueError):
    """The caller asked for something impossible: a bad option, a missing path."""

    exit_code = 2


class ConfigError(UsageError):
    """A configuration value is out of range; the message names it and the valid values."""


class DataError(StoryweaveError):
    """The input holds nothing usable (no article survived reading and cleaning)."""

    exit_code = 1


class InputError(DataError):
    """One input file cannot be used; ``path`` names it and ``reason`` says why."""

    def __init__(self, path: str, reason: str) -> None:
        from .display import shown

        self.path = path
        self.reason = reason
        super().__init__(f"{shown(path)}: {reason}")


class MissingDependencyError(UsageError):
    """An optional dependency is not installed; the message names the pip extra."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f"{package} is not installed: run `pip install 'storyweave[{extra}]'`"
        )


class StoreError(DataError):
    """The corpus store cannot be opened or written (locked, read-only, newer schema)."""


class NotFound(UsageError, KeyError):
    """No story or article has that id (in a store or another source of stories).

    A ``KeyError`` too, so that code written against the mapping-like API keeps working;
    ``key`` is the id asked for.
    """

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
