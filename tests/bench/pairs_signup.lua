-- wrk script of the sign-up pair (tests/bench/pairs.sh): POST /enrolments with
-- Accept: application/json, one line of a file written by pair_fixture sessions per request
-- ("vsid=…<TAB>form body"). The lines are dealt out over wrk's threads (line n to thread
-- n mod THREADS) and sent in order; at the end of its share a thread starts again, and the
-- daemon answers those repeats 409 (already signed up): wrk counts them as Non-2xx.
--   wrk -t THREADS … -s tests/bench/pairs_signup.lua URL -- FILE THREADS

local threads_made = 0

function setup(thread)
   thread:set("thread_index", threads_made)
   threads_made = threads_made + 1
end

local requests = {}
local sent = 0

function init(args)
   local file, threads = args[1], tonumber(args[2])
   local n = 0
   for line in io.lines(file) do
      if n % threads == thread_index then
         local cookie, body = line:match("^([^\t]*)\t(.*)$")
         requests[#requests + 1] = wrk.format("POST", "/enrolments", {
            ["Cookie"] = cookie,
            ["Accept"] = "application/json",
            ["Content-Type"] = "application/x-www-form-urlencoded",
         }, body)
      end
      n = n + 1
   end
   assert(#requests > 0, "pairs_signup.lua: no lines for this thread (FILE THREADS after --)")
end

function request()
   sent = sent % #requests + 1
   return requests[sent]
end
