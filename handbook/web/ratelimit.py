"""Per-client limit on POSTs (builds are expensive): a sliding one-minute window per client address.

The counters live in the app object, one per process; behind a load balancer, limit in the proxy too.
"""

from __future__ import annotations

import time
from collections import deque

WINDOW = 60.0
MAX_CLIENTS = 10_000  # bounded memory: the oldest client is forgotten first


class RateLimit:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}

    def allow(self, client: str) -> bool:
        if self.per_minute <= 0:
            return True
        now = time.monotonic()
        hits = self._hits.pop(client, None) or deque()
        while hits and now - hits[0] > WINDOW:
            hits.popleft()
        self._hits[client] = hits  # re-inserted: dict order is least recently seen first
        if len(self._hits) > MAX_CLIENTS:
            self._hits.pop(next(iter(self._hits)))
        if len(hits) >= self.per_minute:
            return False
        hits.append(now)
        return True
