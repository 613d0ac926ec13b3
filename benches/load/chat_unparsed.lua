-- wrk script: as chat.lua, but every message is padded past the parse memo's 200-byte limit
-- (runs of spaces between its words, which the parser ignores), so each request parses its
-- message afresh: the figure for traffic that never repeats a phrase.
local messages = {
  "90s action movies",
  "something like Inception but scarier",
  "comedies from the 80s",
  "movies with Tom Hanks",
  "what's trending?",
  "recommend me something",
  "sci-fi from the 2010s",
  "feel-good movies",
}
local pad = string.rep(" ", 200)
for i, m in ipairs(messages) do
  messages[i] = (m:gsub(" ", pad, 1))
end
local users = tonumber(os.getenv("LOAD_USERS") or "610")
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"user_id": %d, "message": "%s"}',
    (n % users) + 1, messages[(n % #messages) + 1])
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"}, body)
end
