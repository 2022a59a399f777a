-- wrk script: an idle agent's poll round, GET /v1/jobs then GET /v1/assignment, rotating over many
-- device tokens (EFF_TOKENS); every answer must be 200 or 204 (no assignment). A round is two requests.
package.path = (os.getenv("EFF_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  tokens = common.read_lines(os.getenv("EFF_TOKENS"))
  counter = tid * 7919
  counts = {}
  requests = {}
  for i, token in ipairs(tokens) do
    local headers = { ["Authorization"] = "Bearer " .. token }
    requests[2 * i - 1] = wrk.format("GET", "/v1/jobs", headers)
    requests[2 * i] = wrk.format("GET", "/v1/assignment", headers)
  end
end

function request()
  counter = counter + 1
  return requests[counter % #requests + 1]
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  counts_text = common.encode_counts(counts)
end

function done(summary, latency, requests)
  common.summarize("poll", threads, summary, latency)
end
