-- scim_filter.lua: GET /scim/v2/Users?filter=userName eq "<email>" for
-- random sample users, as Entra ID and Okta look a user up before they
-- create or change it, with the SCIM token of the organization
-- (BENCH_SCIM_TOKEN).
local c = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local rows, headers = nil, nil

setup = c.setup

function init(args)
  math.randomseed(os.time() * 100 + thread_no)
  rows = c.load_sample()
  headers = {["Authorization"] = "Bearer " .. os.getenv("BENCH_SCIM_TOKEN")}
end

local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(ch) return string.format("%%%02X", ch:byte()) end))
end

function request()
  local r = c.pick(rows)
  local f = escape('userName eq "' .. r.email .. '"')
  return wrk.format("GET", "/scim/v2/Users?filter=" .. f .. "&startIndex=1&count=100", headers)
end

done = c.done
