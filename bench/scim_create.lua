-- scim_create.lua: POST /scim/v2/Users as an identity provider sends it (a
-- user with a work email, a name and an externalId), with the SCIM token
-- of the organization (BENCH_SCIM_TOKEN). userName, email and externalId
-- are unique: a counter per thread, the thread's number and the run's start
-- time in each.
local c = dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local headers, counter = nil, 0

setup = c.setup

function init(args)
  headers = {["Authorization"] = "Bearer " .. os.getenv("BENCH_SCIM_TOKEN"),
             ["Content-Type"] = "application/scim+json"}
end

function request()
  counter = counter + 1
  local n = string.format("%s.%d.%d", run, thread_no, counter)
  local body = string.format(
    '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"scim.%s",' ..
    '"externalId":"ext.%s","name":{"givenName":"Bench","familyName":"Scim"},' ..
    '"emails":[{"value":"scim.%s@bench.example","type":"work","primary":true}],' ..
    '"title":"Sales","active":true}', n, n, n)
  return wrk.format("POST", "/scim/v2/Users", headers, body)
end

done = c.done
