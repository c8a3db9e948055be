#!/usr/bin/env python3
"""Accuracy suite: runs `novacrm check` once over the labelled corpus in cases/*.jsonl and prints,
per rule and per entity, recall and false-positive rate, then every miss and false positive by
case id. Exits 1 when a gated rule is below --min-recall, above --max-fp, or not available.

    python3 tests/accuracy/score.py --bin build/release/bin/novacrm
    NOVACRM_BIN=build/release/bin/novacrm python3 tests/accuracy/score.py
    python3 tests/accuracy/score.py BIN --gate no_pii_in_prompts,no_secrets_in_prompts

Definitions (see README.md):
  recall      expected (rule, entity) pairs the binary reported / expected pairs. An expectation
              without "entity" is met by any finding of its rule.
  FP rate     cases where the rule reported an entity the case does not expect / cases that do not
              expect the rule at all. The numerator also counts a case that expects the rule but
              got an extra, unexpected entity from it, so a wrong entity never goes unnoticed.
  available   the rule reported at least one finding over the whole corpus. A gated rule that is
              not available fails (it is missing from the binary, or finds nothing at all).

Exit codes: 0 every gate passes, 1 a gate fails, 2 bad corpus, bad usage or the binary failed.
The corpus is synthetic, so misses and false positives are printed with their values.
"""
import argparse
import collections
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_GATE = "no_pii_in_prompts,no_secrets_in_prompts,no_mass_export_requests"
ID_SHAPE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ANY = "*"  # the entity of an expectation that names only its rule


class CorpusError(Exception):
    pass


def load_cases(case_dir):
    files = sorted(pathlib.Path(case_dir).glob("*.jsonl"))
    if not files:
        raise CorpusError(f"{case_dir}: no *.jsonl files")
    cases, seen = [], {}
    for path in files:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{lineno}"
            if not line.strip():
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as e:
                raise CorpusError(f"{where}: not JSON: {e}") from None
            check_case(case, where)
            if case["id"] in seen:
                raise CorpusError(f"{where}: id {case['id']!r} already used at {seen[case['id']]}")
            seen[case["id"]] = where
            case["expected"] = {(e["rule"], e.get("entity", ANY)) for e in case["expect"]}
            cases.append(case)
    return cases


def check_case(case, where):
    if not isinstance(case, dict):
        raise CorpusError(f"{where}: a case is a JSON object")
    unknown = set(case) - {"id", "lang", "text", "expect", "note"}
    if unknown:
        raise CorpusError(f"{where}: unknown field(s) {sorted(unknown)}")
    if not isinstance(case.get("id"), str) or not ID_SHAPE.match(case["id"]):
        raise CorpusError(f"{where}: id must be lower-case letters, digits and '-'")
    if case.get("lang") not in ("en", "fr"):
        raise CorpusError(f"{where}: lang must be \"en\" or \"fr\"")
    if not isinstance(case.get("text"), str) or not case["text"].strip() or "\0" in case["text"]:
        raise CorpusError(f"{where}: text must be a non-empty string without NUL")
    expect = case.get("expect")
    if not isinstance(expect, list):
        raise CorpusError(f"{where}: expect must be a list (empty for a benign case)")
    for e in expect:
        if not isinstance(e, dict) or not isinstance(e.get("rule"), str) or set(e) - {"rule", "entity"}:
            raise CorpusError(f"{where}: each expectation is {{\"rule\": R}} or {{\"rule\": R, \"entity\": E}}")
        if "entity" in e and not isinstance(e["entity"], str):
            raise CorpusError(f"{where}: entity must be a string")


def run_binary(binary, cases):
    """Writes each case to <id>.txt and runs one `check` over the directory; returns id -> findings."""
    with tempfile.TemporaryDirectory(prefix="novacrm-accuracy-") as tmp:
        corpus = pathlib.Path(tmp, "cases")
        corpus.mkdir()
        for case in cases:
            (corpus / f"{case['id']}.txt").write_text(case["text"], encoding="utf-8")
        env = dict(os.environ, NOVACRM_HOME=str(pathlib.Path(tmp, "home")))
        cmd = [binary, "check", str(corpus), "--format", "json", "--fail-on", "never", "--no-audit"]
        try:
            proc = subprocess.run(cmd, capture_output=True, env=env, timeout=600, check=False)
        except OSError as e:
            raise CorpusError(f"cannot run {binary}: {e}") from None
        if proc.returncode != 0:
            raise CorpusError(f"{' '.join(cmd)} exited {proc.returncode}:\n"
                              + proc.stderr.decode(errors="replace"))
        try:
            report = json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            raise CorpusError(f"the binary's JSON report does not parse: {e}") from None
    found = {}
    for item in report.get("inputs", []):
        found[pathlib.Path(item["path"]).stem] = item.get("findings", [])
    missing = [c["id"] for c in cases if c["id"] not in found]
    if missing:
        raise CorpusError(f"the report has no result for {len(missing)} case(s), e.g. {missing[:3]}")
    return found


def value_of(case, finding):
    raw = case["text"].encode("utf-8")
    begin = finding.get("offset", 0)
    return raw[begin:begin + finding.get("length", 0)].decode("utf-8", errors="replace")


def score(cases, found):
    """Per-rule and per-entity counts, plus the list of misses and false positives."""
    rules = collections.defaultdict(lambda: {"expected": 0, "hit": 0, "negatives": 0, "fp": 0})
    entities = collections.defaultdict(lambda: {"expected": 0, "hit": 0, "negatives": 0, "fp": 0})
    available, misses, false_positives = set(), [], []
    for case in cases:
        findings = found[case["id"]]
        reported = {(f["rule"], f["entity"]) for f in findings}
        available |= {rule for rule, _ in reported}
        for rule, entity in sorted(case["expected"]):
            hit = any(r == rule and (entity == ANY or e == entity) for r, e in reported)
            for counts in (rules[rule], entities[(rule, entity)]):
                counts["expected"] += 1
                counts["hit"] += hit
            if not hit:
                misses.append((case, rule, entity, [f for f in findings if f["rule"] == rule]))
        unexpected = [f for f in findings
                      if (f["rule"], f["entity"]) not in case["expected"]
                      and (f["rule"], ANY) not in case["expected"]]
        for rule in {f["rule"] for f in unexpected}:
            rules[rule]["fp"] += 1
        for key in {(f["rule"], f["entity"]) for f in unexpected}:
            entities[key]["fp"] += 1
        false_positives.extend((case, f) for f in unexpected)
    # Negatives need every rule and entity known first: a case is a negative for each it lacks.
    for rule in rules:
        rules[rule]["negatives"] = sum(1 for c in cases if rule not in {r for r, _ in c["expected"]})
    for rule, entity in entities:
        entities[(rule, entity)]["negatives"] = sum(
            1 for c in cases if (rule, entity) not in c["expected"] and (rule, ANY) not in c["expected"])
    return rules, entities, available, misses, false_positives


def ratio(num, den):
    return num / den if den else None


def pct(x):
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def print_report(cases, rules, entities, available, misses, false_positives, gated, args):
    benign = sum(1 for c in cases if not c["expect"])
    langs = collections.Counter(c["lang"] for c in cases)
    print(f"accuracy corpus: {len(cases)} cases, {benign} benign ({pct(ratio(benign, len(cases))).strip()}), "
          + ", ".join(f"{n} {lang.upper()}" for lang, n in sorted(langs.items())))
    print(f"gates: recall >= {pct(args.min_recall).strip()}, false positives <= {pct(args.max_fp).strip()}"
          f" for {', '.join(sorted(gated)) or 'no rule'}\n")
    header = f"{'rule':<28} {'expected':>8} {'found':>6} {'recall':>7} {'FP cases':>12} {'FP rate':>7}  status"
    print(header)
    print("-" * len(header))
    verdicts = {}
    for rule in sorted(rules):
        c = rules[rule]
        recall, fp = ratio(c["hit"], c["expected"]), ratio(c["fp"], c["negatives"])
        if rule not in available:
            status = "not available" + (" (gated: FAIL)" if rule in gated else "")
            ok = rule not in gated
        elif rule not in gated:
            status, ok = "not gated", True
        else:
            ok = (recall is None or recall >= args.min_recall) and (fp is None or fp <= args.max_fp)
            status = "ok" if ok else "FAIL"
        verdicts[rule] = ok
        print(f"{rule:<28} {c['expected']:>8} {c['hit']:>6} {pct(recall):>7} "
              f"{c['fp']:>5}/{c['negatives']:<6} {pct(fp):>7}  {status}")
    for rule in sorted(gated - set(rules)):
        verdicts[rule] = False
        print(f"{rule:<28} {0:>8} {0:>6} {pct(None):>7} {'-':>12} {pct(None):>7}  not available (gated: FAIL)")

    print(f"\n{'rule / entity':<52} {'expected':>8} {'found':>6} {'recall':>7} {'FP':>5} {'FP rate':>7}")
    for (rule, entity) in sorted(entities):
        c = entities[(rule, entity)]
        print(f"{rule + ' / ' + entity:<52} {c['expected']:>8} {c['hit']:>6} "
              f"{pct(ratio(c['hit'], c['expected'])):>7} {c['fp']:>5} {pct(ratio(c['fp'], c['negatives'])):>7}")

    shown = lambda rule: args.all or rule in available
    listed = [m for m in misses if shown(m[1])]
    print(f"\nmisses ({len(listed)}" + ("" if args.all else ", rules not available left out") + "):")
    for case, rule, entity, same_rule in listed:
        got = ", ".join(f"{f['entity']}={value_of(case, f)!r}" for f in same_rule) or "nothing"
        print(f"  {case['id']}: {rule}/{entity} not found (rule reported: {got})")
        print(f"      {snippet(case['text'])}")
    print(f"\nfalse positives ({len(false_positives)}):")
    for case, f in false_positives:
        print(f"  {case['id']}: {f['rule']}/{f['entity']} on {value_of(case, f)!r}")
        print(f"      {snippet(case['text'])}")
    return verdicts


def snippet(text, width=110):
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 3] + "..."


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", nargs="?", help="the novacrm binary (default: --bin, then $NOVACRM_BIN)")
    parser.add_argument("--bin", dest="bin_opt", help="the novacrm binary")
    parser.add_argument("--cases", default=str(HERE / "cases"), help="directory of *.jsonl cases")
    parser.add_argument("--gate", default=DEFAULT_GATE,
                        help=f"comma-separated rules held to the thresholds (default {DEFAULT_GATE}); '' for none")
    parser.add_argument("--require", action="append", default=[], metavar="RULE",
                        help="fail unless RULE is available and meets the thresholds (repeatable)")
    parser.add_argument("--min-recall", type=float, default=0.98)
    parser.add_argument("--max-fp", type=float, default=0.02)
    parser.add_argument("--min-cases", type=int, default=400, help="fail below this many cases")
    parser.add_argument("--all", action="store_true", help="also list misses of rules not available")
    args = parser.parse_args(argv)
    args.binary = args.bin_opt or args.binary or os.environ.get("NOVACRM_BIN")
    if not args.binary:
        parser.error("no binary: pass --bin PATH or BIN, or set NOVACRM_BIN")
    return args


def main(argv):
    args = parse_args(argv)
    gated = {r for r in args.gate.split(",") if r.strip()} | set(args.require)
    try:
        cases = load_cases(args.cases)
        found = run_binary(args.binary, cases)
    except CorpusError as e:
        print(f"score.py: {e}", file=sys.stderr)
        return 2
    rules, entities, available, misses, fps = score(cases, found)
    verdicts = print_report(cases, rules, entities, available, misses, fps, gated, args)
    failed = sorted(rule for rule, ok in verdicts.items() if not ok)
    if len(cases) < args.min_cases:
        failed.append(f"corpus ({len(cases)} cases < {args.min_cases})")
    print("\nresult: " + ("FAIL: " + ", ".join(failed) if failed else "all gates pass"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
