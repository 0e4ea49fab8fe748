-- static.lua: GET /user.json from nginx, the HTTP ceiling.
local c = dofile(os.getenv("BENCH_DIR") .. "/common.lua")

function request()
  return wrk.format("GET", "/user.json")
end

done = c.done
