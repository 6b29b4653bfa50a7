"""One error family for every bad input: the CLI turns each into one clear line and exit code 2."""

from __future__ import annotations

import click


class HandbookError(click.ClickException):
    """A problem the user can fix (bad input, bad content); never shown with a traceback."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"handbook: {self.format_message()}", err=True, file=file)


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
