"""Importing the command line pauses the garbage collector only while it loads:
`serve` runs for weeks and an import of a big list makes many objects, so
what they throw away must still be freed."""

from __future__ import annotations

import subprocess
import sys


def test_garbage_made_after_start_up_is_still_freed() -> None:
    code = (
        "import weakref, bot.cli\n"
        "class Node: pass\n"
        "node = Node(); node.itself = node; gone = weakref.ref(node); del node\n"
        "made = [[] for _ in range(100_000)]\n"  # enough to set the collector off
        "print(gone() is None)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"
