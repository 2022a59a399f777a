-- wrk script: POST /v1/heartbeat rotating over many device tokens (EFF_TOKENS); every answer must be 204.
package.path = (os.getenv("EFF_LUA_DIR") or ".") .. "/?.lua;" .. package.path
require("common").rotate("heartbeat", function(headers)
  return { wrk.format("POST", "/v1/heartbeat", headers, "") }
end)
