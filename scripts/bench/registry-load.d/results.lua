-- wrk script: POST /v1/results, every request a new result id, rotating over many device tokens.
--   EFF_MODE=new    ids "L<run>-<thread>-<n>"; each 201's id is appended to EFF_ACKED.<thread>
--   EFF_MODE=retry  re-posts the ids in EFF_RETRY_IDS (from a "new" run): every answer must be 200
-- Also: EFF_TOKENS, EFF_ARTIFACT (artifact id), EFF_RUN, EFF_REPORT. The token of id n of thread t
-- is tokens[(n + 7919 t) mod #tokens], so a retry comes from the device that posted first.
package.path = (os.getenv("EFF_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")
local threads = common.numbered_threads()

function init(args)
  tokens = common.read_lines(os.getenv("EFF_TOKENS"))
  artifact = os.getenv("EFF_ARTIFACT")
  run = os.getenv("EFF_RUN") or "0"
  mode = os.getenv("EFF_MODE") or "new"
  counter = 0
  counts = {}
  if mode == "retry" then
    retry_ids = common.read_lines(os.getenv("EFF_RETRY_IDS"))
  else
    acked = io.open(os.getenv("EFF_ACKED") .. "." .. tid, "w")
    acked:setvbuf("line")
  end
end

local function body_for(id)
  return string.format(
    '{"id":"%s","artifact_id":"%s","threads":1,"runs":100,"mean_ms":9.1,"std_ms":0.4,"min_ms":8.2,' ..
    '"p50_ms":9.0,"p90_ms":9.6,"p99_ms":10.4,"max_ms":12.0,"init_ms":31.0,"first_ms":14.0,' ..
    '"peak_rss_mb":66.5,"engine_version":"load"}', id, artifact)
end

function request()
  local id, owner
  if mode == "retry" then
    id = retry_ids[(counter + (tid - 1) * 104729) % #retry_ids + 1]
    local t, n = id:match("^L[^-]*%-(%d+)%-(%d+)$")
    owner = tonumber(n) + 7919 * tonumber(t)
  else
    id = string.format("L%s-%d-%d", run, tid, counter)
    owner = counter + 7919 * tid
  end
  counter = counter + 1
  local token = tokens[owner % #tokens + 1]
  return wrk.format("POST", "/v1/results",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body_for(id))
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  counts_text = common.encode_counts(counts)
  if status == 201 and acked then
    local id = body:match('"id"%s*:%s*"([^"]+)"')
    if id then acked:write(id, "\n") end
  end
end

function done(summary, latency, requests)
  common.summarize("results-" .. (os.getenv("EFF_MODE") or "new"), threads, summary, latency)
end
