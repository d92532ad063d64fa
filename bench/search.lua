-- wrk script: every request asks for the next path of a file (one URL-encoded path a line, given after `--`),
-- so the search queries rotate; each wrk thread starts at a different line. Reports like bench/report.lua.
--   wrk -t 2 -c 16 -d 10s -s bench/search.lua http://127.0.0.1:8000/ -- paths.txt
dofile("bench/report.lua")

local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local paths = {}
local counter = 0
function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  assert(#paths > 0, "no paths in " .. args[1])
  counter = ((id or 0) * 5) % #paths
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
