-- wrk script: GET /api/v1/companies/{id}, a random one of the COMPANIES
-- companies that `samverka seed-bench` made (their ids are deterministic:
-- 01950000-0000-7000-8000-<i as 12 hex digits>), with the bearer token in TOKEN.
-- PATH_TEMPLATE (a peer): the request with %d where company i's change
-- number (i + 1) goes, instead.
local token = os.getenv("TOKEN")
local companies = tonumber(os.getenv("COMPANIES"))
local template = os.getenv("PATH_TEMPLATE")
function setup(thread)
  thread:set("seed", math.random(1, 2147483647))
end
function init(args)
  math.randomseed(seed or 1)
end
function request()
  local i = math.random(0, companies - 1)
  if template then
    return wrk.format("GET", string.format(template, i + 1))
  end
  return wrk.format("GET", string.format("/api/v1/companies/01950000-0000-7000-8000-%012x", i),
    { ["Authorization"] = "Bearer " .. token })
end
