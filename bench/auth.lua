-- wrk script: the same GET with the bearer token in TOKEN.
local token = os.getenv("TOKEN")
function request()
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. token })
end
