#!/usr/bin/env python3
"""Runs `certkeep verify` over the x509-limbo path-validation test suite and reports how it fares.

x509-limbo (C2SP) is a public suite of X.509 path-validation test cases written by others: each case
gives trust anchors, untrusted intermediates, a peer certificate, a validation time, the expected
peer name and purpose, and the verdict a strict validator must reach. Its generated `limbo.json` is
not shipped with certkeep; point this script at a copy (see tests/limbo/README.md).

    tests/limbo/run_limbo.py LIMBO_JSON CERTKEEP [--jobs N] [--filter REGEX] [--results OUT.json]
                             [--failures] [--markdown]

Every case becomes one command line, exactly as an admin would type it:

    certkeep verify peer.pem --untrusted untrusted.pem --ca-file trusted.pem [--crl-file crls.pem]
                    --purpose server|client|any [--name HOST|IP] [--max-depth N] --at TIME --json

and the case passes when certkeep's verdict (`valid` in the JSON) is the expected one. A case whose
inputs certkeep cannot read (exit status 3, e.g. a certificate it refuses to parse) counts as a
FAILURE verdict, as it would for a TLS client. Cases that ask for something `verify` does not do are
skipped with the reason: email (RFC822) peer names, signature-algorithm or
key-usage policies, several expected peer names, or an extended key usage other than serverAuth,
clientAuth or anyExtendedKeyUsage.
"""
from __future__ import annotations

import argparse
import collections
import concurrent.futures
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

PURPOSE_BY_EKU = {"serverAuth": "server", "clientAuth": "client", "anyExtendedKeyUsage": "any"}


def skip_reason(case: dict) -> str | None:
    """Why certkeep verify cannot express this case, or None."""
    if case.get("signature_algorithms"):
        return "signature algorithm policy"
    if case.get("key_usage"):
        return "key usage policy"
    if case.get("expected_peer_names"):
        return "several expected peer names"
    name = case.get("expected_peer_name")
    if name and name["kind"] == "RFC822":
        return "email (RFC822) peer name"
    ekus = case.get("extended_key_usage") or []
    if len(ekus) > 1:
        return "several extended key usages"
    if ekus and ekus[0] not in PURPOSE_BY_EKU:
        return f"extended key usage {ekus[0]}"
    return None


def purpose(case: dict) -> str:
    ekus = case.get("extended_key_usage") or []
    if ekus:
        return PURPOSE_BY_EKU[ekus[0]]
    return "server" if case["validation_kind"] == "SERVER" else "client"


def at(case: dict) -> str:
    when = case.get("validation_time")
    if not when:
        return "@" + str(int(datetime.datetime.now(datetime.timezone.utc).timestamp()))
    t = datetime.datetime.fromisoformat(when.replace("Z", "+00:00"))
    return "@" + str(int(t.timestamp()))


def command(case: dict, certkeep: str, workdir: str) -> list[str]:
    def write(stem: str, pems: list[str]) -> str:
        path = os.path.join(workdir, stem + ".pem")
        with open(path, "w") as f:
            f.write("".join(p if p.endswith("\n") else p + "\n" for p in pems))
        return path

    argv = [certkeep, "verify", write("peer", [case["peer_certificate"]])]
    if case["untrusted_intermediates"]:
        argv += ["--untrusted", write("untrusted", case["untrusted_intermediates"])]
    if case["trusted_certs"]:
        argv += ["--ca-file", write("trusted", case["trusted_certs"])]
    if case.get("crls"):
        argv += ["--crl-file", write("crls", case["crls"])]
    argv += ["--purpose", purpose(case), "--at", at(case), "--json"]
    if case.get("max_chain_depth") is not None:
        argv += ["--max-depth", str(case["max_chain_depth"])]
    name = case.get("expected_peer_name")
    if name:
        argv += ["--name", name["value"]]
    return argv


def evaluate(case: dict, certkeep: str) -> dict:
    result = {"id": case["id"], "expected": case["expected_result"]}
    reason = skip_reason(case)
    if reason:
        return result | {"actual": "SKIPPED", "context": reason}
    with tempfile.TemporaryDirectory(prefix="limbo-") as workdir:
        argv = command(case, certkeep, workdir)
        try:
            run = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return result | {"actual": "HANG", "context": "no verdict within 60 s"}
    if run.returncode == 3:  # an input certkeep cannot read: a TLS client would refuse it
        return result | {"actual": "FAILURE", "context": "unreadable input: " + run.stderr.strip()}
    if run.returncode not in (0, 2):
        return result | {"actual": "ERROR", "context": f"exit {run.returncode}: {run.stderr.strip()}"}
    report = json.loads(run.stdout)
    problems = [f"{p['code']}@{p['depth']}" + ("" if p["severity"] == "error" else "(w)")
                for p in report.get("problems", [])]
    actual = "SUCCESS" if report["valid"] else "FAILURE"
    return result | {"actual": actual, "context": " ".join(problems)}


def namespace(case_id: str) -> str:
    return case_id.split("::")[0] if "::" in case_id else "(none)"


def summarize(cases: dict, results: list[dict], markdown: bool) -> None:
    rows = collections.defaultdict(collections.Counter)
    for r in results:
        ns = namespace(r["id"])
        if r["actual"] == "SKIPPED":
            outcome = "skipped"
        elif r["actual"] == r["expected"]:
            outcome = "passed"
        else:
            outcome = "failed"
        rows[ns][outcome] += 1
        rows["all"][outcome] += 1
    if markdown:
        print("| namespace | cases | passed | failed | skipped | pass rate of those run |")
        print("|---|---:|---:|---:|---:|---:|")
    for ns in sorted(rows, key=lambda n: (n == "all", n)):
        c = rows[ns]
        run = c["passed"] + c["failed"]
        rate = f"{100 * c['passed'] / run:.1f}%" if run else "—"
        total = sum(c.values())
        if markdown:
            print(f"| {ns} | {total} | {c['passed']} | {c['failed']} | {c['skipped']} | {rate} |")
        else:
            print(f"{ns:16} {total:5} cases  {c['passed']:5} passed  {c['failed']:4} failed  "
                  f"{c['skipped']:4} skipped  {rate}")
    skips = collections.Counter(r["context"] for r in results if r["actual"] == "SKIPPED")
    for reason, n in skips.most_common():
        print(f"skipped {n}: {reason}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("limbo_json")
    parser.add_argument("certkeep")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--filter", default="", help="only case ids matching this regular expression")
    parser.add_argument("--results", help="write every case's result here as JSON")
    parser.add_argument("--failures", action="store_true", help="list every case certkeep gets wrong")
    parser.add_argument("--markdown", action="store_true", help="summary as a markdown table")
    args = parser.parse_args()

    with open(args.limbo_json) as f:
        suite = json.load(f)
    pattern = re.compile(args.filter)
    cases = {c["id"]: c for c in suite["testcases"] if pattern.search(c["id"])}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda c: evaluate(c, args.certkeep), cases.values()))
    if args.results:
        with open(args.results, "w") as f:
            json.dump({"results": results}, f, indent=1)
    if args.failures:
        for r in results:
            if r["actual"] not in ("SKIPPED", r["expected"]):
                print(f"{r['id']}: expected {r['expected']}, got {r['actual']}: {r['context']}")
    summarize(cases, results, args.markdown)
    return 1 if any(r["actual"] in ("ERROR", "HANG") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
