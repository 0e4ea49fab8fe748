-- create_user.lua: POST /api/v1/orgs/{org}/users with invite: true. Emails
-- are unique: a counter per thread, the thread's number and the run's
-- start time in the address.
local c = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local rows, headers, counter = nil, nil, 0

setup = c.setup

function init(args)
  math.randomseed(os.time() * 100 + thread_no)
  rows = c.load_sample()
  headers = c.auth_headers({["Content-Type"] = "application/json"})
end

function request()
  local r = c.pick(rows)
  counter = counter + 1
  local body = string.format(
    '{"first_name":"Bench","last_name":"Create","email":"new.%s.%d.%d@bench.example",' ..
    '"job_title":"Sales","invite":true}', run, thread_no, counter)
  return wrk.format("POST", "/api/v1/orgs/" .. r.org .. "/users", headers, body)
end

done = c.done
