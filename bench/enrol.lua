-- wrk script: POST an enrolment of one participant of a random company (of
-- the COMPANIES seeded) in one of the offers in OFFERS (comma-separated ids),
-- as the admin whose bearer token is in TOKEN.
local token = os.getenv("TOKEN")
local companies = tonumber(os.getenv("COMPANIES"))
local offers = {}
for id in string.gmatch(os.getenv("OFFERS"), "[^,]+") do offers[#offers + 1] = id end
function setup(thread)
  thread:set("seed", math.random(1, 2147483647))
end
function init(args)
  math.randomseed(seed or 1)
end
function request()
  local offer = offers[math.random(1, #offers)]
  local company = string.format("01950000-0000-7000-8000-%012x", math.random(0, companies - 1))
  local body = '{"companyId":"' .. company .. '","participants":[{"name":"Bench Deltagare","gender":"unspecified"}]}'
  return wrk.format("POST", "/api/v1/training-offers/" .. offer .. "/enrolments",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
