-- Shared by results.lua and heartbeat.lua (wrk 4.1, LuaJIT). Environment:
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

return M
