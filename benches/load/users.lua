-- wrk script: GET /api/recommendations/{id} over every MovieLens user in turn.
local users = tonumber(os.getenv("LOAD_USERS") or "610")
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", string.format("/api/recommendations/%d?limit=10", (n % users) + 1))
end
