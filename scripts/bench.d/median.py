#!/usr/bin/env python3
"""Prints the median (and min/max) of each command in a hyperfine --export-json file."""
import json
import sys

for r in json.load(open(sys.argv[1]))["results"]:
    ms = lambda s: s * 1000
    print(f"{r['command']}: median {ms(r['median']):.1f} ms "
          f"(min {ms(r['min']):.1f}, max {ms(r['max']):.1f}, runs {len(r['times'])})")
