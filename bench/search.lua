-- search.lua: GET /api/v1/orgs/{org}/users?q=<prefix>&limit=20, the prefix
-- the first three letters of a last name that occurs in that organization.
local c = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local rows, headers

setup = c.setup

function init(args)
  math.randomseed(os.time() * 100 + thread_no)
  rows = c.load_sample()
  headers = c.auth_headers()
end

function request()
  local r = c.pick(rows)
  return wrk.format("GET", "/api/v1/orgs/" .. r.org .. "/users?q=" .. r.last:sub(1, 3) ..
    "&limit=20", headers)
end

done = c.done
