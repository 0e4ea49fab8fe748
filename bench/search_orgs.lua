-- search_orgs.lua: GET /api/v1/orgs?q=<n>&limit=20, the organization
-- switcher's search, as the platform administrator (every customer is
-- below the one partner): n a random customer number of BENCH_ORGS, as
-- someone types a part of "Customer 1234 B.V.".
local c = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local headers, n

setup = c.setup

function init(args)
  math.randomseed(os.time() * 100 + thread_no)
  headers = c.auth_headers()
  n = tonumber(os.getenv("BENCH_ORGS"))
end

function request()
  return wrk.format("GET", "/api/v1/orgs?q=customer%20" .. math.random(n) .. "&limit=20", headers)
end

done = c.done
