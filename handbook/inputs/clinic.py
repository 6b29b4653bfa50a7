"""Clinic profile: the branding and contact details a clinic prints on every handbook it hands out.

Clinic text is untrusted data. It stays plain `str`: the composer escapes it for ReportLab and it is never
rendered as a Jinja2 template, so `{{ … }}` in a clinic name prints literally.

The logo must sit in the clinic file's folder (or below it): a clinic file that names `../../photo.png`
would otherwise put any image on the machine into every handbook. `--allow-outside-logo` on the command line
(the operator's choice, not the file's) lifts that.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError, ValidationInfo, field_validator

from handbook.errors import ClinicError
from handbook.inputs.logo import read_logo
from handbook.inputs.problems import fail, joined, pydantic_problems
from handbook.inputs.text import Printable, check_printable, has_controls
from handbook.yamlsource import Located, load_user_yaml

NAME_MAX = 80
SHORT_NAME_MAX = 32  # what a footer has room for next to the phone number and "Page 12 of 16"
LEAFLET_MAX = 30
INTRO_MAX = 600
ADDRESS_MAX = 300
NUMBER_MAX = 30
WAIT_RANGE = (24, 72)

# Phone-like: digits, spaces, + - ( ). The advice line may start with a short service name ("NHS 111").
_NUMBER = re.compile(r"\+?[\d ()\-]+")
_ADVICE = re.compile(r"(?:[^\W\d_][\w.&'/]*\s+)*\+?[\d ()\-]+")
_LOGO_DATA = "_logo_data"


def _text_field(value: str, info: ValidationInfo, *, newlines: bool) -> str:
    """Normalised, free of control and bidi characters, and printable by the fonts: it prints on every page."""
    if has_controls(value, newlines=newlines):
        raise fail("must not contain control characters (line breaks, tabs, bidi controls or similar)"
                   if not newlines else "must not contain control characters")
    return check_printable(unicodedata.normalize("NFC", value), info)


def _logo_path(value: Path, info: ValidationInfo) -> Path:
    """The logo resolved against the clinic file's folder, which it must not leave unless allowed."""
    context = info.context if isinstance(info.context, dict) else {}
    base = Path(context.get("base", Path.cwd()))
    try:
        path = (base / value.expanduser()).resolve(strict=True)
        folder = base.resolve()
    except FileNotFoundError:
        raise fail("cannot find the image file {got}", got=str(base / value)) from None
    except (OSError, RuntimeError) as exc:  # a symlink loop, a name too long for the file system
        why = getattr(exc, "strerror", None) or "a symbolic link loop or an unusable path"
        raise fail("cannot use {got}: {why}", got=str(value)[:80], why=why) from None
    if "base" in context and not context.get("allow_outside_logo") and not path.is_relative_to(folder):
        raise fail("{got} is outside the clinic file's folder {folder}; put the logo next to the clinic file "
                   "(or pass --allow-outside-logo)", got=str(value)[:80], folder=str(folder))
    if not path.is_file():
        raise fail("cannot use {got}: not a regular file (a folder, pipe or device)", got=str(value)[:80])
    return path


class Clinic(BaseModel):
    """A validated clinic profile (the YAML's shape and the value the pipeline uses); picklable for workers.

    `logo` is resolved against the folder given as `base` in the validation context; its bytes, bounded and
    downscaled once, are in `logo_data`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)  # built on
    # the first clinic read, so a build without --clinic never pays for its validator

    name: str
    short_name: str | None = None  # for footers; a long name is shortened when not given
    address: str | None = None
    phone: str | None = None
    website: str | None = None
    logo: Path | None = None
    emergency_number: str | None = None
    advice_line: str | None = None
    intro: str | None = None
    allow_essential_oils: bool = False
    vaccination_wait_hours: int | None = None
    # Leaflet details a clinic's document control asks for, printed small on the back cover.
    leaflet_code: str | None = None
    leaflet_version: str | None = None
    review_date: date | None = None

    _logo_data: bytes | None = PrivateAttr(default=None)

    def model_post_init(self, context: Any) -> None:
        data = context.pop(_LOGO_DATA, None) if isinstance(context, dict) else None
        if data is None and self.logo is not None:
            data = read_logo(self.logo)
        self._logo_data = data

    @property
    def logo_data(self) -> bytes | None:
        """The logo as it is embedded: the file's bytes, or a downscaled PNG when the file is larger."""
        return self._logo_data

    @field_validator("name")
    @classmethod
    def _name(cls, v: str, info: ValidationInfo) -> str:
        if not v:
            raise fail("must not be empty")
        if len(v) > NAME_MAX:
            raise fail("must be at most {max} characters, got {n}", max=NAME_MAX, n=len(v))
        return _text_field(v, info, newlines=False)

    @field_validator("short_name", "leaflet_code", "leaflet_version")
    @classmethod
    def _short(cls, v: str | None, info: ValidationInfo) -> str | None:
        if not v:
            return None
        limit = SHORT_NAME_MAX if info.field_name == "short_name" else LEAFLET_MAX
        if len(v) > limit:
            raise fail("must be at most {max} characters, got {n}", max=limit, n=len(v))
        return _text_field(v, info, newlines=False)

    @field_validator("short_name", "leaflet_code", "leaflet_version", mode="before")
    @classmethod
    def _short_as_text(cls, v: Any) -> Any:
        """A version written as 2 or 1.3 in YAML is a number there: print it as written."""
        return str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v

    @field_validator("review_date", mode="before")
    @classmethod
    def _review_date(cls, v: Any) -> Any:
        if v is None or isinstance(v, date) or (isinstance(v, str) and not v.strip()):
            return v or None
        try:
            return date.fromisoformat(str(v).strip())
        except ValueError:
            raise fail("must be a real date written YYYY-MM-DD, got {got}", got=repr(str(v)[:40])) from None

    @property
    def footer_name(self) -> str:
        """The name for footers: the short name, or the name cut at a word so the phone number still fits."""
        return self.short_name or shorten(self.name, SHORT_NAME_MAX)

    @field_validator("address", "intro")
    @classmethod
    def _text(cls, v: str | None, info: ValidationInfo) -> str | None:
        if not v:
            return None
        limit = INTRO_MAX if info.field_name == "intro" else ADDRESS_MAX
        if len(v) > limit:
            raise fail("must be at most {max} characters, got {n}", max=limit, n=len(v))
        return _text_field(v, info, newlines=True)

    @field_validator("phone", "emergency_number", "advice_line", mode="before")
    @classmethod
    def _number_is_text(cls, v: Any) -> Any:
        if isinstance(v, int | float) and not isinstance(v, bool):
            # YAML reads 0123 as octal 83 and drops leading zeros: only a quoted number is safe.
            raise fail("write the number in quotes so no digit is lost, e.g. \"0123 456789\"")
        return v

    @field_validator("phone", "emergency_number", "advice_line")
    @classmethod
    def _number(cls, v: str | None, info: ValidationInfo) -> str | None:
        if not v:
            return None
        pattern = _ADVICE if info.field_name == "advice_line" else _NUMBER
        digits = sum(ch.isdigit() for ch in v)
        if len(v) > NUMBER_MAX or digits < 3 or not pattern.fullmatch(v):
            raise fail("is not a plausible phone number (digits, spaces, + - ( ), at most {max} characters), "
                       "got {got}", max=NUMBER_MAX, got=repr(v[:40]))
        return v

    @field_validator("website")
    @classmethod
    def _website(cls, v: str | None) -> str | None:
        if not v:
            return None
        parts = urlsplit(v)
        ok = (
            parts.scheme in ("http", "https")
            and bool(parts.hostname)
            and "." in (parts.hostname or "")
            and not any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in v)
            and len(v) <= 300
        )
        if not ok:
            raise fail("must be an http(s) address, got {got}", got=repr(v[:60]))
        return v

    @field_validator("logo", mode="before")
    @classmethod
    def _logo_blank(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("logo")
    @classmethod
    def _logo(cls, v: Path | None, info: ValidationInfo) -> Path | None:
        if v is None:
            return None
        path = _logo_path(v, info)
        data = read_logo(path)
        if isinstance(info.context, dict):
            info.context[_LOGO_DATA] = data  # picked up by model_post_init: the image is read once
        return path

    @field_validator("vaccination_wait_hours")
    @classmethod
    def _wait(cls, v: int | None) -> int | None:
        low, high = WAIT_RANGE
        if v is not None and not low <= v <= high:
            raise fail("must be between {low} and {high} hours, got {got}", low=low, high=high, got=v)
        return v


def shorten(name: str, limit: int) -> str:
    """`name` cut at the last whole word that fits `limit` characters (with an ellipsis)."""
    if len(name) <= limit:
        return name
    cut = name[: limit - 1].rsplit(" ", 1)[0] if " " in name[: limit - 1] else name[: limit - 1]
    return cut.rstrip(" ,.;:-–—·&") + "…"


FIELDS = tuple(Clinic.model_fields)


def load_clinic(path: Path, *, printable: Printable | None = None, allow_outside_logo: bool = False) -> Clinic:
    """Read and validate a clinic YAML; every problem becomes one ClinicError line naming file:line: field.

    `printable` is the pipeline's glyph check (inputs never import the renderer).
    """
    src = load_user_yaml(path, ClinicError, "clinic")
    data = src.data if src.data is not None else {}
    if not isinstance(data, dict):
        raise ClinicError(f"{src.where(())}: the clinic file must be a mapping of fields (name: ..., phone: ...)")
    return clinic_from(data, base=Path(path).parent, src=src, printable=printable,
                       allow_outside_logo=allow_outside_logo)


def clinic_from(data: dict[str, Any], base: Path | None = None, src: Located | None = None, *,
                printable: Printable | None = None, allow_outside_logo: bool = False) -> Clinic:
    """Validate clinic fields (a clinic file's, or a dict from the API); a relative logo is found from `base`
    (the current folder when None)."""
    context = {"base": base if base is not None else Path.cwd(), "printable": printable,
               "allow_outside_logo": allow_outside_logo}
    try:
        return Clinic.model_validate(data, context=context)
    except ValidationError as exc:
        problems = pydantic_problems(exc, src, FIELDS)
        if src is None:  # no file to name: say whose field it is
            problems = [f"clinic: {p}" for p in problems]
        raise ClinicError(joined(problems)) from None
