"""Benchmarks: ``python -m tests.benchmarks NAME [options]``.

Each ``bench_NAME.py`` module defines ``add_arguments(parser)`` and ``run(args) -> dict``;
the figures are printed as ONE JSON object on the last line. They measure; they never
assert a time (targets are compared by a person, in the issue's closing note).
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).parent
    names = sorted(m.name[len("bench_"):] for m in pkgutil.iter_modules([str(here)])
                   if m.name.startswith("bench_"))
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks")
    sub = parser.add_subparsers(dest="name", required=True)
    modules = {}
    for name in names:
        module = importlib.import_module(f"tests.benchmarks.bench_{name}")
        modules[name] = module
        module.add_arguments(sub.add_parser(name, help=(module.__doc__ or "").strip().splitlines()[0]))
    args = parser.parse_args(argv)
    figures = modules[args.name].run(args)
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
