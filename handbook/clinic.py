"""Clinic profile: the branding and contact details a clinic prints on every handbook it hands out.

Clinic text is untrusted data. It stays plain `str`: the composer escapes it for ReportLab and it is never
rendered as a Jinja2 template, so `{{ … }}` in a clinic name prints literally.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PIL import Image
from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from handbook.errors import ClinicError
from handbook.yamlsource import Located, load_user_yaml

NAME_MAX = 80
INTRO_MAX = 600
ADDRESS_MAX = 300
NUMBER_MAX = 30
WAIT_RANGE = (24, 72)
LOGO_FORMATS = ("PNG", "JPEG")

# Phone-like: digits, spaces, + - ( ). The advice line may start with a short service name ("NHS 111").
_NUMBER = re.compile(r"\+?[\d ()\-]+")
_ADVICE = re.compile(r"(?:[^\W\d_][\w.&'/]*\s+)*\+?[\d ()\-]+")


@dataclass(frozen=True)
class Clinic:
    """A validated clinic profile; picklable so batch workers receive it as is."""

    name: str
    address: str | None = None
    phone: str | None = None
    website: str | None = None
    logo: Path | None = None
    emergency_number: str | None = None
    advice_line: str | None = None
    intro: str | None = None
    allow_essential_oils: bool = False
    vaccination_wait_hours: int | None = None


def _fail(message: str, **ctx: Any) -> PydanticCustomError:
    # The user's value goes in through ctx, never into the template, so braces in it cannot break formatting.
    return PydanticCustomError("clinic", message, ctx)


def _no_controls(value: str, *, newlines: bool) -> str:
    """Also normalised and checked against the fonts: clinic text prints on every page."""
    from handbook.render.fonts import cannot_print

    allowed = {"\n", "\t"} if newlines else set()
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value):
        raise _fail("must not contain control characters")
    value = unicodedata.normalize("NFC", value)
    problem = cannot_print(value)
    if problem:
        raise _fail("{problem}", problem=problem)
    return value


def _check_logo(path: Path) -> None:
    """The logo must be a PNG or JPEG that Pillow can fully decode, so the renderer never meets a bad image."""
    if not path.is_file():
        raise _fail("cannot find the image file {got}", got=str(path))
    try:
        with Image.open(path) as img:
            fmt = img.format
            img.verify()
        if fmt not in LOGO_FORMATS:
            raise _fail("must be a PNG or JPEG image, got {fmt}", fmt=fmt or "an unknown format")
        with Image.open(path) as img:  # verify() leaves the image unusable; decode it once more in full
            img.load()
    except PydanticCustomError:
        raise
    except Exception as exc:  # Pillow raises many types for broken files, including decompression bombs
        raise _fail("{got} is not a readable PNG or JPEG image ({why})", got=path.name,
                    why=type(exc).__name__) from None


class ClinicModel(BaseModel):
    """The clinic YAML's shape; `logo` is resolved against the YAML's folder given in the validation context."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str
    address: str | None = None
    phone: str | None = None
    website: str | None = None
    logo: Path | None = None
    emergency_number: str | None = None
    advice_line: str | None = None
    intro: str | None = None
    allow_essential_oils: bool = False
    vaccination_wait_hours: int | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not v:
            raise _fail("must not be empty")
        if len(v) > NAME_MAX:
            raise _fail("must be at most {max} characters, got {n}", max=NAME_MAX, n=len(v))
        return _no_controls(v, newlines=False)

    @field_validator("address", "intro")
    @classmethod
    def _text(cls, v: str | None, info: ValidationInfo) -> str | None:
        if not v:
            return None
        limit = INTRO_MAX if info.field_name == "intro" else ADDRESS_MAX
        if len(v) > limit:
            raise _fail("must be at most {max} characters, got {n}", max=limit, n=len(v))
        return _no_controls(v, newlines=True)

    @field_validator("phone", "emergency_number", "advice_line", mode="before")
    @classmethod
    def _number_is_text(cls, v: Any) -> Any:
        if isinstance(v, int | float) and not isinstance(v, bool):
            # YAML reads 0123 as octal 83 and drops leading zeros: only a quoted number is safe.
            raise _fail("write the number in quotes so no digit is lost, e.g. \"0123 456789\"")
        return v

    @field_validator("phone", "emergency_number", "advice_line")
    @classmethod
    def _number(cls, v: str | None, info: ValidationInfo) -> str | None:
        if not v:
            return None
        pattern = _ADVICE if info.field_name == "advice_line" else _NUMBER
        digits = sum(ch.isdigit() for ch in v)
        if len(v) > NUMBER_MAX or digits < 3 or not pattern.fullmatch(v):
            raise _fail("is not a plausible phone number (digits, spaces, + - ( ), at most {max} characters), "
                        "got {got}", max=NUMBER_MAX, got=repr(v))
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
            and not any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in v)
            and len(v) <= 300
        )
        if not ok:
            raise _fail("must be an http(s) address, got {got}", got=repr(v))
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
        base = (info.context or {}).get("base", Path.cwd())
        path = (Path(base) / v.expanduser()).resolve()
        _check_logo(path)
        return path

    @field_validator("vaccination_wait_hours")
    @classmethod
    def _wait(cls, v: int | None) -> int | None:
        low, high = WAIT_RANGE
        if v is not None and not low <= v <= high:
            raise _fail("must be between {low} and {high} hours, got {got}", low=low, high=high, got=v)
        return v


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _problems(exc: ValidationError, src: Located | None) -> list[str]:
    """One `file:line: field: problem` line per pydantic error (`clinic: field: problem` without a file)."""
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc) or "(top level)"
        kind = err["type"]
        if kind == "clinic":
            msg = err["msg"]
        elif kind == "extra_forbidden":
            msg = "unknown field (check the spelling; allowed: " + ", ".join(ClinicModel.model_fields) + ")"
        elif kind == "missing":
            msg = "is required but missing"
        else:
            msg = f"{err['msg'][0].lower()}{err['msg'][1:]}, got {_short(err.get('input'))}"
        out.append(f"{src.where(loc) if src is not None else 'clinic'}: {field}: {msg}")
    return out


def load_clinic(path: Path) -> Clinic:
    """Read and validate a clinic YAML; every problem becomes one ClinicError line naming file:line: field."""
    src = load_user_yaml(path, ClinicError, "clinic")
    data = src.data if src.data is not None else {}
    if not isinstance(data, dict):
        raise ClinicError(f"{src.where(())}: the clinic file must be a mapping of fields (name: ..., phone: ...)")
    return clinic_from(data, base=path.parent, src=src)


def clinic_from(data: dict[str, Any], base: Path | None = None, src: Located | None = None) -> Clinic:
    """Validate clinic fields (a clinic file's, or a dict from the API); a relative logo is found from `base`."""
    try:
        model = ClinicModel.model_validate(data, context={"base": base} if base is not None else None)
    except ValidationError as exc:
        raise ClinicError("\n".join(_problems(exc, src))) from None
    return Clinic(**model.model_dump())
