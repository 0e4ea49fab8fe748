-- sip_route.lua: GET /api/v1/sip/route?caller=USERNAME&number=EXTENSION, the
-- question Kamailio asks for every call, with the sip.proxy token. The
-- driver (bench/sip.sh) passes in the environment:
--   BENCH_SIP_ROUTES  lines "caller_username extension": a SIP account and
--                     the extension of a colleague reachable on its own account
--   BENCH_SIP_TOKEN   the API token Kamailio uses (sip.proxy)
local c = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local rows, headers

setup = c.setup

function init(args)
  math.randomseed(os.time() * 100 + thread_no)
  rows = {}
  for line in io.lines(os.getenv("BENCH_SIP_ROUTES")) do
    local caller, number = line:match("^(%S+) (%S+)$")
    if caller then rows[#rows + 1] = "/api/v1/sip/route?caller=" .. caller .. "&number=" .. number end
  end
  headers = {["Authorization"] = "Bearer " .. os.getenv("BENCH_SIP_TOKEN")}
end

function request()
  return wrk.format("GET", rows[math.random(#rows)], headers)
end

done = c.done
