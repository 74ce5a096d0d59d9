"""Remembering, for a few seconds, that a service did not answer.

When Redis is down every request would otherwise wait for it again, once per cache call and
once per queued task. A breaker that has seen a failure lets callers skip the service until its
pause is over; then one call tries again. The state is per process, which is what matters: each
process waits at most once per pause.
"""

from __future__ import annotations

import logging
import threading
import time

logger = logging.getLogger(__name__)


class Breaker:
    def __init__(self, name: str, *, pause: float = 10.0):
        self.name = name
        self.pause = pause
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        """True while the last failure is more recent than the pause: do not call."""
        return time.monotonic() < self._open_until

    def trip(self, error: BaseException) -> None:
        """The service failed: skip it for the pause. Logged once per pause, not once per call."""
        with self._lock:
            already_open = self.is_open
            self._open_until = time.monotonic() + self.pause
        if not already_open:
            logger.warning(
                "%s is unavailable (%s: %s); not trying again for %g s",
                self.name,
                type(error).__name__,
                error,
                self.pause,
            )

    def reset(self) -> None:
        self._open_until = 0.0
