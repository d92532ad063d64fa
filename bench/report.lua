-- wrk script: after the run, print one line "BENCH_JSON {...}" with throughput, latency percentiles
-- (milliseconds) and error counts, for bench/summarize.py. wrk's --latency table has no p95.
done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local function ms(us) return us / 1000 end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_s": %.3f, "bytes": %d, "requests_per_s": %.2f, '
      .. '"latency_ms": {"mean": %.3f, "stdev": %.3f, "p50": %.3f, "p75": %.3f, "p90": %.3f, '
      .. '"p95": %.3f, "p99": %.3f, "max": %.3f}, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "non_2xx_3xx": %d}}\n',
    summary.requests, seconds, summary.bytes, summary.requests / seconds,
    ms(latency.mean), ms(latency.stdev), ms(latency:percentile(50)), ms(latency:percentile(75)),
    ms(latency:percentile(90)), ms(latency:percentile(95)), ms(latency:percentile(99)), ms(latency.max),
    e.connect, e.read, e.write, e.timeout, e.status))
end
