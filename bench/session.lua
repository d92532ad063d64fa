-- wrk script: every request carries the Cookie header given after `--` (a signed-in officer's session, made by
-- `bench/pages.py session`), so officer pages are measured as the officer sees them. Reports like
-- bench/report.lua.
--   wrk -t 2 -c 4 -d 10s -s bench/session.lua http://127.0.0.1:8000/jst/bench-001/... -- "sessionid=..."
dofile("bench/report.lua")

function init(args)
  assert(args[1] and args[1] ~= "", "give the Cookie header's value after --")
  wrk.headers["Cookie"] = args[1]
end
