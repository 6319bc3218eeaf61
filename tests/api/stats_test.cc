// Statistics and exports over HTTP: a fixed fictional data set is loaded through the API and every
// table's numbers are checked against counts this test computes on its own; leaders and analysts
// get suppressed tables in which no hidden cell stands alone in a line with a published total;
// historical counts appear beside recorded cases; CSV exports start with a BOM and neutralise
// formulas; an XLSX export opens with Python's zipfile and holds the expected cells; roles and
// districts are refused (and audited), bad input names its field.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <type_traits>

#include "harness.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;
using http::Method;
using namespace std::chrono;

struct OnSqlite {
  static std::optional<std::string> DatabaseUrl() { return std::string(); }
  static void Drop() {}
};
struct OnPostgres {
  static std::optional<std::string> DatabaseUrl() {
    const char* url = std::getenv("SHOUHU_TEST_PG_URL");
    if (url == nullptr || *url == '\0') return std::nullopt;
    schema() = "stats_" + std::to_string(::getpid());
    const std::string create =
        "psql '" + std::string(url) + "' -qc 'CREATE SCHEMA " + schema() + "' >/dev/null";
    if (std::system(create.c_str()) != 0) return std::nullopt;
    return std::string(url) + (std::string(url).find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema();
  }
  static void Drop() {
    const char* url = std::getenv("SHOUHU_TEST_PG_URL");
    if (url == nullptr || schema().empty()) return;
    const std::string drop = "psql '" + std::string(url) +
                             "' -qc 'SET client_min_messages=warning; DROP SCHEMA " + schema() +
                             " CASCADE' >/dev/null";
    (void)std::system(drop.c_str());
  }
  static std::string& schema() {
    static std::string name;
    return name;
  }
};

// ---- the fixed data set ----

struct FixtureCase {
  year_month_day reported;
  int age;
  std::vector<std::string> harms;
  std::string relationship;
  std::string place;
  std::string channel;
  int delay_days;
  bool late;
};

std::string Date(year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

const std::vector<FixtureCase>& DataSet() {
  static const std::vector<FixtureCase> cases = [] {
    const std::vector<int> ages = {3, 8, 10, 13, 14, 15, 16, 17, 12, 11};
    const std::vector<std::vector<std::string>> harms = {{"rape"},
                                                         {"child_molestation"},
                                                         {"child_molestation", "sexual_harassment"},
                                                         {"domestic_violence"}};
    const std::vector<std::string> relationships = {
        "teacher_school_staff", "online_contact",          "stranger",
        "parent_caregiver",     "neighbour_family_friend", ""};
    const std::vector<std::string> places = {"school", "home", "online", "hotel", ""};
    const std::vector<std::string> channels = {"mandatory_report", "hotline_12345", "police_110"};
    const std::vector<int> delays = {0, 2, 4, 10, 20, 45};
    std::vector<FixtureCase> out;
    for (int i = 0; i < 30; ++i) {
      const int year = i % 3 == 0 ? 2025 : 2026;
      const unsigned month = year == 2025 ? 1 + (i * 7) % 12 : 1 + (i * 7) % 11;
      const unsigned day = 1 + (i * 3) % 27;
      FixtureCase c{.reported = year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                               std::chrono::day{day}},
                    .age = ages[i % ages.size()],
                    .harms = harms[i % harms.size()],
                    .relationship = relationships[i % relationships.size()],
                    .place = places[i % places.size()],
                    .channel = channels[i % channels.size()],
                    .delay_days = delays[i % delays.size()]};
      c.late = c.delay_days >= 4 && i % 2 == 0;
      out.push_back(c);
    }
    return out;
  }();
  return cases;
}

json::object IntakeBody(const FixtureCase& c, int i) {
  const year_month_day occurred{sys_days{c.reported} - days{c.delay_days}};
  // Born on 31 December, age + 1 years before the incident's year: her age that year is `age`.
  const std::string birth =
      std::to_string(static_cast<int>(occurred.year()) - c.age - 1) + "-12-31";
  const std::string reported = Date(c.reported) + "T16:00:00+08:00";
  const sys_seconds discovered_s = sys_days{c.reported} + hours{16 - 8} - hours{c.late ? 30 : 2};
  const auto discovered_d = year_month_day{floor<days>(discovered_s)};
  const auto h = duration_cast<hours>(discovered_s - floor<days>(discovered_s)).count();
  char discovered[40];
  std::snprintf(discovered, sizeof discovered, "%sT%02lld:00:00Z", Date(discovered_d).c_str(),
                static_cast<long long>(h));
  json::array harms;
  for (const auto& x : c.harms) harms.emplace_back(x);
  json::object incident{{"occurred_on", Date(occurred)}};
  if (!c.place.empty()) incident["place_type"] = c.place;
  if (!c.relationship.empty()) incident["perpetrator_relationship"] = c.relationship;
  json::object body{{"child", json::object{{"name", "测试统计女童" + std::to_string(i)},
                                           {"birth_date", birth},
                                           {"district_code", "230103"}}},
                    {"incident", std::move(incident)},
                    {"harm_types", std::move(harms)},
                    {"intake_channel", c.channel},
                    {"discovered_at", discovered},
                    {"reported_at", reported}};
  if (c.channel == "mandatory_report") {
    body["reporter_category"] = "school_kindergarten";
    body["situation_code"] = "R2";
  }
  return body;
}

// ---- expected counts, computed here without the server's code ----

using Expected = std::map<std::string, std::map<std::string, int64_t>>;  // row -> column -> n

std::string AgeBand(int age) {
  return age <= 6 ? "age_0_6" : age <= 12 ? "age_7_12" : age <= 15 ? "age_13_15" : "age_16_17";
}

std::string DelayBand(int days) {
  // The fixture's delays avoid the month boundary: 20 days is always within a month.
  return days <= 3    ? "days_0_3"
         : days <= 5  ? "days_4_5"
         : days <= 14 ? "days_6_14"
         : days <= 28 ? "two_weeks_to_one_month"
                      : "over_one_month";
}

std::string CoreType(const std::vector<std::string>& harms) {
  if (std::find(harms.begin(), harms.end(), "rape") != harms.end()) return "rape";
  if (std::find(harms.begin(), harms.end(), "child_molestation") != harms.end())
    return "sexual_assault";
  return "physical_assault";  // domestic violence
}

Expected Count(const std::function<std::vector<std::string>(const FixtureCase&)>& rows) {
  Expected e;
  for (const auto& c : DataSet()) {
    const std::string year = std::to_string(static_cast<int>(c.reported.year()));
    for (const auto& r : rows(c)) ++e[r][year];
  }
  return e;
}

const std::map<std::string, std::function<std::vector<std::string>(const FixtureCase&)>>&
Classifiers() {
  using V = std::vector<std::string>;
  static const std::map<std::string, std::function<V(const FixtureCase&)>> m = {
      {"harm_type", [](const FixtureCase& c) { return c.harms; }},
      {"gbvims_core_type", [](const FixtureCase& c) { return V{CoreType(c.harms)}; }},
      {"age_band", [](const FixtureCase& c) { return V{AgeBand(c.age)}; }},
      {"gbvims_age_band",
       [](const FixtureCase& c) { return V{c.age <= 11 ? "age_0_11" : "age_12_17"}; }},
      {"perpetrator_relationship",
       [](const FixtureCase& c) {
         return V{c.relationship.empty() ? "not_recorded" : c.relationship};
       }},
      {"relationship_group",
       [](const FixtureCase& c) {
         const std::string& r = c.relationship;
         return V{r.empty()                                  ? "unknown"
                  : r == "online_contact" || r == "stranger" ? r
                                                             : "acquaintance"};
       }},
      {"place_type",
       [](const FixtureCase& c) { return V{c.place.empty() ? "not_recorded" : c.place}; }},
      {"intake_channel", [](const FixtureCase& c) { return V{c.channel}; }},
      {"reporter_category",
       [](const FixtureCase& c) {
         return V{c.channel == "mandatory_report" ? "school_kindergarten" : "none"};
       }},
      {"mandatory_report_share",
       [](const FixtureCase& c) {
         return V{c.channel == "mandatory_report" ? "mandatory_report" : "other_channels"};
       }},
      {"report_delay", [](const FixtureCase& c) { return V{DelayBand(c.delay_days)}; }},
      {"late_reports", [](const FixtureCase& c) { return V{c.late ? "late" : "on_time"}; }},
      {"perpetrator_count", [](const FixtureCase&) { return V{"one"}; }},
      {"girls_by_year", [](const FixtureCase&) { return V{"girls"}; }},
  };
  return m;
}

// The table's cells as row code -> column code -> JSON value.
std::map<std::string, std::map<std::string, json::value>> Cells(const json::value& table) {
  std::map<std::string, std::map<std::string, json::value>> out;
  const auto& columns = table.at("columns").as_array();
  for (const auto& row : table.at("rows").as_array()) {
    const auto& cells = row.at("cells").as_array();
    for (size_t c = 0; c < cells.size(); ++c)
      out[std::string(row.at("code").as_string())][std::string(columns[c].at("code").as_string())] =
          cells[c];
  }
  return out;
}

int64_t At(const Expected& e, const std::string& row, const std::string& column) {
  auto r = e.find(row);
  if (r == e.end()) return 0;
  auto c = r->second.find(column);
  return c == r->second.end() ? 0 : c->second;
}

bool IsHidden(const json::value& v) {
  return v.is_string() && v.as_string() == "<5";
}

// ---- the assistance data set: cases reported in 2023 and 2024 (outside the period above) with
// police stages, proceedings, protection orders, services and interviews, all recorded through the
// API; offsets are hours after the report (16:00 Beijing time) ----

const std::string kAssistPeriod = "from=2023-01-01&to=2024-12-31";

struct AssistStage {
  std::string stage;
  sys_seconds at;
  bool complex = false;
  bool priority = false;
};
struct AssistOrder {
  bool urgent = false;
  sys_seconds applied;
  std::optional<sys_seconds> decided;  // nullopt: pending
  bool granted = false;
};
struct AssistService {
  std::string type;
  std::string unit;  // unit code
  int64_t fen = 0;
  int sessions = 0;
};
struct AssistCase {
  year_month_day day;
  sys_seconds reported;
  std::vector<AssistStage> stages;
  std::vector<AssistOrder> orders;
  std::vector<AssistService> services;
  int interviews = 0;
};

// Now, once per process: the open clock of case 9 started two hours before it.
sys_seconds TestStart() {
  static const sys_seconds start = floor<seconds>(system_clock::now());
  return start;
}

std::string Instant(sys_seconds t) {
  const auto day = floor<days>(t);
  const hh_mm_ss<seconds> time{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lldZ", Date(year_month_day{day}).c_str(),
                static_cast<long long>(time.hours().count()),
                static_cast<long long>(time.minutes().count()),
                static_cast<long long>(time.seconds().count()));
  return buf;
}

// The Beijing date of an instant, "YYYY-MM-DD".
std::string BeijingDate(sys_seconds t) {
  return Date(year_month_day{floor<days>(t + hours{8})});
}

const std::vector<AssistCase>& AssistData() {
  static const std::vector<AssistCase> data = [] {
    struct Spec {
      year_month_day day;
      // stage, hours after the report, complex, 优先
      std::vector<std::tuple<std::string, int, bool, bool>> stages;
      // urgent, applied (hours after the report), decided (hours after applying; -1 pending),
      // granted
      std::vector<std::tuple<bool, int, int, bool>> orders;
      std::vector<AssistService> services;
      int interviews;
    };
    using Y = std::chrono::year;
    using M = std::chrono::month;
    using D = std::chrono::day;
    const std::vector<Spec> specs = {
        {{Y{2023}, M{3}, D{10}},
         {{"police_registered", 2, false, false},
          {"case_filed", 26, false, false},
          {"arrest_requested", 50, false, false},
          {"arrest_approved", 98, false, true},
          {"transferred_for_prosecution", 120, false, false},
          {"prosecuted", 360, false, true},
          {"trial_filed", 400, false, false},
          {"first_instance_judgment", 880, false, true}},
         {{false, 5, 10, true}},
         {{"procuratorate_judicial_aid", "NG-JCY", 500000, 0},
          {"health_counselling", "NG-YY", 0, 3},
          {"womens_federation_psych_support", "NG-FL", 0, 1}},
         1},
        {{Y{2023}, M{6}, D{15}},
         {{"police_registered", 30, false, false}, {"case_not_filed", 130, false, false}},
         {{true, 2, 20, false}},
         {{"procuratorate_judicial_aid", "NG-JCY", 300050, 0},
          {"womens_federation_psych_support", "NG-FL", 0, 2}},
         2},
        {{Y{2023}, M{9}, D{20}},
         {{"police_registered", 80, false, false},
          {"case_filed", 200, true, false},
          {"arrest_requested", 210, false, false},
          {"arrest_approved", 330, false, true},
          {"transferred_for_prosecution", 400, false, false},
          {"prosecuted", 1360, false, true}},
         {{false, 10, 50, true}},
         {{"health_counselling", "NG-YY2", 0, 1}, {"health_treatment", "NG-YY", 120000, 0}},
         0},
        {{Y{2023}, M{12}, D{1}}, {{"police_registered", 200, false, false}}, {}, {}, 1},
        {{Y{2024}, M{1}, D{10}}, {}, {}, {}, 0},
        {{Y{2024}, M{2}, D{20}},
         {{"police_registered", -3, false, false},
          {"case_filed", 5, false, false},
          {"transferred_for_prosecution", 30, false, false},
          {"prosecuted", 30 + 38 * 24, true, false},
          {"trial_filed", 30 + 38 * 24 + 48, false, false},
          {"first_instance_judgment", 30 + 38 * 24 + 48 + 45 * 24, false, true}},
         {{false, 1, 100, true}},
         {{"procuratorate_judicial_aid", "NG-JCY", 800000, 0},
          {"procuratorate_judicial_aid", "NG-JCY", 200000, 0}},
         3},
        {{Y{2024}, M{3}, D{5}},
         {{"police_registered", 10, false, false},
          {"case_filed", 210, false, false},
          {"arrest_requested", 220, false, false}},
         {{true, 12, -1, false}},
         {{"health_treatment", "NG-YY", 30025, 0}},
         1},
        {{Y{2024}, M{4}, D{18}},
         {{"police_registered", 24, false, false}, {"case_filed", 72, false, false}},
         {{false, 30, 24, false}},
         {{"procuratorate_judicial_aid", "NG-JCY", 100000, 0},
          {"health_counselling", "NG-YY", 0, 4}},
         1},
        {{Y{2024}, M{5}, D{30}},
         {{"police_registered", 100, false, false}, {"case_filed", 168, false, false}},
         {},
         {{"procuratorate_judicial_aid", "NG-JCY", 150000, 0}},
         0},
        // Case 9's 受案 is recorded two hours before the test starts: its review is running.
        {{Y{2024}, M{7}, D{7}}, {}, {}, {}, 0},
        {{Y{2024}, M{8}, D{8}},
         {{"police_registered", 1, false, false},
          {"case_filed", 20, false, false},
          {"transferred_for_prosecution", 40, false, false},
          {"prosecuted", 40 + 20 * 24, false, true},
          {"trial_filed", 40 + 20 * 24 + 24, false, false},
          {"first_instance_judgment", 40 + 20 * 24 + 24 + 70 * 24, false, true}},
         {{false, 3, -1, false}},
         {{"procuratorate_judicial_aid", "NG-JCY", 250000, 0},
          {"health_counselling", "NG-YY", 0, 2}},
         2},
        {{Y{2024}, M{10}, D{10}},
         {{"police_registered", 3, false, false},
          {"case_filed", 75, false, false},
          {"arrest_requested", 80, false, false},
          {"arrest_approved", 164, false, true}},
         {{true, 4, 30, true}},
         {{"procuratorate_judicial_aid", "NG-JCY", 400000, 0},
          {"health_treatment", "NG-YY2", 80000, 0}},
         1},
    };
    std::vector<AssistCase> out;
    for (size_t i = 0; i < specs.size(); ++i) {
      const Spec& s = specs[i];
      AssistCase c{.day = s.day, .reported = sys_days{s.day} + hours{16 - 8}};
      for (const auto& [stage, h, complex, priority] : s.stages)
        c.stages.push_back({stage, c.reported + hours{h}, complex, priority});
      if (i == 9) c.stages.push_back({"police_registered", TestStart() - hours{2}});
      for (const auto& [urgent, applied, decided, granted] : s.orders) {
        AssistOrder o{.urgent = urgent, .applied = c.reported + hours{applied}, .granted = granted};
        if (decided >= 0) o.decided = o.applied + hours{decided};
        c.orders.push_back(o);
      }
      c.services = s.services;
      c.interviews = s.interviews;
      out.push_back(std::move(c));
    }
    return out;
  }();
  return data;
}

// Hours from `a` to `b`.
double HoursBetween(sys_seconds a, sys_seconds b) {
  return duration_cast<seconds>(b - a).count() / 3600.0;
}

std::string Band(double h) {
  return h <= 24 ? "h_0_24" : h <= 72 ? "h_24_72" : h <= 168 ? "h_72_168" : "h_168";
}

const AssistStage* FindStage(const AssistCase& c, const std::string& stage) {
  for (const auto& s : c.stages)
    if (s.stage == stage) return &s;
  return nullptr;
}

std::string Year(const AssistCase& c) {
  return std::to_string(static_cast<int>(c.day.year()));
}

// The statutory clocks in hours: hour-based limits exactly; a month is taken as 30 days, and the
// data set keeps every month-based measurement more than three days away from its limit (and
// more than two days from half of it), which CheckMargins asserts.
struct ClockDef {
  std::string code;
  std::string reference;
  std::vector<std::string> closing;
  double limit_h;
  double complex_limit_h;
  bool months;
};
const std::vector<ClockDef>& Clocks() {
  static const std::vector<ClockDef> clocks = {
      {"case_review", "police_registered", {"case_filed", "case_not_filed"}, 72, 168, false},
      {"arrest_review",
       "arrest_requested",
       {"arrest_approved", "arrest_not_approved"},
       168,
       168,
       false},
      {"prosecution_review", "transferred_for_prosecution", {"prosecuted"}, 30 * 24, 45 * 24, true},
      {"first_instance", "trial_filed", {"first_instance_judgment"}, 60 * 24, 90 * 24, true}};
  return clocks;
}

struct ClockExpectation {
  Expected states;   // clock -> met | missed | running | overdue
  Expected targets;  // target_met | target_missed -> clock
};

ClockExpectation ExpectedClocks(bool check_margins) {
  ClockExpectation e;
  for (const AssistCase& c : AssistData()) {
    for (const ClockDef& k : Clocks()) {
      const AssistStage* ref = FindStage(c, k.reference);
      if (ref == nullptr) continue;
      const AssistStage* closing = nullptr;
      for (const auto& code : k.closing)
        if (FindStage(c, code)) closing = FindStage(c, code);
      const double limit = closing && closing->complex ? k.complex_limit_h : k.limit_h;
      const double elapsed = HoursBetween(ref->at, closing ? closing->at : TestStart());
      if (check_margins && k.months) {
        EXPECT_GT(std::abs(elapsed - limit), 72) << k.code << " too close to its limit";
        if (closing && closing->priority)
          EXPECT_GT(std::abs(elapsed - limit / 2), 48) << k.code << " too close to its target";
      }
      const bool met = elapsed <= limit;
      ++e.states[k.code][closing ? (met ? "met" : "missed") : (met ? "running" : "overdue")];
      if (closing && closing->priority)
        ++e.targets[elapsed <= limit / 2 ? "target_met" : "target_missed"][k.code];
    }
  }
  return e;
}

Expected ExpectedReportToPolice() {
  Expected e;
  for (const AssistCase& c : AssistData()) {
    const AssistStage* registered = FindStage(c, "police_registered");
    ++e["police_registered"]
       [registered ? Band(HoursBetween(c.reported, registered->at)) : "not_yet"];
    const AssistStage* filed = FindStage(c, "case_filed");
    ++e["case_filed"][FindStage(c, "case_not_filed") ? "not_filed"
                      : filed                        ? Band(HoursBetween(c.reported, filed->at))
                                                     : "not_yet"];
  }
  return e;
}

Expected ExpectedProtectionOrders() {
  Expected e;
  for (const AssistCase& c : AssistData()) {
    for (const AssistOrder& o : c.orders) {
      const double h = o.decided ? HoursBetween(o.applied, *o.decided) : -1;
      ++e[o.urgent ? "urgent" : "ordinary"][!o.decided ? "pending"
                                            : h <= 24  ? "h_0_24"
                                            : h <= 72  ? "h_24_72"
                                                       : "later"];
    }
  }
  return e;
}

Expected ExpectedInterviews() {
  Expected e;
  const std::vector<std::string> rows = {"none", "one", "two", "three_or_more"};
  for (const AssistCase& c : AssistData()) ++e[rows[std::min(c.interviews, 3)]][Year(c)];
  return e;
}

// Services by type and unit code.
Expected ExpectedServices() {
  Expected e;
  for (const AssistCase& c : AssistData())
    for (const auto& s : c.services) ++e[s.type][s.unit];
  return e;
}

// Money by type and year, in fen, and the cases it was paid for.
std::pair<Expected, Expected> ExpectedMoney() {
  Expected fen, cases;
  for (const AssistCase& c : AssistData()) {
    std::set<std::string> paid;
    for (const auto& s : c.services) {
      if (s.fen == 0) continue;
      fen[s.type][Year(c)] += s.fen;
      paid.insert(s.type);
    }
    for (const auto& type : paid) ++cases[type][Year(c)];
  }
  return {fen, cases};
}

Expected ExpectedProceedingsByYear() {
  Expected e;
  for (const AssistCase& c : AssistData()) {
    std::set<std::string> rows;
    if (FindStage(c, "arrest_approved")) rows.insert("arrest_approved");
    if (FindStage(c, "prosecuted")) rows.insert("prosecuted");
    for (const auto& o : c.orders)
      if (o.decided && o.granted) rows.insert("protection_order_granted");
    for (const auto& s : c.services) {
      if (s.type == "procuratorate_judicial_aid") rows.insert("judicial_aid");
      if (s.type == "health_counselling" || s.type == "womens_federation_psych_support")
        rows.insert("counselling");
    }
    for (const auto& r : rows) ++e[r][Year(c)];
  }
  return e;
}

template <class Backend>
class StatsApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto url = Backend::DatabaseUrl();
    if (!url) return;
    // The export content is this suite's; the two-person rule for large clear exports is
    // two_person_test.cc's, so its threshold is out of the way here.
    server_ = new ServerProcess(
        {.database_url = *url,
         .config_toml = "[auth]\nlogin_rate_per_minute = 100000\nlogin_rate_burst = 100000\n"
                        "[stats]\nclear_export_approval_above = 1000\nclear_export_daily_cap = "
                        "10000\n"});
    server_->Seed();
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"unit", "add", "--code", "NG-LD", "--name", "测试领导小组", "--kind", "leadership",
              "--district", "230103"},
             {"unit", "add", "--code", "BJ-FL", "--name", "外区妇联", "--kind", "womens_federation",
              "--district", "110101"},
             {"unit", "add", "--code", "NG-JCY", "--name", "测试检察院", "--kind", "procuratorate",
              "--district", "230103"},
             {"unit", "add", "--code", "NG-YY", "--name", "测试医院", "--kind", "health",
              "--district", "230103"},
             {"unit", "add", "--code", "NG-YY2", "--name", "测试卫生院", "--kind", "health",
              "--district", "230103"}}) {
      auto r = server_->Cli(args);
      ASSERT_EQ(r.exit_code, 0) << r.out;
    }
    for (const auto& [name, unit, role] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"leader", "NG-LD", "leader"},
             {"analyst", "NG-LD", "analyst"},
             {"other", "BJ-FL", "coordinator"}}) {
      auto r = server_->Cli({"user", "add", "--username", name, "--name", "测试" + name, "--unit",
                             unit, "--role", role, "--password-stdin"},
                            std::string(kUserPassword) + "\n");
      ASSERT_EQ(r.exit_code, 0) << r.out;
    }
    server_->Start();
    ApiClient coordinator = As("coordinator");
    for (size_t i = 0; i < DataSet().size(); ++i) {
      auto r = coordinator.Post("/api/v1/cases",
                                json::serialize(IntakeBody(DataSet()[i], static_cast<int>(i))));
      ASSERT_EQ(r.status, 201) << i << ": " << r.raw.body;
    }
    // One case in another district: never counted in 230103.
    ApiClient other = As("other");
    json::object elsewhere = IntakeBody(DataSet()[0], 99);
    elsewhere["child"].as_object()["district_code"] = "110101";
    auto r = other.Post("/api/v1/cases", json::serialize(elsewhere));
    ASSERT_EQ(r.status, 201) << r.raw.body;

    // The assistance data set, recorded through the API as the district's coordinator.
    auto units = As("admin").Get("/api/v1/units");
    ASSERT_EQ(units.status, 200) << units.raw.body;
    std::map<std::string, int64_t> unit_of;
    for (const auto& u : units.json.at("items").as_array())
      unit_of[std::string(u.at("code").as_string())] = u.at("id").as_int64();
    auto record = [&](const std::string& path, const json::object& body) {
      auto r = coordinator.Post(path, json::serialize(body));
      EXPECT_EQ(r.status, 201) << path << " " << json::serialize(body) << ": " << r.raw.body;
      return r;
    };
    for (size_t i = 0; i < AssistData().size(); ++i) {
      const AssistCase& c = AssistData()[i];
      FixtureCase intake = DataSet()[i];
      intake.reported = c.day;
      auto created = coordinator.Post(
          "/api/v1/cases", json::serialize(IntakeBody(intake, 1000 + static_cast<int>(i))));
      ASSERT_EQ(created.status, 201) << created.raw.body;
      const std::string path = "/api/v1/cases/" + std::to_string(created.json.at("id").as_int64());
      for (const AssistStage& s : c.stages) {
        json::object body{{"kind", "stage"}, {"stage", s.stage}, {"at", Instant(s.at)}};
        if (s.complex) body["complex"] = true;
        if (s.priority) body["priority"] = true;
        if (s.stage == "case_not_filed") body["reason"] = "证据不足 (测试)";
        record(path + "/proceedings", body);
      }
      for (const AssistOrder& o : c.orders) {
        auto applied = record(path + "/proceedings", {{"kind", "protection_order"},
                                                      {"action", "apply"},
                                                      {"urgent", o.urgent},
                                                      {"at", Instant(o.applied)}});
        if (!o.decided) continue;
        const auto& orders = applied.json.at("protection_orders").as_array();
        json::object decide{{"kind", "protection_order"},
                            {"action", "decide"},
                            {"order_id", orders.at(orders.size() - 1).at("id")},
                            {"outcome", o.granted ? "granted" : "refused"},
                            {"at", Instant(*o.decided)}};
        if (o.granted) decide["valid_until"] = BeijingDate(*o.decided + days{30});
        record(path + "/proceedings", decide);
      }
      for (const AssistService& s : c.services) {
        json::object body{{"service_type", s.type},
                          {"unit_id", unit_of.at(s.unit)},
                          {"delivered_on", Date(c.day)},
                          {"sessions", s.sessions}};
        if (s.fen > 0)
          body["amount_yuan"] = std::to_string(s.fen / 100) + "." + (s.fen % 100 < 10 ? "0" : "") +
                                std::to_string(s.fen % 100);
        record(path + "/services", body);
      }
      for (int n = 0; n < c.interviews; ++n) {
        json::object body{{"at", Instant(c.reported + hours{48 + n * 24})}};
        if (n > 0) body["reason"] = "补充询问 (测试)";
        record(path + "/interviews", body);
      }
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    Backend::Drop();
  }
  void SetUp() override {
    if (server_ != nullptr) return;
    const char* required = std::getenv("SHOUHU_TEST_REQUIRE_PG");
    if (required != nullptr && std::string(required) == "1")
      FAIL() << "SHOUHU_TEST_PG_URL is required";
    GTEST_SKIP() << "SHOUHU_TEST_PG_URL not set; run under scripts/with-postgres.sh";
  }
  static ApiClient As(const std::string& user, const std::string& language = "") {
    ApiClient c(server_->port(), language);
    auto login = c.Login(user, user == "admin" ? kAdminPassword : kUserPassword);
    EXPECT_EQ(login.status, 200) << user << ": " << login.raw.body;
    return c;
  }
  static ServerProcess* server_;
};
template <class Backend>
ServerProcess* StatsApiTest<Backend>::server_ = nullptr;

using Backends = ::testing::Types<OnSqlite, OnPostgres>;
class BackendNames {
 public:
  template <class T>
  static std::string GetName(int) {
    return std::is_same_v<T, OnSqlite> ? "Sqlite" : "Postgres";
  }
};
TYPED_TEST_SUITE(StatsApiTest, Backends, BackendNames);

const std::string kPeriod = "from=2025-01-01&to=2026-11-28";

TYPED_TEST(StatsApiTest, EveryTableMatchesCountsComputedIndependently) {
  ApiClient coordinator = TestFixture::As("coordinator");
  for (const auto& [name, classify] : Classifiers()) {
    auto r = coordinator.Get("/api/v1/stats/tables/" + name + "?" + kPeriod);
    ASSERT_EQ(r.status, 200) << name << ": " << r.raw.body;
    EXPECT_FALSE(r.json.at("suppressed").as_bool()) << "the coordinating unit sees exact numbers";
    EXPECT_FALSE(r.json.at("definition").at("zh").as_string().empty());
    EXPECT_FALSE(r.json.at("unit").as_string().empty());
    const Expected expected = Count(classify);
    const auto cells = Cells(r.json);
    for (const auto& [row, columns] : cells) {
      for (const auto& [column, value] : columns) {
        ASSERT_TRUE(value.is_int64()) << name << " " << row << " " << column;
        EXPECT_EQ(value.as_int64(), At(expected, row, column))
            << name << " " << row << " " << column;
      }
    }
    for (const auto& [row, columns] : expected)
      EXPECT_TRUE(cells.count(row)) << name << ": row " << row << " missing";
  }
  // Units: incidents for incident tables, girls for girls.
  EXPECT_EQ(coordinator.Get("/api/v1/stats/tables/place_type").json.at("unit"), "incident");
  EXPECT_EQ(coordinator.Get("/api/v1/stats/tables/girls_by_year").json.at("unit"), "girl");

  // By month: rows are years, columns months.
  auto monthly = coordinator.Get("/api/v1/stats/tables/cases_by_month?" + kPeriod);
  ASSERT_EQ(monthly.status, 200) << monthly.raw.body;
  Expected by_month;
  for (const auto& c : DataSet()) {
    char m[8];
    std::snprintf(m, sizeof m, "%02u", static_cast<unsigned>(c.reported.month()));
    ++by_month[std::to_string(static_cast<int>(c.reported.year()))][m];
  }
  for (const auto& [row, columns] : Cells(monthly.json))
    for (const auto& [column, value] : columns)
      EXPECT_EQ(value.as_int64(), At(by_month, row, column)) << row << "-" << column;
  EXPECT_EQ(monthly.json.at("grand_total").as_int64(), 30);

  // The share found through mandatory reports, per year.
  auto share = coordinator.Get("/api/v1/stats/tables/mandatory_report_share?" + kPeriod);
  ASSERT_EQ(share.status, 200);
  const Expected channels = Count(Classifiers().at("mandatory_report_share"));
  const auto& columns = share.json.at("columns").as_array();
  for (size_t c = 0; c < columns.size(); ++c) {
    const std::string year(columns[c].at("code").as_string());
    const double m = static_cast<double>(At(channels, "mandatory_report", year));
    const double all = m + static_cast<double>(At(channels, "other_channels", year));
    EXPECT_NEAR(share.json.at("share_percent").at(c).as_double(), 100.0 * m / all, 0.05) << year;
  }
  // Follow-up visits: none scheduled yet (no case of the data set is closed).
  auto followups = coordinator.Get("/api/v1/stats/tables/followups?" + kPeriod);
  ASSERT_EQ(followups.status, 200) << followups.raw.body;
  EXPECT_EQ(followups.json.at("unit"), "followup");
  for (const auto& [row, cols] : Cells(followups.json))
    for (const auto& [col, v] : cols) EXPECT_EQ(v.as_int64(), 0) << row << " " << col;

  // The period filter: only 2026.
  auto only_2026 =
      coordinator.Get("/api/v1/stats/tables/intake_channel?from=2026-01-01&to=2026-11-28");
  ASSERT_EQ(only_2026.status, 200);
  EXPECT_EQ(only_2026.json.at("columns").as_array().size(), 1u);
  EXPECT_TRUE(only_2026.json.at("grand_total").is_null()) << "one column: no row totals";
  EXPECT_EQ(only_2026.json.at("column_totals").at(0).as_int64(), 20);
}

TYPED_TEST(StatsApiTest, LeadersAndAnalystsGetSuppressedTablesWithNothingRecoverable) {
  for (const std::string user : {"leader", "analyst"}) {
    ApiClient c = TestFixture::As(user);
    int hidden_seen = 0;
    for (const auto& [name, classify] : Classifiers()) {
      auto r = c.Get("/api/v1/stats/tables/" + name + "?" + kPeriod + "&district_code=230103");
      ASSERT_EQ(r.status, 200) << user << " " << name << ": " << r.raw.body;
      EXPECT_TRUE(r.json.at("suppressed").as_bool());
      const Expected expected = Count(classify);
      // The published table with margins: (row, column) -> value, "total" for the margins.
      std::map<std::string, std::map<std::string, json::value>> grid = Cells(r.json);
      for (const auto& row : r.json.at("rows").as_array())
        grid[std::string(row.at("code").as_string())]["total"] = row.at("total");
      if (r.json.at("column_totals").is_array()) {
        const auto& totals = r.json.at("column_totals").as_array();
        const auto& columns = r.json.at("columns").as_array();
        for (size_t i = 0; i < totals.size(); ++i)
          grid["total"][std::string(columns[i].at("code").as_string())] = totals[i];
        grid["total"]["total"] = r.json.at("grand_total");
      }
      for (const auto& [row, columns] : grid) {
        for (const auto& [column, value] : columns) {
          if (value.is_null() || row == "total" || column == "total") continue;
          const int64_t n = At(expected, row, column);
          if (n > 0 && n < 5) {
            EXPECT_TRUE(IsHidden(value)) << name << " " << row << " " << column;
          }
          if (IsHidden(value)) {
            ++hidden_seen;
            EXPECT_GT(n, 0) << "zeros are shown";
          } else {
            EXPECT_EQ(value.as_int64(), n) << name << " " << row << " " << column;
          }
        }
      }
      // No line with a published total holds exactly one hidden value.
      const bool row_totals =
          !r.json.at("rows").as_array().empty() && !r.json.at("rows").at(0).at("total").is_null();
      const bool column_totals = r.json.at("column_totals").is_array();
      std::map<std::string, int> per_row, per_column;
      for (const auto& [row, columns] : grid)
        for (const auto& [column, value] : columns)
          if (IsHidden(value)) {
            ++per_row[row];
            ++per_column[column];
          }
      if (row_totals) {
        for (const auto& [row, n] : per_row) EXPECT_NE(n, 1) << name << " row " << row;
      }
      if (column_totals) {
        for (const auto& [column, n] : per_column) EXPECT_NE(n, 1) << name << " column " << column;
      }
    }
    EXPECT_GT(hidden_seen, 10) << "the data set has small cells";
  }
}

TYPED_TEST(StatsApiTest, HistoricalCountsStandBesideRecordedCases) {
  ApiClient coordinator = TestFixture::As("coordinator", "en");
  for (const auto& [year, count] : std::vector<std::pair<int, int>>{{2013, 12}, {2014, 10}}) {
    json::object body{{"year", year}, {"count", count}, {"source", "区妇联工作总结 (测试)"}};
    auto r = coordinator.Post("/api/v1/stats/history", json::serialize(body));
    ASSERT_EQ(r.status, 201) << r.raw.body;
    EXPECT_EQ(r.json.at("district_code"), "230103");
    EXPECT_TRUE(r.json.at("historical").as_bool());
  }
  ApiClient leader = TestFixture::As("leader");
  auto trend = leader.Get(
      "/api/v1/stats/tables/cases_by_year?from=2013-01-01&to=2026-11-28&district_code="
      "230103");
  ASSERT_EQ(trend.status, 200) << trend.raw.body;
  const auto cells = Cells(trend.json);
  EXPECT_EQ(cells.at("2013").at("historical").as_int64(), 12);
  EXPECT_EQ(cells.at("2014").at("historical").as_int64(), 10);
  EXPECT_EQ(cells.at("2013").at("recorded").as_int64(), 0);
  EXPECT_EQ(cells.at("2025").at("recorded").as_int64(), 10);
  EXPECT_EQ(cells.at("2026").at("recorded").as_int64(), 20);
  EXPECT_EQ(cells.at("2026").at("historical").as_int64(), 0);
  EXPECT_EQ(trend.json.at("history").as_array().size(), 2u);

  // Input errors name the field and change nothing; other roles and districts are refused.
  EXPECT_EQ(
      FieldError(coordinator.Post("/api/v1/stats/history", R"({"count":3,"source":"x"})"), "year"),
      "Required");
  EXPECT_EQ(FieldError(coordinator.Post("/api/v1/stats/history",
                                        R"({"year":2015,"count":-1,"source":"x"})"),
                       "count"),
            "Out of range");
  EXPECT_EQ(
      FieldError(coordinator.Post("/api/v1/stats/history",
                                  R"({"year":2015,"count":3,"category":"nope","source":"x"})"),
                 "category"),
      "Not an allowed value");
  EXPECT_EQ(
      FieldError(coordinator.Post("/api/v1/stats/history", R"({"year":2015,"count":3})"), "source"),
      "Required");
  EXPECT_EQ(TestFixture::As("police")
                .Post("/api/v1/stats/history", R"({"year":2015,"count":3,"source":"x"})")
                .status,
            403);
  EXPECT_EQ(TestFixture::As("other")
                .Post("/api/v1/stats/history",
                      R"({"year":2015,"count":3,"source":"x","district_code":"230103"})")
                .status,
            403);
  auto listed = leader.Get("/api/v1/stats/history?from=2013-01-01&district_code=230103");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json.at("items").as_array().size(), 2u) << "refused writes changed nothing";
}

TYPED_TEST(StatsApiTest, ReportLayoutsComeInOneCallWithUnrecordedRowsMarked) {
  ApiClient analyst = TestFixture::As("analyst");
  auto white =
      analyst.Get("/api/v1/stats/reports/white_paper?" + kPeriod + "&district_code=230103");
  ASSERT_EQ(white.status, 200) << white.raw.body;
  bool saw_not_recorded = false, saw_change = false;
  for (const auto& t : white.json.at("tables").as_array()) {
    if (!t.at("recorded").as_bool()) {
      saw_not_recorded = true;
      EXPECT_FALSE(t.at("not_recorded_reason").at("zh").as_string().empty());
      EXPECT_FALSE(t.as_object().contains("rows")) << "no made-up numbers";
      continue;
    }
    for (const auto& row : t.at("rows").as_array()) {
      if (row.as_object().contains("change_percent") && row.at("change_percent").is_number())
        saw_change = true;
    }
  }
  EXPECT_TRUE(saw_not_recorded);
  bool saw_proceedings = false;
  for (const auto& t : white.json.at("tables").as_array()) {
    if (t.at("id") != "proceedings_by_year") continue;
    saw_proceedings = true;
    EXPECT_TRUE(t.at("recorded").as_bool()) << "filled from the proceedings and services tables";
    for (const auto& [row, cols] : Cells(t))
      for (const auto& [col, v] : cols) EXPECT_EQ(v, 0) << "no proceedings in the data set";
  }
  EXPECT_TRUE(saw_proceedings);
  EXPECT_TRUE(saw_change) << "year on year for the rows shown in both years";

  auto monthly = analyst.Get("/api/v1/stats/reports/gbvims_monthly?from=2026-01-01&to=2026-03-31");
  ASSERT_EQ(monthly.status, 200) << monthly.raw.body;
  const auto& first = monthly.json.at("tables").at(0);
  EXPECT_EQ(first.at("id"), "gbvims_core_type");
  EXPECT_EQ(first.at("columns").as_array().size(), 3u) << "one column per month";
  EXPECT_EQ(first.at("columns").at(0).at("code"), "2026-01");

  auto girls = analyst.Get("/api/v1/stats/reports/girls_protection?" + kPeriod);
  ASSERT_EQ(girls.status, 200) << girls.raw.body;
  EXPECT_EQ(analyst.Get("/api/v1/stats/reports/nope").status, 404);
}

// Reads a workbook with Python's zipfile and XML parser: "SHEET!CELL=value" per line.
std::string ReadXlsx(const std::string& bytes) {
  char path[] = "/tmp/shouhu-stats-xlsx-XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_EQ(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  close(fd);
  setenv("SHOUHU_XLSX_SCRIPT", R"(
import sys, zipfile, xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
strings = [''.join(t.text or '' for t in si.iter('{%s}t' % ns['m']))
           for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns)]
names = [s.get('name') for s in ET.fromstring(z.read('xl/workbook.xml')).find('m:sheets', ns)]
for i, name in enumerate(names):
    for c in ET.fromstring(z.read('xl/worksheets/sheet%d.xml' % (i + 1))).iter('{%s}c' % ns['m']):
        v = c.find('m:v', ns)
        if v is not None:
            sys.stdout.write('%s!%s=%s\n' % (name, c.get('r'), strings[int(v.text)] if c.get('t') == 's' else v.text))
)",
         1);
  FILE* pipe = popen(("python3 -c \"$SHOUHU_XLSX_SCRIPT\" " + std::string(path)).c_str(), "r");
  std::string out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  EXPECT_EQ(pclose(pipe), 0) << out;
  unlink(path);
  return out;
}

// Writes a minimal workbook with Python's zipfile (inline strings, numbers where a cell is all
// digits), the way another spreadsheet program might.
std::string MakeXlsx(const std::vector<std::vector<std::string>>& rows) {
  json::array data;
  for (const auto& row : rows) {
    json::array r;
    for (const auto& cell : row) r.emplace_back(cell);
    data.push_back(std::move(r));
  }
  char path[] = "/tmp/shouhu-stats-import-XXXXXX";
  const int fd = mkstemp(path);
  close(fd);
  setenv("SHOUHU_XLSX_ROWS", json::serialize(data).c_str(), 1);
  setenv("SHOUHU_XLSX_WRITE", R"(
import sys, os, json, zipfile
from xml.sax.saxutils import escape
rows = json.loads(os.environ['SHOUHU_XLSX_ROWS'])
cells = []
for r, row in enumerate(rows, 1):
    out = []
    for c, v in enumerate(row):
        ref = chr(65 + c) + str(r)
        if v.isdigit():
            out.append('<c r="%s"><v>%s</v></c>' % (ref, v))
        else:
            out.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(v)))
    cells.append('<row r="%d">%s</row>' % (r, ''.join(out)))
sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % ''.join(cells))
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('xl/worksheets/sheet1.xml', sheet)
)",
         1);
  EXPECT_EQ(std::system(("python3 -c \"$SHOUHU_XLSX_WRITE\" " + std::string(path)).c_str()), 0);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  unlink(path);
  return bytes.str();
}

TYPED_TEST(StatsApiTest, HistoricalCountsImportFromASpreadsheetAllOrNothing) {
  ApiClient coordinator = TestFixture::As("coordinator", "en");
  const std::string good = MakeXlsx({{"来源", "年份", "数字", "类别"},
                                     {"区妇联档案 (测试)", "2011", "7", ""},
                                     {},
                                     {"区妇联档案 (测试)", "2012", "3", "rape"}});
  auto imported = coordinator.Post("/api/v1/stats/history/import", good);
  ASSERT_EQ(imported.status, 201) << imported.raw.body;
  ASSERT_EQ(imported.json.at("items").as_array().size(), 2u);
  EXPECT_EQ(imported.json.at("items").at(0).at("year"), 2011);
  EXPECT_EQ(imported.json.at("items").at(0).at("category"), "all");
  EXPECT_EQ(imported.json.at("items").at(1).at("count"), 3);

  // One bad row: the whole file is refused, the row named by its spreadsheet row number.
  const std::string bad =
      MakeXlsx({{"year", "count", "source"}, {"2009", "4", "档案"}, {"2010", "abc", "档案"}});
  auto refused = coordinator.Post("/api/v1/stats/history/import", bad);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(FieldError(refused, "rows[3].count"), "Wrong type") << refused.raw.body;
  EXPECT_EQ(FieldError(coordinator.Post("/api/v1/stats/history/import", "not a workbook"), "file"),
            "Invalid format");
  EXPECT_EQ(FieldError(coordinator.Post("/api/v1/stats/history/import",
                                        MakeXlsx({{"year", "source"}, {"2009", "x"}})),
                       "file.count"),
            "Required");
  auto listed = coordinator.Get("/api/v1/stats/history?from=2009-01-01&to=2012-12-31");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json.at("items").as_array().size(), 2u) << "nothing of the refused files";
  EXPECT_EQ(TestFixture::As("police").Post("/api/v1/stats/history/import", good).status, 403);
}

TYPED_TEST(StatsApiTest, ExportsAreSuppressedNeutralisedReadableAndAudited) {
  ApiClient coordinator = TestFixture::As("coordinator");
  // A source text that a spreadsheet would run as a formula.
  auto planted = coordinator.Post(
      "/api/v1/stats/history",
      R"J({"year":2016,"count":9,"source":"=HYPERLINK(\"http://example.invalid\",\"x\")"})J");
  ASSERT_EQ(planted.status, 201) << planted.raw.body;

  auto csv = coordinator.Get(
      "/api/v1/exports/stats/cases_by_year?format=csv&from=2016-01-01&to="
      "2026-11-28");
  ASSERT_EQ(csv.status, 200) << csv.raw.body;
  EXPECT_EQ(csv.raw.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.raw.Header("content-disposition").find("attachment"), std::string::npos);
  const std::string& text = csv.raw.body;
  EXPECT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(text.find("\r\n"), std::string::npos);
  EXPECT_EQ(text.find(",=HYPERLINK"), std::string::npos);
  EXPECT_EQ(text.find("\n=HYPERLINK"), std::string::npos);
  EXPECT_NE(text.find("'=HYPERLINK"), std::string::npos) << text;
  EXPECT_NE(text.find("\"\""), std::string::npos) << "quotes doubled inside a quoted field";

  // Exports are suppressed even for the coordinating unit.
  auto ages = coordinator.Get("/api/v1/exports/stats/age_band?format=csv&" + kPeriod);
  ASSERT_EQ(ages.status, 200);
  EXPECT_NE(ages.raw.body.find("<5"), std::string::npos);
  EXPECT_NE(ages.raw.body.find("次级隐藏"), std::string::npos) << "the suppression note";

  // XLSX: a standard reader finds the title, the headers, numbers and hidden cells.
  ApiClient analyst = TestFixture::As("analyst");
  auto xlsx = analyst.Get("/api/v1/exports/stats/intake_channel?format=xlsx&" + kPeriod +
                          "&district_code=230103");
  ASSERT_EQ(xlsx.status, 200) << xlsx.raw.body;
  EXPECT_EQ(xlsx.raw.Header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const std::string cells = ReadXlsx(xlsx.raw.body);
  // Expected: channels by year, 2025 and 2026; mandatory_report is the first row.
  const Expected e = Count(Classifiers().at("intake_channel"));
  EXPECT_NE(cells.find("!A1=按线索来源渠道\n"), std::string::npos) << cells;
  EXPECT_NE(cells.find("!B2=2025 年\n"), std::string::npos) << cells;
  EXPECT_NE(cells.find("!A3=强制报告\n"), std::string::npos) << cells;
  EXPECT_NE(cells.find("!C3=" + std::to_string(At(e, "mandatory_report", "2026")) + "\n"),
            std::string::npos)
      << cells;
  auto small = analyst.Get("/api/v1/exports/stats/age_band?format=xlsx&" + kPeriod);
  ASSERT_EQ(small.status, 200);
  EXPECT_NE(ReadXlsx(small.raw.body).find("=<5\n"), std::string::npos);
  EXPECT_NE(cells.find("定义: "), std::string::npos) << cells;
  EXPECT_NE(cells.find("计数单位: 案件"), std::string::npos) << cells;

  // A report layout: one sheet per table.
  auto report = analyst.Get("/api/v1/exports/reports/girls_protection?format=xlsx&" + kPeriod);
  ASSERT_EQ(report.status, 200) << report.raw.body;
  EXPECT_NE(ReadXlsx(report.raw.body).find("!A1=按事发时年龄段\n"), std::string::npos);

  // The case list: masked for the coordinator, without identity for the leader; audited.
  const std::string reported =
      "reported_from=2024-12-31T16:00:00Z&reported_to=2026-11-28T16:00:00Z";
  auto list = coordinator.Get("/api/v1/exports/cases?format=csv&" + reported);
  ASSERT_EQ(list.status, 200) << list.raw.body;
  EXPECT_NE(list.raw.body.find("NG-"), std::string::npos);
  EXPECT_EQ(list.raw.body.find("测试统计女童"), std::string::npos) << "identity masked";
  EXPECT_NE(list.raw.body.find("测某"), std::string::npos) << list.raw.body.substr(0, 400);
  ApiClient leader = TestFixture::As("leader");
  auto refused_list = leader.Get("/api/v1/exports/cases?format=xlsx&" + reported);
  EXPECT_EQ(refused_list.status, 403) << "the leadership group exports aggregates, never cases";
  auto masked_xlsx = coordinator.Get("/api/v1/exports/cases?format=xlsx&" + reported);
  ASSERT_EQ(masked_xlsx.status, 200) << masked_xlsx.raw.body;
  const std::string list_cells = ReadXlsx(masked_xlsx.raw.body);
  EXPECT_EQ(list_cells.find("测试统计女童"), std::string::npos);
  EXPECT_NE(list_cells.find("NG-"), std::string::npos);

  // The progress report prints.
  auto progress = leader.Get("/api/v1/exports/progress-report?" + kPeriod);
  ASSERT_EQ(progress.status, 200) << progress.raw.body;
  EXPECT_NE(progress.raw.Header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(progress.raw.body.find("@media print"), std::string::npos);
  EXPECT_NE(progress.raw.body.find("推进会"), std::string::npos);
  EXPECT_EQ(progress.raw.body.find("测试统计女童"), std::string::npos);

  ApiClient auditor = TestFixture::As("auditor");
  std::set<std::string> exported;
  for (const auto& entry : AuditEntries(auditor, [](const json::object& e) {
         return e.at("action") == "stats.export" || e.at("action") == "case.export" ||
                e.at("action") == "stats.progress_report";
       }))
    exported.insert(std::string(entry.at("object_id").as_string()));
  for (const char* what : {"cases_by_year", "age_band", "intake_channel", "girls_protection",
                           "cases", "progress_report"})
    EXPECT_TRUE(exported.count(what)) << what << " export not audited";
}

TYPED_TEST(StatsApiTest, OtherRolesAndDistrictsAreRefusedAndAudited) {
  ApiClient auditor = TestFixture::As("auditor");
  auto denials = [&] {
    return static_cast<int>(AuditEntries(auditor, [](const json::object& e) {
                              return e.at("action").as_string().starts_with("stats.") &&
                                     e.at("result") == "denied";
                            }).size());
  };
  const int before = denials();
  for (const std::string user : {"admin", "police", "auditor"}) {
    ApiClient c = TestFixture::As(user);
    EXPECT_EQ(c.Get("/api/v1/stats/tables/age_band").status, 403) << user;
    EXPECT_EQ(c.Get("/api/v1/exports/stats/age_band?format=csv").status, 403) << user;
    EXPECT_EQ(c.Get("/api/v1/stats/reports/white_paper").status, 403) << user;
  }
  ApiClient other = TestFixture::As("other");
  auto refused = other.Get("/api/v1/stats/tables/age_band?district_code=230103");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(ErrorCode(refused), "stats_other_district");
  auto own = other.Get("/api/v1/stats/tables/age_band?" + kPeriod);
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.json.at("grand_total").as_int64(), 1) << "only the other district's case";
  EXPECT_EQ(denials(), before + 10);
  ApiClient none(TestFixture::server_->port());
  EXPECT_EQ(none.Get("/api/v1/stats/tables/age_band").status, 401);

  // Bad input names the field.
  ApiClient leader = TestFixture::As("leader", "en");
  EXPECT_EQ(FieldError(leader.Get("/api/v1/stats/tables/age_band?from=2026-13-01"), "from"),
            "Invalid format");
  EXPECT_EQ(
      FieldError(leader.Get("/api/v1/stats/tables/age_band?from=2026-05-01&to=2026-04-01"), "to"),
      "The end date is before the start date");
  EXPECT_EQ(
      FieldError(leader.Get("/api/v1/stats/tables/age_band?district_code=23"), "district_code"),
      "Invalid format");
  EXPECT_EQ(FieldError(leader.Get("/api/v1/exports/stats/age_band?format=pdf"), "format"),
            "Not an allowed value");
  EXPECT_EQ(leader.Get("/api/v1/stats/tables/nope").status, 404);
}

// Today in Beijing time, "YYYY-MM-DD".
std::string TodayInBeijing() {
  return Date(year_month_day{floor<days>(system_clock::now() + hours{8})});
}

TYPED_TEST(StatsApiTest, TaskTablesCountTheReferralsAgainstTheirClocks) {
  ApiClient coordinator = TestFixture::As("coordinator");
  // A case reported now (outside the fixed data set's period), triaged and referred to the police.
  json::object body = IntakeBody(DataSet()[1], 300);
  body.erase("reported_at");
  auto created = coordinator.Post("/api/v1/cases", json::serialize(body));
  ASSERT_EQ(created.status, 201) << created.raw.body;
  const std::string path = "/api/v1/cases/" + std::to_string(created.json.at("id").as_int64());
  auto assessed = coordinator.Post(path + "/assessments",
                                   R"({"risk_level":"high","harm_types":["child_molestation"]})");
  ASSERT_EQ(assessed.status, 201) << assessed.raw.body;
  json::array tasks;
  std::string police_unit;
  for (const auto& p : assessed.json.at("proposed_plan").as_array()) {
    if (p.at("unit_id").is_int64() && p.at("unit_kind") == "police") {
      tasks.push_back(json::object{{"unit_id", p.at("unit_id")}, {"task_type", p.at("task_type")}});
      police_unit = std::to_string(p.at("unit_id").as_int64());
    }
  }
  ASSERT_EQ(tasks.size(), 2u) << assessed.raw.body;
  auto referred =
      coordinator.Post(path + "/referrals", json::serialize(json::object{{"tasks", tasks}}));
  ASSERT_EQ(referred.status, 201) << referred.raw.body;
  std::string register_task;
  for (const auto& t : referred.json.at("items").as_array())
    if (t.at("task_type") == "police_register")
      register_task = std::to_string(t.at("id").as_int64());
  ASSERT_FALSE(register_task.empty());
  ApiClient police = TestFixture::As("police");
  ASSERT_EQ(police.Post("/api/v1/referrals/" + register_task + "/accept", "").status, 200);

  const std::string today = "from=" + TodayInBeijing() + "&to=" + TodayInBeijing();
  auto response = coordinator.Get("/api/v1/stats/tables/police_response?" + today);
  ASSERT_EQ(response.status, 200) << response.raw.body;
  EXPECT_EQ(response.json.at("unit"), "task");
  auto cells = Cells(response.json);
  EXPECT_EQ(cells.at("police_register").at("h_0_24").as_int64(), 1);
  EXPECT_EQ(cells.at("police_register").at("not_signed").as_int64(), 0);
  EXPECT_EQ(cells.at("police_case_review").at("not_signed").as_int64(), 1);

  auto signed_table = coordinator.Get("/api/v1/stats/tables/tasks_signed_by_unit?" + today);
  ASSERT_EQ(signed_table.status, 200) << signed_table.raw.body;
  cells = Cells(signed_table.json);
  ASSERT_TRUE(cells.count(police_unit)) << signed_table.raw.body;
  EXPECT_EQ(cells.at(police_unit).at("on_time").as_int64(), 1);
  EXPECT_EQ(cells.at(police_unit).at("open").as_int64(), 1);
  for (const auto& row : signed_table.json.at("rows").as_array())
    if (row.at("code").as_string() == police_unit) {
      EXPECT_EQ(row.at("total"), 2) << "its row total";
    }

  auto done = coordinator.Get("/api/v1/stats/tables/tasks_done_by_unit?" + today);
  ASSERT_EQ(done.status, 200);
  EXPECT_EQ(Cells(done.json).at(police_unit).at("open").as_int64(), 2);

  auto services = coordinator.Get("/api/v1/stats/tables/referrals_by_service?" + today);
  ASSERT_EQ(services.status, 200);
  const std::string year = TodayInBeijing().substr(0, 4);
  EXPECT_EQ(Cells(services.json).at("police_register").at(year).as_int64(), 1);
  EXPECT_EQ(Cells(services.json).at("police_case_review").at(year).as_int64(), 1);

  // Leaders see the same tables suppressed; the progress report carries the scorecards.
  auto leader_view = TestFixture::As("leader").Get("/api/v1/stats/tables/tasks_signed_by_unit?" +
                                                   today + "&district_code=230103");
  ASSERT_EQ(leader_view.status, 200);
  EXPECT_EQ(Cells(leader_view.json).at(police_unit).at("on_time"), "<5");
  auto progress = TestFixture::As("leader").Get("/api/v1/exports/progress-report?" + today);
  ASSERT_EQ(progress.status, 200);
  EXPECT_NE(progress.raw.body.find("各单位任务签收情况"), std::string::npos);
}

// Row -> column -> value of a table for a given set of expected counts; money tables (yuan) are
// compared in fen.
int64_t CellValue(const json::value& v, bool money) {
  if (money) return std::llround(v.to_number<double>() * 100);
  return v.as_int64();
}

// The coordinator's view: every cell equals the count computed here, every expected row exists.
void ExpectExact(const json::value& table, const Expected& expected, bool money = false) {
  const std::string name(table.at("id").as_string());
  EXPECT_FALSE(table.at("suppressed").as_bool()) << name;
  EXPECT_FALSE(table.at("definition").at("zh").as_string().empty()) << name;
  EXPECT_FALSE(table.at("definition").at("en").as_string().empty()) << name;
  const auto cells = Cells(table);
  for (const auto& [row, columns] : cells) {
    for (const auto& [column, value] : columns) {
      ASSERT_TRUE(value.is_number()) << name << " " << row << " " << column;
      EXPECT_EQ(CellValue(value, money), At(expected, row, column))
          << name << " " << row << " " << column;
    }
  }
  for (const auto& [row, columns] : expected) {
    ASSERT_TRUE(cells.count(row)) << name << ": row " << row << " missing";
    for (const auto& [column, n] : columns)
      EXPECT_TRUE(cells.at(row).count(column)) << name << ": " << row << " " << column;
  }
  // Row totals, where the table has them, add up the row.
  for (const auto& row : table.at("rows").as_array()) {
    if (row.at("total").is_null()) continue;
    int64_t sum = 0;
    for (const auto& [column, n] : expected.count(std::string(row.at("code").as_string()))
                                       ? expected.at(std::string(row.at("code").as_string()))
                                       : std::map<std::string, int64_t>{})
      sum += n;
    EXPECT_EQ(CellValue(row.at("total"), money), sum) << name << " total of " << row.at("code");
  }
}

// A leader's view: shown cells are exact, cells whose count (`weights`: the cases a money cell
// sums) is below 5 are hidden, and no line with a published total holds exactly one hidden cell.
void ExpectSuppressed(const json::value& table, const Expected& expected, const Expected& weights,
                      bool money = false) {
  const std::string name(table.at("id").as_string());
  EXPECT_TRUE(table.at("suppressed").as_bool()) << name;
  std::map<std::string, std::map<std::string, json::value>> grid = Cells(table);
  for (const auto& row : table.at("rows").as_array())
    grid[std::string(row.at("code").as_string())]["total"] = row.at("total");
  if (table.at("column_totals").is_array()) {
    const auto& totals = table.at("column_totals").as_array();
    const auto& columns = table.at("columns").as_array();
    for (size_t i = 0; i < totals.size(); ++i)
      grid["total"][std::string(columns[i].at("code").as_string())] = totals[i];
    grid["total"]["total"] = table.at("grand_total");
  }
  std::map<std::string, int> per_row, per_column;
  for (const auto& [row, columns] : grid) {
    for (const auto& [column, value] : columns) {
      if (value.is_null()) continue;
      if (IsHidden(value)) {
        ++per_row[row];
        ++per_column[column];
      }
      if (row == "total" || column == "total") continue;
      const int64_t weight = At(weights, row, column);
      if (weight > 0 && weight < 5)
        EXPECT_TRUE(IsHidden(value)) << name << " " << row << " " << column;
      if (!IsHidden(value))
        EXPECT_EQ(CellValue(value, money), At(expected, row, column))
            << name << " " << row << " " << column;
    }
  }
  const bool row_totals =
      !table.at("rows").as_array().empty() && !table.at("rows").at(0).at("total").is_null();
  if (row_totals)
    for (const auto& [row, n] : per_row) EXPECT_NE(n, 1) << name << " row " << row;
  if (table.at("column_totals").is_array())
    for (const auto& [column, n] : per_column) EXPECT_NE(n, 1) << name << " column " << column;
}

TYPED_TEST(StatsApiTest, ResponseTimesAndAssistanceMatchCountsComputedIndependently) {
  ApiClient coordinator = TestFixture::As("coordinator");
  auto get = [&](ApiClient& c, const std::string& name, const std::string& extra = "") {
    auto r = c.Get("/api/v1/stats/tables/" + name + "?" + kAssistPeriod + extra);
    EXPECT_EQ(r.status, 200) << name << ": " << r.raw.body;
    return r.json;
  };
  auto units = TestFixture::As("admin").Get("/api/v1/units");
  std::map<std::string, std::string> unit_code_of;  // id -> code
  for (const auto& u : units.json.at("items").as_array())
    unit_code_of[std::to_string(u.at("id").as_int64())] = std::string(u.at("code").as_string());

  // 受案 and 立案 after the report.
  const Expected police = ExpectedReportToPolice();
  const json::value to_police = get(coordinator, "report_to_police");
  EXPECT_EQ(to_police.at("unit"), "case");
  ExpectExact(to_police, police);
  EXPECT_EQ(At(police, "police_registered", "h_0_24"), 6) << "the data set as designed";
  EXPECT_EQ(At(police, "case_filed", "not_filed"), 1);

  // The statutory clocks of each stage, and the 优先 targets.
  const ClockExpectation clocks = ExpectedClocks(true);
  const json::value stage_clocks = get(coordinator, "stage_clocks");
  ExpectExact(stage_clocks, clocks.states);
  EXPECT_EQ(At(clocks.states, "case_review", "running"), 1);
  EXPECT_EQ(At(clocks.states, "case_review", "overdue"), 1);
  EXPECT_EQ(At(clocks.states, "prosecution_review", "missed"), 1);
  const json::value targets = get(coordinator, "priority_targets");
  ExpectExact(targets, clocks.targets);
  const auto& target_columns = targets.at("columns").as_array();
  for (size_t c = 0; c < target_columns.size(); ++c) {
    const std::string clock(target_columns[c].at("code").as_string());
    const double met = static_cast<double>(At(clocks.targets, "target_met", clock));
    const double all = met + static_cast<double>(At(clocks.targets, "target_missed", clock));
    EXPECT_NEAR(targets.at("share_percent").at(c).as_double(), 100.0 * met / all, 0.05) << clock;
  }

  // Protection orders: decided within 24 h, 72 h, later, pending.
  const json::value orders = get(coordinator, "protection_orders");
  EXPECT_EQ(orders.at("unit"), "application");
  ExpectExact(orders, ExpectedProtectionOrders());

  // Interviews per girl (一站式: one).
  const json::value interviews = get(coordinator, "interviews_per_girl");
  EXPECT_EQ(interviews.at("unit"), "girl");
  ExpectExact(interviews, ExpectedInterviews());

  // Services by type and unit (the unit columns are ids; compared by code).
  const json::value services = get(coordinator, "services_by_unit");
  EXPECT_EQ(services.at("unit"), "service");
  const Expected by_unit = ExpectedServices();
  int64_t services_seen = 0;
  for (const auto& [row, columns] : Cells(services)) {
    for (const auto& [column, value] : columns) {
      EXPECT_EQ(value.as_int64(), At(by_unit, row, unit_code_of.at(column)))
          << row << " " << column;
      services_seen += value.as_int64();
    }
  }
  int64_t services_expected = 0;
  for (const auto& c : AssistData()) services_expected += static_cast<int64_t>(c.services.size());
  EXPECT_EQ(services_seen, services_expected);
  EXPECT_EQ(services.at("grand_total").as_int64(), services_expected);

  // Money by service type (yuan), and proceedings by year.
  const auto [fen, paid_cases] = ExpectedMoney();
  const json::value money = get(coordinator, "service_money");
  EXPECT_EQ(money.at("unit"), "yuan");
  ExpectExact(money, fen, true);
  EXPECT_EQ(CellValue(Cells(money).at("procuratorate_judicial_aid").at("2023"), true), 800050);
  // Counselling and psychological support are one row: case 0 had both and counts once.
  ExpectExact(get(coordinator, "proceedings_by_year"), ExpectedProceedingsByYear());

  // The same tables as a leader sees them: suppressed, nothing recoverable; the money hidden
  // where it sums fewer than five cases.
  ApiClient leader = TestFixture::As("leader");
  const std::string district = "&district_code=230103";
  ExpectSuppressed(get(leader, "report_to_police", district), police, police);
  ExpectSuppressed(get(leader, "stage_clocks", district), clocks.states, clocks.states);
  ExpectSuppressed(get(leader, "priority_targets", district), clocks.targets, clocks.targets);
  ExpectSuppressed(get(leader, "protection_orders", district), ExpectedProtectionOrders(),
                   ExpectedProtectionOrders());
  ExpectSuppressed(get(leader, "interviews_per_girl", district), ExpectedInterviews(),
                   ExpectedInterviews());
  const json::value leader_money = get(leader, "service_money", district);
  ExpectSuppressed(leader_money, fen, paid_cases, true);
  EXPECT_TRUE(IsHidden(Cells(leader_money).at("procuratorate_judicial_aid").at("2023")))
      << "two cases";
  bool money_note = false;
  for (const auto& n : leader_money.at("notes").as_array())
    money_note =
        money_note || n.at("zh").as_string().find("金额所涉案件少于 5") != std::string::npos;
  EXPECT_TRUE(money_note) << "the rule is stated with the table";

  // The layouts carry them: money in the white paper, services in the GBVIMS monthly, response
  // times in the progress report.
  ApiClient analyst = TestFixture::As("analyst");
  auto white = analyst.Get("/api/v1/stats/reports/white_paper?" + kAssistPeriod);
  ASSERT_EQ(white.status, 200) << white.raw.body;
  std::set<std::string> ids;
  for (const auto& t : white.json.at("tables").as_array())
    ids.insert(std::string(t.at("id").as_string()));
  EXPECT_TRUE(ids.count("service_money"));
  auto monthly = analyst.Get("/api/v1/stats/reports/gbvims_monthly?from=2024-01-01&to=2024-12-31");
  ASSERT_EQ(monthly.status, 200) << monthly.raw.body;
  ids.clear();
  for (const auto& t : monthly.json.at("tables").as_array())
    ids.insert(std::string(t.at("id").as_string()));
  EXPECT_TRUE(ids.count("services_by_unit"));
  auto progress = leader.Get("/api/v1/exports/progress-report?" + kAssistPeriod);
  ASSERT_EQ(progress.status, 200);
  for (const char* title :
       {"从报告到公安受案、立案的时间", "各诉讼阶段的法定时限", "优先办理目标的达成情况",
        "人身安全保护令的裁定时间", "每名女童的询问次数"})
    EXPECT_NE(progress.raw.body.find(title), std::string::npos) << title;

  // Exports: the money table in yuan with two decimals (CSV) and as numbers (XLSX).
  // 2024 alone: one column, so the five cases of judicial aid stand without a total to protect.
  auto csv = coordinator.Get(
      "/api/v1/exports/stats/service_money?format=csv&from=2024-01-01&to=2024-12-31");
  ASSERT_EQ(csv.status, 200) << csv.raw.body;
  EXPECT_EQ(csv.raw.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.raw.body.find("计数单位: 金额 (元)"), std::string::npos) << csv.raw.body;
  const int64_t aid_2024 = At(fen, "procuratorate_judicial_aid", "2024");
  char yuan[32];
  std::snprintf(yuan, sizeof yuan, ",%lld.%02lld", static_cast<long long>(aid_2024 / 100),
                static_cast<long long>(aid_2024 % 100));
  EXPECT_NE(csv.raw.body.find(yuan), std::string::npos) << "five cases: shown; " << csv.raw.body;
  auto xlsx =
      coordinator.Get("/api/v1/exports/stats/protection_orders?format=xlsx&" + kAssistPeriod);
  ASSERT_EQ(xlsx.status, 200);
  const std::string cells = ReadXlsx(xlsx.raw.body);
  EXPECT_NE(cells.find("!A1=人身安全保护令的裁定时间\n"), std::string::npos) << cells;
  EXPECT_NE(cells.find("!B2=24 小时内裁定\n"), std::string::npos) << cells;
  EXPECT_NE(cells.find("计数单位: 保护令申请 (件)"), std::string::npos) << cells;
}

TYPED_TEST(StatsApiTest, CaseListExportsMaskedByDefaultClearOnlyWithAReason) {
  ApiClient coordinator = TestFixture::As("coordinator", "en");
  const std::string period = "reported_from=2024-12-31T16:00:00Z&reported_to=2026-11-28T16:00:00Z";
  // Masked by default: no full name, the masked ones instead; a case-list read and an export
  // in the audit log.
  ApiClient auditor = TestFixture::As("auditor");
  // The newest audit entry with `action` (and result ok), or null.
  auto newest = [&](const std::string& action) -> json::value {
    auto found = AuditEntries(auditor, [&](const json::object& e) {
      return std::string(e.at("action").as_string()) == action && e.at("result") == "ok";
    });
    return found.empty() ? json::value(nullptr) : json::value(found.front());
  };
  const json::value list_before = newest("case.list");
  auto masked = coordinator.Get("/api/v1/exports/cases?format=csv&" + period);
  ASSERT_EQ(masked.status, 200) << masked.raw.body;
  EXPECT_EQ(masked.raw.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(masked.raw.body.find("测试统计女童"), std::string::npos);
  EXPECT_NE(masked.raw.body.find("测某"), std::string::npos);
  EXPECT_EQ(masked.raw.body.find("ID number"), std::string::npos) << "no identity columns";
  // One request, one row: the export's, naming what the case list it read returned.
  EXPECT_EQ(newest("case.list"), list_before) << "no second row for the list the export read";
  const json::value masked_export = newest("case.export");
  ASSERT_TRUE(masked_export.is_object());
  EXPECT_NE(masked_export.at("detail").as_string().find("identity=masked"), json::string::npos);

  // The filters of the case list: one channel only.
  auto filtered =
      coordinator.Get("/api/v1/exports/cases?format=csv&intake_channel=police_110&" + period);
  ASSERT_EQ(filtered.status, 200);
  int64_t police_110 = 0;
  for (const auto& c : DataSet()) police_110 += c.channel == "police_110";
  size_t rows = 0;
  for (size_t at = 0; (at = filtered.raw.body.find("\r\nNG-", at)) != std::string::npos; ++at)
    ++rows;
  EXPECT_EQ(static_cast<int64_t>(rows), police_110) << filtered.raw.body;

  // No names in URLs; a clear export needs a reason and changes nothing without one.
  EXPECT_EQ(FieldError(coordinator.Get("/api/v1/exports/cases?name=%E6%B5%8B%E8%AF%95"), "name"),
            "Does not apply here");
  EXPECT_EQ(FieldError(coordinator.Post("/api/v1/exports/cases?format=csv", R"({"reason":" "})"),
                       "reason"),
            "Required");
  EXPECT_EQ(FieldError(coordinator.Post("/api/v1/exports/cases?format=csv", "{}"), "reason"),
            "Required");

  // Clear with a reason: full names and identity columns, each case unmasked with the reason.
  auto count_unmasked = [&](const std::string& reason) {
    int n = 0;
    for (int64_t before = 0;;) {
      auto log = auditor.Get("/api/v1/audit?limit=500" +
                             (before > 0 ? "&before=" + std::to_string(before) : ""));
      EXPECT_EQ(log.status, 200);
      for (const auto& e : log.json.at("items").as_array()) {
        if (e.at("result") != "ok" || !e.at("detail").is_string()) continue;
        const std::string detail(e.at("detail").as_string());
        if (e.at("action") == "case.unmask" && detail == reason) ++n;
        // A clear export is one request and one row, naming every case it unmasked.
        const size_t ids = detail.find(" cases=");
        if (e.at("action") == "case.export_clear" &&
            detail.find("reason=" + reason) != std::string::npos && ids != std::string::npos) {
          const std::string list = detail.substr(ids + 7, detail.find(' ', ids + 7) - ids - 7);
          if (!list.empty()) n += 1 + static_cast<int>(std::count(list.begin(), list.end(), ','));
        }
      }
      if (!log.json.at("next_before").is_int64()) break;
      before = log.json.at("next_before").as_int64();
    }
    return n;
  };
  const std::string reason = "区检察院书面调取 (测试)";
  auto clear = coordinator.Post("/api/v1/exports/cases?format=csv&" + period,
                                json::serialize(json::object{{"reason", reason}}));
  ASSERT_EQ(clear.status, 200) << clear.raw.body;
  EXPECT_NE(clear.raw.body.find("测试统计女童0,"), std::string::npos)
      << clear.raw.body.substr(0, 600);
  EXPECT_NE(clear.raw.body.find("ID number"), std::string::npos);
  EXPECT_EQ(clear.raw.body.find("测试统计女童99,"), std::string::npos) << "another district's girl";
  EXPECT_EQ(count_unmasked(reason), static_cast<int>(DataSet().size()))
      << "every exported case unmasked once, with the reason";
  const json::value clear_export = newest("case.export_clear");
  ASSERT_TRUE(clear_export.is_object());
  const std::string detail(clear_export.at("detail").as_string());
  EXPECT_NE(detail.find("identity=clear"), std::string::npos) << detail;
  EXPECT_NE(detail.find("reason=" + reason), std::string::npos) << detail;
  EXPECT_NE(detail.find("rows=30"), std::string::npos) << detail;

  // XLSX: a standard reader finds the identity columns and the names.
  auto book =
      coordinator.Post("/api/v1/exports/cases?format=xlsx&intake_channel=police_110&" + period,
                       json::serialize(json::object{{"reason", reason}}));
  ASSERT_EQ(book.status, 200) << book.raw.body;
  const std::string cells = ReadXlsx(book.raw.body);
  EXPECT_NE(cells.find("!I2=Girl's name\n"), std::string::npos) << cells;
  EXPECT_NE(cells.find("!J2=ID number\n"), std::string::npos) << cells;
  for (size_t i = 0; i < DataSet().size(); ++i) {
    const bool expected = DataSet()[i].channel == "police_110";
    EXPECT_EQ(cells.find("=测试统计女童" + std::to_string(i) + "\n") != std::string::npos, expected)
        << i;
  }

  // The other district's coordinator exports only her own girl.
  auto other = TestFixture::As("other").Post("/api/v1/exports/cases?format=csv",
                                             json::serialize(json::object{{"reason", reason}}));
  ASSERT_EQ(other.status, 200) << other.raw.body;
  EXPECT_NE(other.raw.body.find("测试统计女童99,"), std::string::npos);
  for (size_t i = 0; i < DataSet().size(); ++i)
    EXPECT_EQ(other.raw.body.find("测试统计女童" + std::to_string(i) + ","), std::string::npos)
        << i;
  // A caseworker of the police sees (and exports) only the cases of her unit.
  auto police = TestFixture::As("police").Post("/api/v1/exports/cases?format=csv&" + period,
                                               json::serialize(json::object{{"reason", reason}}));
  ASSERT_EQ(police.status, 200) << police.raw.body;
  for (size_t i = 0; i < DataSet().size(); ++i)
    EXPECT_EQ(police.raw.body.find("测试统计女童" + std::to_string(i) + ","), std::string::npos)
        << i;

  // Roles that may not unmask are refused, and the refusal is audited; their masked export
  // still works (de-identified).
  auto denied_exports = [&] {
    return static_cast<int>(AuditEntries(auditor, [](const json::object& e) {
                              return e.at("action").as_string().starts_with("case.export") &&
                                     e.at("result") == "denied";
                            }).size());
  };
  const int denied_before = denied_exports();
  for (const std::string user : {"leader", "analyst"}) {
    ApiClient c = TestFixture::As(user, "en");
    auto refused = c.Post("/api/v1/exports/cases?format=csv",
                          json::serialize(json::object{{"reason", reason}}));
    EXPECT_EQ(refused.status, 403) << user;
    EXPECT_EQ(ErrorCode(refused), "forbidden") << user;
    // Aggregates only: not even the masked case list.
    auto masked_list = c.Get("/api/v1/exports/cases?format=csv&" + period);
    EXPECT_EQ(masked_list.status, 403) << user;
    EXPECT_EQ(masked_list.raw.body.find("测试统计女童"), std::string::npos) << user;
  }
  EXPECT_EQ(denied_exports(), denied_before + 4) << "each refused export is one denied row";
  EXPECT_EQ(count_unmasked(reason), static_cast<int>(DataSet().size() + police_110) + 1)
      << "the police 110 cases, the other district's girl; nothing for the police (none of "
         "hers in the period) nor for the refused";
}

}  // namespace
}  // namespace shouhu::apitest
