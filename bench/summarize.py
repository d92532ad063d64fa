"""Collect wrk's BENCH_JSON lines (bench/report.lua) into a table and bench/results/<timestamp>.json.

    python bench/summarize.py <workdir> <results dir>

<workdir> holds pages.tsv (name, path) in measuring order, <name>.wrk.txt for each page (wrk's output) and
meta.json (what was measured and how). The first page is the ceiling: a bare Django view.
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


def main(workdir: str, results_dir: str) -> int:
    work = Path(workdir)
    meta = json.loads((work / "meta.json").read_text())
    pages = [line.split("\t") for line in (work / "pages.tsv").read_text().splitlines() if line.strip()]
    results = []
    for name, path in pages:
        data = parse_wrk(work / f"{name}.wrk.txt")
        results.append({"page": name, "path": path, **data})
    ceiling = results[0]["requests_per_s"] or 1.0
    for row in results:
        row["ratio_to_ceiling"] = round(row["requests_per_s"] / ceiling, 4)

    now = datetime.now(UTC)
    report = {"finished_at": now.isoformat(timespec="seconds"), **meta, "ceiling": results[0]["page"],
              "results": results}

    header = f"{'page':<22} {'path':<40} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'vs ceiling':>10} {'errors':>7}"
    print()
    print(f"wrk: {meta['connections']} connections, {meta['threads']} threads, {meta['duration_s']} s per page; "
          f"gunicorn: {meta['gunicorn_workers']} sync workers; data: {meta['data']}")
    print(header)
    print("-" * len(header))
    failed = False
    for row in results:
        errors = sum(row["errors"].values())
        failed |= errors > 0
        lat = row["latency_ms"]
        print(f"{row['page']:<22} {row['path'][:40]:<40} {row['requests_per_s']:>9.1f} {lat['p50']:>8.2f} "
              f"{lat['p95']:>8.2f} {lat['p99']:>8.2f} {row['ratio_to_ceiling'] * 100:>9.1f}% {errors:>7}")

    out = Path(results_dir)
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    stamped = out / f"{now.strftime('%Y%m%dT%H%M%SZ')}.json"
    stamped.write_text(text)
    (out / "latest.json").write_text(text)
    print(f"\nWritten: {stamped} and {out / 'latest.json'}")
    if failed:
        print("Some requests failed (connect/read/write/timeout errors or non-2xx/3xx answers): see the errors column.")
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
