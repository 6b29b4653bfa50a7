"""One error family for every bad input, independent of any front end.

The library raises these; the CLI turns each into one clear line and exit code 2 (see cli.py), a web front
end into a form message. Nothing here imports click.
"""

from __future__ import annotations


class HandbookError(Exception):
    """A problem the user can fix (bad input, bad content); never shown with a traceback."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.message


class ContentError(HandbookError):
    """Content YAML that does not validate; carries every problem so editors fix them in one pass."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems) if len(problems) != 1 else problems[0])


class ProfileError(HandbookError):
    """A baby profile (CLI options, profile YAML or roster row) that cannot be used."""


class ClinicError(HandbookError):
    """A clinic profile that cannot be used."""


class SafetyError(HandbookError):
    """Content that breaks a safety rule: it never reaches a PDF."""


class RosterError(HandbookError):
    """A batch roster CSV that cannot be used at all (missing, not UTF-8, empty, bad header)."""
