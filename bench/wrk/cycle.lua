-- The one wrk script of the benchmarks: each connection sends a list of requests in turn, over
-- and over, and times each one itself. bench/load.py writes the list and reads the result.
--
--   wrk -t8 -c8 -d2s -s bench/wrk/cycle.lua http://127.0.0.1:5050 -- requests.tsv run-7
--
-- requests.tsv holds one request a line, its fields separated by tabs: method, path, the
-- status expected, the body (may be empty), then any headers as "Name: value". In a body,
-- {n} becomes a number no other request of this run, or of another run with another label
-- (the second argument), gets: every enrollment a new email, a real insert.
--
-- What is timed: for each answer, the time since the previous answer on the same connection
-- (or since the thread started): what a visitor who sends the next request as soon as an
-- answer arrives waits for it. That includes a new connection when the server closed the last
-- one after its answer (the frontend's static server speaks HTTP/1.0 and does so every time),
-- and the wait in the server's queue of connections not yet accepted.
--
-- Why time here, and not with wrk's own latency figures? wrk times from writing the request,
-- without the connecting; and it "corrects" its figures for coordinated omission, adding
-- made-up samples for every slow answer, as if requests were due at a fixed rate. That suits a
-- test at a fixed rate; these connections are visitors who wait for each answer. And wrk
-- cannot tell which request of a page view an answer belongs to. So bench/load.py runs one
-- connection per wrk thread (-tN -cN): a thread's answers are then all one connection's, in
-- order.
--
-- done() prints one line, "wrk-result " then JSON: requests, duration_us, bytes, errors, and,
-- for every answer, its position in the list and its latency in microseconds (flat lists:
-- wrk copies a table between threads only if it holds no tables), and the answers whose
-- status was not the one expected, counted by "position status".

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local MONOTONIC = ffi.os == "OSX" and 6 or 1 -- CLOCK_MONOTONIC: never jumps with the wall clock
local clock_buffer = ffi.new("bench_timespec")

local function now_us()
  ffi.C.clock_gettime(MONOTONIC, clock_buffer)
  return tonumber(clock_buffer.tv_sec) * 1000000 + tonumber(clock_buffer.tv_nsec) / 1000
end

-- Setup and done run in wrk's main Lua state: it keeps the threads, to read their figures.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

-- Each thread's state. Globals, so that done() can read them with thread:get().
positions, latencies_us, unexpected = {}, {}, {}
local requests, label, counter, position, previous = {}, "", 0, 1, 0

local function fields_of(line)
  local fields, start = {}, 1
  while true do
    local tab = line:find("\t", start, true)
    if not tab then
      fields[#fields + 1] = line:sub(start)
      return fields
    end
    fields[#fields + 1] = line:sub(start, tab - 1)
    start = tab + 1
  end
end

function init(args)
  previous = now_us()
  label = args[2] or "run"
  for line in io.lines(args[1]) do
    local fields = fields_of(line)
    local headers = {}
    for k = 5, #fields do
      local name, value = fields[k]:match("^([^:]+):%s*(.*)$")
      headers[name] = value
    end
    local body = fields[4] ~= "" and fields[4] or nil
    local spec = {method = fields[1], path = fields[2], expected = tonumber(fields[3]),
                  headers = headers, body = body}
    if not (body and body:find("{n}", 1, true)) then -- the same bytes every time: made once
      spec.ready = wrk.format(spec.method, spec.path, headers, body)
    end
    requests[#requests + 1] = spec
  end
end

function request()
  local spec = requests[position]
  if spec.ready then
    return spec.ready
  end
  counter = counter + 1
  local unique = label .. "-" .. thread_number .. "-" .. counter
  local body = spec.body:gsub("{n}", unique)
  return wrk.format(spec.method, spec.path, spec.headers, body)
end

function response(status)
  local now = now_us()
  positions[#positions + 1] = position
  latencies_us[#latencies_us + 1] = math.floor(now - previous + 0.5)
  previous = now
  if status ~= requests[position].expected then
    local key = position .. " " .. status
    unexpected[key] = (unexpected[key] or 0) + 1
  end
  position = position % #requests + 1
end

local function json_list(values)
  return "[" .. table.concat(values, ",") .. "]"
end

function done(summary)
  local all_positions, all_latencies, problems = {}, {}, {}
  local counted = {}
  for _, thread in ipairs(threads) do
    local thread_positions = thread:get("positions")
    local thread_latencies = thread:get("latencies_us")
    for i = 1, #thread_positions do
      all_positions[#all_positions + 1] = thread_positions[i]
      all_latencies[#all_latencies + 1] = thread_latencies[i]
    end
    for key, count in pairs(thread:get("unexpected")) do
      counted[key] = (counted[key] or 0) + count
    end
  end
  for key, count in pairs(counted) do
    problems[#problems + 1] = string.format('"%s":%d', key, count)
  end
  local errors = summary.errors
  io.write(string.format(
    'wrk-result {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"positions":%s,"latencies_us":%s,"unexpected":{%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    json_list(all_positions), json_list(all_latencies), table.concat(problems, ",")))
end
