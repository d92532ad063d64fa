"""Collect wrk's BENCH_JSON lines (bench/report.lua) into a table and bench/results/<prefix><timestamp>.json.

    python bench/summarize.py <workdir> <results dir> [<prefix>]

<workdir> holds pages.tsv (name, path, optionally connections, script, script argument) in measuring order,
<name>.wrk.txt for each page (wrk's output) and meta.json (what was measured and how). The first page is the
ceiling: a bare Django view. Optional files:
- targets.json: [{"page": name, "metric": "requests_per_s" | "ratio_to_ceiling" | "p95_ms", "min" | "max": number},
  ...], printed as
  PASS/FAIL lines and kept in the report; any FAIL makes the exit status 1;
- extra.json: any other measurements (an object), kept in the report under "extra".
The report goes to <prefix><UTC time>.json and <prefix>latest.json.
"""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path


def parse_wrk(path: Path) -> dict:
    for line in path.read_text().splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise SystemExit(f"{path}: no BENCH_JSON line; wrk said:\n{path.read_text()}")


def metric(row: dict, name: str) -> float:
    if name in ("requests_per_s", "ratio_to_ceiling"):
        return row[name]
    if name.endswith("_ms"):
        return row["latency_ms"][name.removesuffix("_ms")]
    raise SystemExit(f"unknown metric {name!r} in targets.json")


def check_targets(targets: list[dict], results: list[dict]) -> list[dict]:
    rows = {row["page"]: row for row in results}
    checked = []
    for target in targets:
        value = metric(rows[target["page"]], target["metric"])
        if not rows[target["page"]]["requests"]:  # nothing completed within the run: no latency to compare
            checked.append({**target, "value": None, "passed": False, "wanted": "a completed request"})
            continue
        if "min" in target:
            passed, wanted = value >= target["min"], f">= {target['min']}"
        else:
            passed, wanted = value < target["max"], f"< {target['max']}"
        checked.append({**target, "value": value, "passed": passed, "wanted": wanted})
    return checked


def main(workdir: str, results_dir: str, prefix: str = "") -> int:
    work = Path(workdir)
    meta = json.loads((work / "meta.json").read_text())
    pages = [line.split("\t") for line in (work / "pages.tsv").read_text().splitlines() if line.strip()]
    results = []
    for name, path, *rest in pages:
        data = parse_wrk(work / f"{name}.wrk.txt")
        connections = int(rest[0]) if rest and rest[0] else meta["connections"]
        results.append({"page": name, "path": path, "connections": connections, **data})
    ceiling = results[0]["requests_per_s"] or 1.0
    for row in results:
        row["ratio_to_ceiling"] = round(row["requests_per_s"] / ceiling, 4)

    now = datetime.now(UTC)
    report = {"finished_at": now.isoformat(timespec="seconds"), **meta, "ceiling": results[0]["page"],
              "results": results}
    if (work / "extra.json").exists():
        report["extra"] = json.loads((work / "extra.json").read_text())

    header = (f"{'page':<22} {'path':<40} {'conn':>4} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
              f"{'vs ceiling':>10} {'errors':>7}")
    print()
    print(f"wrk: {meta['connections']} connections unless the table says otherwise, {meta['threads']} threads, "
          f"{meta['duration_s']} s per page; gunicorn: {meta['gunicorn_workers']} sync workers; "
          f"data: {meta['data']}")
    print(header)
    print("-" * len(header))
    failed = False
    for row in results:
        errors = sum(row["errors"].values())
        failed |= errors > 0 or not row["requests"]
        lat = row["latency_ms"]
        print(f"{row['page']:<22} {row['path'][:40]:<40} {row['connections']:>4} {row['requests_per_s']:>9.1f} "
              f"{lat['p50']:>8.2f} {lat['p95']:>8.2f} {lat['p99']:>8.2f} {row['ratio_to_ceiling'] * 100:>9.1f}% "
              f"{errors:>7}")

    missed = False
    if (work / "targets.json").exists():
        report["targets"] = check_targets(json.loads((work / "targets.json").read_text()), results)
        print()
        for target in report["targets"]:
            missed |= not target["passed"]
            value = ("no request completed" if target["value"] is None else
                     f"{target['value']:.{3 if target['metric'] == 'ratio_to_ceiling' else 1}f}")
            print(f"{'PASS' if target['passed'] else 'FAIL'}  {target['page']}: {target['metric']} {value} "
                  f"(target {target['wanted']})")

    out = Path(results_dir)
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    stamped = out / f"{prefix}{now.strftime('%Y%m%dT%H%M%SZ')}.json"
    stamped.write_text(text)
    (out / f"{prefix}latest.json").write_text(text)
    print(f"\nWritten: {stamped} and {out / f'{prefix}latest.json'}")
    if failed:
        print("Some requests failed (connect/read/write/timeout errors or non-2xx/3xx answers: see the errors "
              "column), or a page completed no request within the run (0 req/s).")
    if missed:
        print("Some targets were missed: see the FAIL lines above.")
    return 1 if failed or missed else 0


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    sys.exit(main(*sys.argv[1:]))
