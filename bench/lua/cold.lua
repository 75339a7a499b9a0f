-- wrk script for cold runs: every request asks for a movie id nobody has asked for before.
-- Usage: wrk -s cold.lua URL -- <body-prefix> <first-id> <ids-per-thread>
-- The body is <body-prefix> .. id .. "}}", where the prefix is the JSON GraphQL request up to
-- the value of the "id" variable (built by bench/load.py, so the query is escaped in one place).
-- Thread k takes ids [first + k * span, first + (k + 1) * span), so threads never overlap.

local threads = 0

function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

function init(args)
  prefix = args[1]
  span = tonumber(args[3])
  first = tonumber(args[2]) + thread_index * span
  sent = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  -- Wrapping round the span would repeat ids; the runner sizes spans so that it never does.
  local id = first + (sent % span)
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
