-- wrk script: POST /v1/heartbeat rotating over many device tokens (EFF_TOKENS); every answer must be 204.
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
    requests[i] = wrk.format("POST", "/v1/heartbeat", { ["Authorization"] = "Bearer " .. token }, "")
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
  common.summarize("heartbeat", threads, summary, latency)
end
