-- login.lua: POST /api/v1/auth/login as random generated users (each has
-- the same password, hashed with the server's argon2id parameters).
local c = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local rows, headers, password

setup = c.setup

function init(args)
  math.randomseed(os.time() * 100 + thread_no)
  rows = c.load_sample()
  headers = {["Content-Type"] = "application/json"}
  password = os.getenv("BENCH_PASSWORD")
end

function request()
  local r = c.pick(rows)
  local body = string.format('{"login":"%s","password":"%s"}', r.email, password)
  return wrk.format("POST", "/api/v1/auth/login", headers, body)
end

done = c.done
