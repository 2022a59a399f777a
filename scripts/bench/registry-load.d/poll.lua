-- wrk script: an idle agent's poll round, GET /v1/jobs then GET /v1/assignment, rotating over many
-- device tokens (EFF_TOKENS); every answer must be 200 or 204 (no assignment). A round is two requests.
package.path = (os.getenv("EFF_LUA_DIR") or ".") .. "/?.lua;" .. package.path
require("common").rotate("poll", function(headers)
  return { wrk.format("GET", "/v1/jobs", headers), wrk.format("GET", "/v1/assignment", headers) }
end)
