"""The one cache a build uses: everything the pipeline remembers from one build to the next.

A batch worker or a web server builds many handbooks in one process, and most of the work is the same each
time (loading and checking the content, parsing paragraphs, recording figures). What is remembered lives in
a BuildCache, never in module globals, so that two threads never share half-made state, nothing one build
leaves behind can change another's bytes, and `clear()` forgets all of it at once.

A BuildCache serves one build at a time: `build_pdf` holds its lock for the whole build, so a cache shared
by several threads is still safe (their builds take turns). For builds in parallel give each thread its own;
callers that pass none get `default_cache()`, which is per thread.

Not kept here, on purpose: `functools.lru_cache` memos of pure functions of strings (compiled phrase regexes,
localised words, compiled Jinja templates). They read no file, clock or build state, their values never change
once made, and lru_cache is safe to call from several threads, so no build can see anything in them that would
change its bytes. The process-wide font registration is explained in handbook.render.fonts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class BuildCache:
    """Memos of the pipeline's stages, by name; each stage keeps its own kind of store in `part`."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._parts: dict[str, Any] = {}

    def part(self, name: str, make: Callable[[], T]) -> T:
        """The store a stage keeps under `name` (made on first use), e.g. the render stage's ReportLab
        objects, which only `handbook.render` may know about."""
        try:
            return self._parts[name]
        except KeyError:
            made = self._parts[name] = make()
            return made

    def clear(self) -> None:
        """Forget everything: the next build loads, checks and draws from scratch."""
        with self.lock:
            self._parts.clear()


def remember(store: dict[Hashable, T], key: Hashable, make: Callable[[], T], limit: int = 256) -> T:
    """`store[key]`, made with `make()` the first time; the oldest entry goes when the store is full."""
    try:
        return store[key]
    except KeyError:
        pass
    value = make()
    if len(store) >= limit:
        del store[next(iter(store))]
    store[key] = value
    return value


_THREAD = threading.local()  # one default cache per thread: no thread ever sees another's


def default_cache() -> BuildCache:
    """This thread's own cache, for callers that do not pass one."""
    cache = getattr(_THREAD, "cache", None)
    if cache is None:
        cache = _THREAD.cache = BuildCache()
    return cache
