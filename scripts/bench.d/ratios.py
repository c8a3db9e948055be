#!/usr/bin/env python3
"""Prints each command's median from hyperfine --export-json files, and its ratio to the
reference: the first command whose text contains REFERENCE (default: the first command).

Usage: ratios.py [--reference TEXT] FILE.json...
"""
import json
import sys

args = sys.argv[1:]
reference = None
if args and args[0] == "--reference":
    reference, args = args[1], args[2:]
results = [r for f in args for r in json.load(open(f))["results"]]
base = next((r for r in results if reference is None or reference in r["command"]), results[0])
for r in results:
    print(f"{r['median'] * 1000:9.1f} ms  {r['median'] / base['median']:6.2f}x  "
          f"(min {r['min'] * 1000:.1f}, max {r['max'] * 1000:.1f}, runs {len(r['times'])})  {r['command']}")
print(f"ratios relative to: {base['command']}")
