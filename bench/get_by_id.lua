-- wrk script: GET /api/v1/companies/{id}, rotating over the ids in ids.txt,
-- each thread from its own offset, with the bearer token in TOKEN.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local token = os.getenv("TOKEN")
local counter = 0
function setup(thread)
  thread:set("offset", math.random(1, #ids))
end
function request()
  counter = counter + 1
  local id = ids[((offset or 0) + counter) % #ids + 1]
  return wrk.format("GET", "/api/v1/companies/" .. id, { ["Authorization"] = "Bearer " .. token })
end
