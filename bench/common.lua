-- common.lua: shared by the wrk scripts (loaded with dofile). The driver
-- (bench/run.sh) passes what they need in the environment:
--   BENCH_SAMPLE  lines "org_id user_id email last_name" written by bench-gen
--   BENCH_TOKEN   a session token from a real sign-in
--   BENCH_PASSWORD every generated user's password
--   BENCH_RUN     the run's name in unique emails (default: the start time;
--                 two wrk started at once need names of their own)
-- done() prints one machine-readable line for the driver:
--   RESULT requests_per_s p50_us p99_us non_2xx socket_errors requests timeouts
-- (socket_errors counts connect, read and write errors; timeouts, wrk's 2 s
-- timeout, are counted apart)
local M = {}
local threads = 0

-- Numbers the threads (thread_no) and names the run (run), for seeds and
-- unique emails.
function M.setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
  thread:set("run", os.getenv("BENCH_RUN") or tostring(os.time()))
end

function M.load_sample()
  local rows = {}
  for line in io.lines(os.getenv("BENCH_SAMPLE")) do
    local org, id, email, last = line:match("^(%S+) (%S+) (%S+) (%S+)$")
    if org then rows[#rows + 1] = {org = org, id = id, email = email, last = last} end
  end
  return rows
end

function M.pick(rows)
  return rows[math.random(#rows)]
end

function M.auth_headers(extra)
  local h = {["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")}
  for k, v in pairs(extra or {}) do h[k] = v end
  return h
end

function M.done(summary, latency)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT %.1f %d %d %d %d %d %d\n", summary.requests / seconds,
    latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write, summary.requests, e.timeout))
end

return M
