"""interviewer: a spoken mock interviewer for AI-engineering interviews (the core)."""

from __future__ import annotations

import os

__version__ = "0.1.0"

MALLOC_ARENAS = 2
"""glibc gives each thread that allocates under contention an arena of its own, and memory freed in
one is not reused by another. Whisper decodes on several threads (live segments, groups, the whole
answer), so resident memory crept up over a long interview. Measured with bench.soak (one hour of
spoken interview fed at 8x): peak 969 MB, growing 140 MB an hour, with glibc's default (up to 8
arenas a core); 733 MB and 71 MB an hour with two."""


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc arenas; True if set. glibc fixes the cap when a second thread first needs
    an arena, so this runs when the package is first imported, before numpy, Whisper or any thread
    starts. MALLOC_ARENA_MAX in the environment wins; elsewhere than glibc, nothing happens."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    m_arena_max = -8  # glibc's malloc.h
    return bool(mallopt(m_arena_max, arenas))


limit_malloc_arenas()

# numpy's OpenBLAS starts a pool of threads that the app never needs (its arrays are audio buffers;
# Whisper runs on CTranslate2's own threads), and at exit OpenBLAS joins that pool: on a busy machine
# a finished bench.soak was seen hanging there for good (blas_thread_shutdown waiting on a pool
# thread). One thread means no pool. Set before numpy is first imported; OPENBLAS_NUM_THREADS set by
# you wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
