"""Run every benchmark module of this package: ``python -m bench [--quick]``."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench


def main(argv: list[str]) -> int:
    status = 0
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name == "locustfile":  # Locust's scenario, run by bench.deadline_day
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if hasattr(module, "main"):
            print(f"=== bench.{info.name} ===", flush=True)
            try:
                status |= module.main(argv) or 0
            except Exception as exc:  # one broken bench must not hide the others' figures
                print(f"bench.{info.name} failed: {exc!r}", flush=True)
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
