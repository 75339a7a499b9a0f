-- wrk script for warm runs: requests cycle through a fixed set of ids the server has cached.
-- Usage: wrk -s warm.lua URL -- <body-prefix> <id,id,...>
-- The body is <body-prefix> .. id .. "}}" (see cold.lua). Each thread starts at a different
-- place in the list so that the threads do not ask for the same id in lockstep.

local threads = 0

function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

function init(args)
  prefix = args[1]
  ids = {}
  for id in string.gmatch(args[2], "%d+") do
    ids[#ids + 1] = id
  end
  sent = thread_index * 7
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local id = ids[(sent % #ids) + 1]
  sent = sent + 1
  return wrk.format(nil, nil, nil, prefix .. id .. "}}")
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_s":%.6f,"rps":%.3f,"p50_ms":%.3f,"p90_ms":%.3f,' ..
    '"p99_ms":%.3f,"max_ms":%.3f,"errors":%d,"non_2xx":%d,"timeouts":%d,"threads":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, e.connect + e.read + e.write + e.timeout, e.status, e.timeout, threads))
end
