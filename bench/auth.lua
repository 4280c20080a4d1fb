-- wrk script: the same GET with the bearer token in TOKEN (none when unset:
-- a peer's anonymous read).
local token = os.getenv("TOKEN")
local headers = {}
if token and token ~= "" then
  headers["Authorization"] = "Bearer " .. token
end
function request()
  return wrk.format("GET", nil, headers)
end
