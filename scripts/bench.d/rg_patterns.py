#!/usr/bin/env python3
"""Reads PCRE2 patterns (one per line) on stdin and writes them for ripgrep, each wrapped in
(?:...): rg joins -f patterns with '|' as they are, so an inline (?i) or (?s) would otherwise
leak into every later pattern.

  --default   for rg's default engine (Rust's regex crate, no lookaround): each lookaround group
              (?=..) (?!..) (?<=..) (?<!..) is dropped, which makes the pattern match more, never
              less; a pattern rg still rejects is dropped and named on stderr.
  --gap-free  also leave out the patterns with a negated class ([^\n]{0,40} and the like): under
              Unicode, rg's DFA gives up on them (see the bench output).
  (neither)   the PCRE2 patterns unchanged, for rg -P.

Usage: rg_patterns.py [--default] [--gap-free] < pcre2.txt > rg.txt
"""
import subprocess
import sys


def skip_class(p, i):
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while j < len(p):
        if p[j] == "\\":
            j += 2
        elif p[j] == "]":
            return j + 1
        else:
            j += 1
    return len(p)


def skip_group(p, i):
    depth, j = 0, i
    while j < len(p):
        if p[j] == "\\":
            j += 2
            continue
        if p[j] == "[":
            j = skip_class(p, j)
            continue
        if p[j] == "(":
            depth += 1
        elif p[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return len(p)


def drop_lookarounds(p):
    out, i = [], 0
    while i < len(p):
        if p[i] == "\\":
            out.append(p[i:i + 2])
            i += 2
        elif p[i] == "[":
            j = skip_class(p, i)
            out.append(p[i:j])
            i = j
        elif p.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = skip_group(p, i)
        else:
            out.append(p[i])
            i += 1
    return "".join(out)


def rg_accepts(p):
    r = subprocess.run(["rg", "-e", p, "/dev/null"], capture_output=True)
    return r.returncode in (0, 1)


default_engine = "--default" in sys.argv[1:]
gap_free = "--gap-free" in sys.argv[1:]
rewritten = dropped = gaps = 0
for line in sys.stdin:
    p = line.rstrip("\n")
    if not p:
        continue
    if gap_free and "[^" in p:
        gaps += 1
        continue
    q = drop_lookarounds(p) if default_engine else p
    rewritten += q != p
    q = f"(?:{q})"
    if not default_engine or rg_accepts(q):
        print(q)
    else:
        dropped += 1
        print(f"rg_patterns: dropped (rg rejects it): {q}", file=sys.stderr)
if default_engine:
    print(f"rg_patterns: {rewritten} pattern(s) lost their lookarounds for rg, {dropped} dropped"
          + (f", {gaps} with a negated class left out" if gap_free else ""), file=sys.stderr)
