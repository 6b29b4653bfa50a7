"""HTML pages from Jinja2 templates; every word on them comes from the locale files' `web` section."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from handbook.web import adapter


class Words:
    """One language's page words; a missing key is an error, never an English fallback."""

    def __init__(self, code: str, words: Mapping[str, str]) -> None:
        self.code = code
        self._words = words

    def __call__(self, key: str, **values: Any) -> str:
        text = self._words[key]
        return text.format(**values) if values else text


class Pages:
    def __init__(self, default_lang: str) -> None:
        self.env = Environment(
            loader=PackageLoader("handbook.web", "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.locales = {code: loc for code, loc in adapter.locales().items() if loc.web}
        self.default_lang = default_lang if default_lang in self.locales else next(iter(self.locales))

    def lang(self, asked: object) -> str:
        """The shipped page language closest to what was asked for (exact code, else same language)."""
        if isinstance(asked, str):
            if asked in self.locales:
                return asked
            base = asked.split("-")[0].lower()
            for code in self.locales:
                if code.split("-")[0].lower() == base:
                    return code
        return self.default_lang

    def words(self, lang: str) -> Words:
        return Words(lang, self.locales[lang].web)

    def languages(self) -> list[tuple[str, str]]:
        """(code, the language's own name for itself), for the language menu."""
        return [(code, loc.web["language_name"]) for code, loc in self.locales.items()]

    def render(self, name: str, lang: str, **values: Any) -> str:
        return self.env.get_template(name).render(t=self.words(lang), lang=lang, languages=self.languages(),
                                                  **values)

    def error_page(self, lang: str) -> Callable[[int], bytes]:
        def page(status: int) -> bytes:
            return self.render("error.html", lang, status=status, clinic=None).encode()

        return page
