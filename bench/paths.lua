-- wrk script: GET requests rotating over the paths listed in the file named by BENCH_PATHS (one
-- path per line), so that a scenario reads many rows, not one. Each thread starts at its own place
-- in the list. The -H headers given to wrk (the session cookie) go with every request. Every
-- answer's status is counted; done() prints
--   status_2xx N
--   status_other N
--   status_other_first S    (the first status outside 200-299, when there was one)
-- and bench/run.sh fails the scenario unless status_other is 0.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local file = os.getenv("BENCH_PATHS")
  assert(file, "BENCH_PATHS is not set")
  local paths = {}
  for line in io.lines(file) do
    if line ~= "" then table.insert(paths, line) end
  end
  assert(#paths > 0, "no paths in " .. file)
  -- Formatted once here, so that each request costs the client a table lookup.
  prepared = {}
  for i, path in ipairs(paths) do prepared[i] = wrk.format("GET", path) end
  index = (tid * 7919) % #prepared  -- threads start apart (7919 is prime)
  ok, other, other_first = 0, 0, 0
end

function request()
  index = index % #prepared + 1
  return prepared[index]
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    other = other + 1
    if other_first == 0 then other_first = status end
  end
end

function done(summary, latency, requests)
  local ok_total, other_total, first = 0, 0, 0
  for _, t in ipairs(threads) do
    ok_total = ok_total + (t:get("ok") or 0)
    other_total = other_total + (t:get("other") or 0)
    local f = t:get("other_first") or 0
    if first == 0 and f ~= 0 then first = f end
  end
  io.write(string.format("status_2xx %d\nstatus_other %d\n", ok_total, other_total))
  if first ~= 0 then io.write(string.format("status_other_first %d\n", first)) end
end
