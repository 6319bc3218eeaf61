-- wrk script: POST /api/v1/cases with a new fictional girl each time (a GB 11643 number with a valid
-- check digit, unique per thread and request); each thread stops after INTAKE_PER_THREAD answers.
-- Headers COOKIE and CSRF come from the environment; non-201 answers are counted and printed.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = "10X98765432"

local function id_number(n)
  -- birth dates from 2010-01-01 on, 500 girls (even sequence numbers) per day
  local day = math.floor(n / 500)
  local seq = (n % 500) * 2
  local t = os.time({year = 2010, month = 1, day = 1, hour = 12}) + day * 86400
  local first17 = "230103" .. os.date("%Y%m%d", t) .. string.format("%03d", seq)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(first17:sub(i, i)) * weights[i] end
  local k = sum % 11 + 1
  return first17 .. checks:sub(k, k)
end

function init(args)
  limit = tonumber(os.getenv("INTAKE_PER_THREAD") or "1000")
  offset = tonumber(os.getenv("INTAKE_OFFSET") or "0")  -- girls sent by earlier stages
  sent, answered, failed = 0, 0, 0
  headers = {["Content-Type"] = "application/json", ["Cookie"] = os.getenv("COOKIE"),
             ["X-CSRF-Token"] = os.getenv("CSRF")}
end

-- Fictional names: 24 surnames x 30 x 30 given-name characters, so that, as in a real district,
-- few girls share a name and a birth date (duplicate candidates stay a handful).
local surnames = {"赵", "钱", "孙", "李", "周", "吴", "郑", "王", "冯", "陈", "褚", "卫",
                  "蒋", "沈", "韩", "杨", "朱", "秦", "尤", "许", "何", "吕", "施", "张"}
local given = {"小", "晓", "佳", "欣", "雨", "梓", "思", "若", "可", "子", "一", "诗", "语", "嘉",
               "美", "静", "婷", "雪", "琳", "悦", "怡", "瑶", "涵", "萱", "彤", "妍", "蕊", "宁",
               "月", "馨"}

local function name(n)
  local s = surnames[n % #surnames + 1]
  local a = given[math.floor(n / #surnames) % #given + 1]
  local b = given[math.floor(n / (#surnames * #given)) % #given + 1]
  return s .. a .. b
end

-- One harm type in three, as in the cases the list benchmark generates in SQL.
local harm_types = {"rape", "child_molestation", "domestic_violence"}

function request()
  local n = tid * 400000 + offset + sent  -- 800 days of birth dates per thread
  sent = sent + 1
  local body = string.format([[{"child":{"name":"%s","id_number":"%s","district_code":"230103",]] ..
    [["phone":"13900001111","address":"基准路1号"},"incident":{"occurred_on":"2026-03-01",]] ..
    [["place_type":"school","narrative":"基准测试的虚构案情"},"harm_types":["%s"],]] ..
    [["intake_channel":"school","discovered_at":"2026-03-02T08:00:00+08:00",]] ..
    [["reported_at":"2026-03-02T10:00:00+08:00"}]], name(n), id_number(n), harm_types[n % 3 + 1])
  return wrk.format("POST", "/api/v1/cases", headers, body)
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 201 then
    failed = failed + 1
    if failed <= 3 then print("intake answered " .. status .. ": " .. body) end
  end
  if answered >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local failed_total = 0
  for _, t in ipairs(threads) do failed_total = failed_total + (t:get("failed") or 0) end
  io.write(string.format("intake_failed %d\n", failed_total))
end
