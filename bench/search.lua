-- wrk script: S4, company search over 24 terms across the whole frequency
-- range of `samverka seed-bench`'s names and orgNumbers, a random one per
-- request. Hits per term at N = 1,000,000 are in the comments (about).
--
-- PATH: the request with %s where the (URL-encoded) term goes, e.g.
--   /api/v1/companies?limit=50&q=%s
-- DIGITS_PATH (optional): the same for terms of digits only (a peer that
-- needs another column for them); PATH when unset.
-- TOKEN (optional): a bearer token.
local token = os.getenv("TOKEN")
local path = os.getenv("PATH_TEMPLATE")
local digits_path = os.getenv("DIGITS_PATH_TEMPLATE") or path
local terms = {
  "ab",                          -- 830,000: in almost every name (two letters: no trigram)
  "industri",                    -- 190,000: a suffix and a trade
  "s%C3%B6ner",                  -- söner: 167,000
  "sm%C3%A5land",                -- småland: 167,000
  "handelsbolag",                -- 167,000
  "vik",                         -- 85,000: a first part and a second part
  "%C3%A5sen",                   -- åsen: 50,000
  "str%C3%B6m",                  -- ström: 50,000
  "mekaniska",                   -- 31,000: one trade
  "m%C3%B6bel",                  -- möbel: 31,000
  "verktyg",                     -- 31,000
  "lindvik",                     -- 1,700: one first and second part
  "holmstr%C3%B6m",              -- holmström: 1,700
  "%C3%B6stby",                  -- östby: 1,700
  "berglunds%20m%C3%B6bel",      -- berglunds möbel: 52
  "sj%C3%B6bos%20hydraulik",     -- sjöbos hydraulik: 52
  "kvarntorps%20plast%20industri", -- 9
  "5520345",                     -- orgNumber prefix 552034-5: 100
  "552034",                      -- six digits anywhere in an orgNumber: 1,000
  "0345",                        -- four digits anywhere: 1,000s
  "bygg",                        -- none: no such trade in the set
  "verkstad",                    -- none
  "xyz",                         -- none
  "qvintus",                     -- none
}
function setup(thread)
  thread:set("seed", math.random(1, 2147483647))
end
function init(args)
  math.randomseed(seed or 1)
end
function request()
  local term = terms[math.random(#terms)]
  local template = term:match("^%d+$") and digits_path or path
  local headers = {}
  if token and token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
  return wrk.format("GET", string.format(template, term), headers)
end
