"""The clinic logo: bounded before it is decoded, decoded once, made small enough to print once.

A 20 KB PNG can declare 13000 × 13000 pixels and take gigabytes to decode, in every worker. So the header's
size is checked first (Pillow reads only the header on open), anything over MAX_PIXELS is refused, and a
logo larger than it can ever print (60 × 30 mm at 300 dpi) is downscaled here once, so workers and PDFs
carry the small copy.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image
from pydantic_core import PydanticCustomError

from handbook.inputs.problems import fail
from handbook.yamlsource import InputTooLarge, read_bounded

FORMATS = ("PNG", "JPEG")
MAX_BYTES = 10_000_000
MAX_PIXELS = 16_000_000  # 4000 × 4000: any photo a phone takes; decoding it costs about 50 MB
PRINT_BOX = (720, 360)  # pixels: the cover's 60 × 30 mm box at 300 dpi


def read_logo(path: Path) -> bytes:
    """The logo's bytes, ready to embed: checked to decode in full, downscaled when larger than it prints."""
    try:
        raw = read_bounded(path, MAX_BYTES)
    except InputTooLarge as exc:
        raise fail("cannot use {got}: {why}", got=path.name, why=str(exc)) from None
    except OSError as exc:
        raise fail("cannot read {got}: {why}", got=path.name, why=exc.strerror or str(exc)) from None
    try:
        with warnings.catch_warnings():  # the size is checked here, below Pillow's own bomb limit
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(raw))
        with img:
            fmt, (width, height) = img.format, img.size
            if fmt not in FORMATS:
                raise fail("must be a PNG or JPEG image, got {fmt}", fmt=fmt or "an unknown format")
            if width * height > MAX_PIXELS:
                raise fail("{got} is {w} × {h} pixels; the most is {max} megapixels (save a smaller copy)",
                           got=path.name, w=width, h=height, max=MAX_PIXELS // 1_000_000)
            img.verify()
        with Image.open(io.BytesIO(raw)) as img:  # verify() leaves the image unusable; decode it in full
            img.load()
            if width <= PRINT_BOX[0] and height <= PRINT_BOX[1]:
                return raw
            small = img.convert("RGBA" if "A" in img.getbands() or "transparency" in img.info else "RGB")
            small.thumbnail(PRINT_BOX, Image.Resampling.LANCZOS)
            out = io.BytesIO()
            small.save(out, format="PNG", optimize=False)
            return out.getvalue()
    except PydanticCustomError:
        raise
    except Image.DecompressionBombError:
        raise fail("{got} declares more pixels than any logo needs; the most is {max} megapixels (save a "
                   "smaller copy)", got=path.name, max=MAX_PIXELS // 1_000_000) from None
    except Exception as exc:  # Pillow raises many types for broken files
        raise fail("{got} is not a readable PNG or JPEG image ({why})", got=path.name,
                   why=type(exc).__name__) from None
