"""Page frames that copy cheaply: ReportLab deep-copies the current frame every time it measures a keep-together
group (platypus.flowables._listWrapOn), a few dozen times a build, and the generic deep copy of a frame's two
dozen attributes was a fortieth of a warm build."""

from __future__ import annotations

import copy
from typing import Any

from reportlab.platypus import Frame

_ATOMIC = (int, float, str, bool, type(None))


class CopiedFrame(Frame):
    """A Frame whose deep copy is what copy.deepcopy makes of it (numbers and strings shared, anything else, such
    as the background list, copied deeply), without going through pickling's generic protocol."""

    def __deepcopy__(self, memo: dict[int, Any]) -> CopiedFrame:
        new = self.__class__.__new__(self.__class__)
        memo[id(self)] = new
        state = new.__dict__  # written directly: Frame.__setattr__ recomputes its geometry on some names
        for key, value in self.__dict__.items():
            state[key] = value if isinstance(value, _ATOMIC) else copy.deepcopy(value, memo)
        return new


def cheap_copies(frames: list[Frame]) -> None:
    """Make plain Frames CopiedFrames (a page template's frames, once the document has made them)."""
    for frame in frames:
        if type(frame) is Frame:
            object.__setattr__(frame, "__class__", CopiedFrame)  # Frame.__setattr__ would put it in __dict__
