"""The edition template's validator: the pydantic twin of handbook.compose.edition.Edition, loaded only for a
template that is not plainly well formed (edition.well_formed), so every problem is worded as it always was."""

from __future__ import annotations

from pydantic import Field, model_validator

from handbook.content.schema import Model


class Edition(Model):
    """An edition template as pydantic checks it (handbook.compose.edition.Edition is the value)."""

    title: str | None = None
    title_key: str | None = None
    sections: list[str] = Field(min_length=1)
    max_pages: int | None = Field(default=None, ge=1)  # a printable that must fit: its text shrinks to fit

    @model_validator(mode="after")
    def _named(self) -> Edition:
        if not (self.title or self.title_key):
            raise ValueError("give a title (printed as written) or a title_key (a locale string)")
        return self
