-- wrk script: POST /api/chat with a rotating user id and message, so the load is not one
-- cached conversation. Users 1..N must exist (the MovieLens import creates 610).
-- With PARSE_AFRESH=1 every message is padded past the parse memo's 200-byte limit (runs of
-- spaces between its words, which the parser ignores), so each request parses its message
-- anew: the figure for traffic that never repeats a phrase.
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
if os.getenv("PARSE_AFRESH") == "1" then
  local pad = string.rep(" ", 200)
  for i, m in ipairs(messages) do
    messages[i] = (m:gsub(" ", pad, 1))
  end
end
local users = tonumber(os.getenv("LOAD_USERS") or "610")
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"user_id": %d, "message": "%s"}',
    (n % users) + 1, messages[(n % #messages) + 1])
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"}, body)
end
