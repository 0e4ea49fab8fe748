-- search_big.lua: GET /api/v1/orgs/{org}/users?q=<q>&limit=20 in the big
-- organization, q one of the queries bench-gen wrote (BENCH_SEARCH_FILE,
-- lines "org_id q"): a full name, a last name, its first three letters, an
-- extension, a mobile number as dialled nationally, in turn.
local c = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local rows, headers

setup = c.setup

function init(args)
  math.randomseed(os.time() * 100 + thread_no)
  rows = {}
  for line in io.lines(os.getenv("BENCH_SEARCH_FILE")) do
    local org, q = line:match("^(%S+) (%S+)$")
    if org then rows[#rows + 1] = {org = org, q = q} end
  end
  headers = c.auth_headers()
end

function request()
  local r = c.pick(rows)
  return wrk.format("GET", "/api/v1/orgs/" .. r.org .. "/users?q=" .. r.q .. "&limit=20", headers)
end

done = c.done
