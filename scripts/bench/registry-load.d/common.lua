-- Shared by results.lua, heartbeat.lua and poll.lua (wrk 4.1, LuaJIT). Environment:
--   EFF_TOKENS   file of device tokens, one a line (registry-seed --tokens-out)
--   EFF_REPORT   file the main state appends one summary line to
local M = {}

function M.read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if #line > 0 then lines[#lines + 1] = line end
  end
  return lines
end

-- Per-thread status counts travel to done() as one "code=count,…" string (thread:get copies values).
function M.encode_counts(counts)
  local parts = {}
  for code, count in pairs(counts) do parts[#parts + 1] = code .. "=" .. count end
  return table.concat(parts, ",")
end

function M.summarize(kind, threads, summary, latency)
  local totals = {}
  for _, thread in ipairs(threads) do
    local encoded = thread:get("counts_text") or ""
    for code, count in encoded:gmatch("(%d+)=(%d+)") do
      totals[code] = (totals[code] or 0) + tonumber(count)
    end
  end
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  local line = string.format(
    "%s requests=%d seconds=%.3f rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d non2xx=%d statuses=%s",
    kind, summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status, M.encode_counts(totals))
  print(line)
  local report = os.getenv("EFF_REPORT")
  if report then
    local file = io.open(report, "a")
    file:write(line .. "\n")
    file:close()
  end
end

-- Defines wrk's `setup` so that each thread knows its number as `tid` (1, 2, …); returns the list
-- of threads, which `summarize` reads at the end.
function M.numbered_threads()
  local threads = {}
  function setup(thread)
    thread:set("tid", #threads + 1)
    threads[#threads + 1] = thread
  end
  return threads
end

-- Makes the calling script a wrk script that cycles through every device token's requests:
-- `build(headers)` returns the formatted requests of one token (headers carry its bearer token);
-- threads start at different offsets; `kind` names the summary line.
function M.rotate(kind, build)
  local threads = M.numbered_threads()
  function init(args)
    counter = tid * 7919
    counts = {}
    requests = {}
    for _, token in ipairs(M.read_lines(os.getenv("EFF_TOKENS"))) do
      for _, formatted in ipairs(build({ ["Authorization"] = "Bearer " .. token })) do requests[#requests + 1] = formatted end
    end
  end
  function request()
    counter = counter + 1
    return requests[counter % #requests + 1]
  end
  function response(status, headers, body)
    counts[status] = (counts[status] or 0) + 1
    counts_text = M.encode_counts(counts)
  end
  function done(summary, latency, requests)
    M.summarize(kind, threads, summary, latency)
  end
end

return M
