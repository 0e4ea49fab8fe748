-- get_user.lua: GET /api/v1/orgs/{org}/users/{id} for random generated users.
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
  return wrk.format("GET", "/api/v1/orgs/" .. r.org .. "/users/" .. r.id, headers)
end

done = c.done
