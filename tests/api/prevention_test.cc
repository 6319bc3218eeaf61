// The prevention module over HTTP, on SQLite and PostgreSQL: a school keeps its at-risk girls and
// nobody outside sees them; the district's coordinator and civil affairs see the district's;
// leaders get counts only; a visit missed past its due date is overdue in the school's inbox and,
// after the grace, raises a 督办 that the next visit closes; bad input is refused field by field
// and changes nothing; activities and 入职查询 are recorded and counted. Every name and number is
// fictional.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "domain/civil_date.h"
#include "suite.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;
using http::Method;

std::string DaysAgo(int days) {
  using namespace std::chrono;
  const int64_t now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  return domain::AddDays(domain::CivilDateShanghai(now), -days).ToString();
}

std::string& RulesPath() {
  static std::string path;
  return path;
}

template <class Backend>
class PreventionApiTest : public BackendSuite<Backend> {
 protected:
  using Base = BackendSuite<Backend>;
  static void SetUpTestSuite() {
    // Overdue visits escalate at once (no grace); the server sweeps every second.
    RulesPath() = "/tmp/shouhu-prevention-rules-" + std::to_string(::getpid()) + ".toml";
    std::ofstream(RulesPath()) << "[clocks]\nsweep_interval = \"1s\"\n"
                                  "[prevention]\nescalation_grace_days = 0\n";
    Base::StartServer(
        {.options = {.config_toml =
                         "[auth]\nlogin_rate_per_minute = 100000\nlogin_rate_burst = 100000\n"
                         "[data]\nrules_file = \"" +
                         RulesPath() + "\"\n"},
         .units = {{"NG-XX2", "education"},
                   {"NG-SQ", "community"},
                   {"NG-MZ", "civil_affairs"},
                   {"NG-LD", "leadership"},
                   {"NG-SG", "social_org"},
                   {"BJ-FL", "womens_federation", "110101", "外区妇联"}},
         .users = {{"teacher", "NG-XX", "caseworker"},
                   {"principal2", "NG-XX2", "reporter"},
                   {"community", "NG-SQ", "caseworker"},
                   {"civil", "NG-MZ", "caseworker"},
                   {"bureau", "NG-JYJ", "caseworker"},
                   {"leader", "NG-LD", "leader"},
                   {"analyst", "NG-LD", "analyst"},
                   {"volunteer", "NG-SG", "volunteer"},
                   {"other", "BJ-FL", "coordinator"}},
         .seed = [](ServerProcess& s) {
           s.Seed();
           // The school NG-XX sits under the education bureau NG-JYJ (入职查询 oversight).
           for (const auto& args : std::vector<std::vector<std::string>>{
                    {"unit", "add", "--code", "NG-JYJ", "--name", "测试教育局", "--kind",
                     "education", "--district", "230103"},
                    {"unit", "add", "--code", "NG-XX", "--name", "测试第一小学", "--kind",
                     "education", "--district", "230103", "--parent", "NG-JYJ"}}) {
             auto r = s.Cli(args);
             ASSERT_EQ(r.exit_code, 0) << r.out;
           }
         }});
  }
  static ApiClient As(const std::string& user) { return Base::As(user); }
  static ServerProcess& Server() { return *Base::server_; }
};
TYPED_TEST_SUITE(PreventionApiTest, Backends, BackendNames);

json::object Girl(const std::string& name, const std::string& id_number,
                  const std::string& student_no) {
  return json::object{{"name", name},
                      {"id_number", id_number},
                      {"address", "测试省测试市南岗区测试街道1号"},
                      {"guardians", "祖母 测试奶奶 13800000000"},
                      {"phone", "13800001234"},
                      {"school", "测试第一小学"},
                      {"student_no", student_no},
                      {"grade", "四年级"},
                      {"family_situations", json::array{"father_away", "mother_away"}},
                      {"caregiver", "grandparents"},
                      {"vulnerability_classes", json::array{"left_behind"}},
                      {"risk_level", "medium"}};
}

int64_t Seq(ApiClient& auditor) {
  auto page = auditor.Get("/api/v1/audit?limit=1");
  if (page.status != 200) return 0;
  const auto& entries = page.json.at("items").as_array();
  return entries.empty() ? 0 : entries[0].at("seq").as_int64();
}

TYPED_TEST(PreventionApiTest, TheSchoolKeepsItsGirlsAndNobodyOutsideSeesThem) {
  ApiClient teacher = TestFixture::As("teacher");
  auto created = teacher.Post(
      "/api/v1/registry",
      json::serialize(Girl("测试甲女", IdNumber("20150301", 11), "G230103201503010022")));
  ASSERT_EQ(created.status, 201) << created.raw.body;
  const int64_t id = created.json.at("id").as_int64();
  const std::string path = "/api/v1/registry/" + std::to_string(id);
  // Masked in the answer: no name, no digit of the ID number, no 学籍号.
  const auto& identity = created.json.at("identity").as_object();
  EXPECT_EQ(identity.at("name").as_string(), "测某某某");
  EXPECT_EQ(std::string(identity.at("id_number").as_string()).find_first_of("0123456789"),
            std::string::npos);
  EXPECT_EQ(created.raw.body.find("测试甲女"), std::string::npos);
  EXPECT_EQ(created.raw.body.find("G230103"), std::string::npos);
  // 留守: visited every two months.
  EXPECT_EQ(created.json.at("visit_interval_days").as_int64(), 61);
  EXPECT_EQ(created.json.at("overdue").as_bool(), false);

  // The same pupil twice in one unit: refused beside the field.
  auto again = teacher.Post(
      "/api/v1/registry",
      json::serialize(Girl("测试甲女", IdNumber("20150301", 11), "G230103201503010022")));
  EXPECT_EQ(again.status, 409) << again.raw.body;
  EXPECT_EQ(FieldCode(again, "student_no"), "taken");

  // Another school, another district's coordinator, the police: it does not exist for them.
  for (const char* user : {"principal2", "other", "police", "community"}) {
    ApiClient c = TestFixture::As(user);
    EXPECT_EQ(c.Get(path).status, 404) << user;
    auto list = c.Get("/api/v1/registry");
    ASSERT_EQ(list.status, 200) << user << list.raw.body;
    EXPECT_EQ(list.raw.body.find("\"id\":" + std::to_string(id) + ","), std::string::npos) << user;
    auto search = c.Post("/api/v1/registry/search", R"({"name":"测试甲女"})");
    ASSERT_EQ(search.status, 200) << user;
    EXPECT_EQ(search.json.at("entries").as_array().size(), 0u) << user;
    EXPECT_EQ(c.Post(path + "/unmask", R"({"reason":"核实"})").status, 404) << user;
  }
  // The district's coordinator and civil affairs see it, found by name in the body.
  for (const char* user : {"coordinator", "civil", "teacher"}) {
    ApiClient c = TestFixture::As(user);
    EXPECT_EQ(c.Get(path).status, 200) << user;
    auto search = c.Post("/api/v1/registry/search", R"({"name":"测试甲女"})");
    ASSERT_EQ(search.status, 200) << user;
    ASSERT_EQ(search.json.at("entries").as_array().size(), 1u) << user;
    EXPECT_EQ(search.json.at("entries").as_array()[0].at("id").as_int64(), id);
  }
  // Leaders, analysts, volunteers, the administrator and the auditor: no registry at all.
  for (const char* user : {"leader", "analyst", "admin", "auditor"}) {
    ApiClient c = TestFixture::As(user);
    EXPECT_EQ(c.Get("/api/v1/registry").status, 403) << user;
    EXPECT_EQ(c.Get(path).status, 403) << user;
  }
  // Unmask: a reason first; then the clear identity, and the reason in the audit row.
  ApiClient auditor = TestFixture::As("auditor");
  EXPECT_EQ(FieldCode(teacher.Post(path + "/unmask", "{}"), "reason"), "required");
  const int64_t since = Seq(auditor);
  auto clear = teacher.Post(path + "/unmask", R"({"reason":"家访前核对监护人电话"})");
  ASSERT_EQ(clear.status, 200) << clear.raw.body;
  EXPECT_EQ(clear.json.at("identity").at("name").as_string(), "测试甲女");
  EXPECT_EQ(clear.json.at("identity").at("student_no").as_string(), "G230103201503010022");
  auto rows = AuditEntries(
      auditor, [](const json::object& e) { return e.at("action") == "registry.unmask"; }, since);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("result").as_string(), "ok");
  EXPECT_NE(std::string(rows[0].at("detail").as_string()).find("家访前核对监护人电话"),
            std::string::npos);

  // Identity is not in the database file in clear (SQLite).
  if (TestFixture::Server().database_url().empty() ||
      TestFixture::Server().database_url().starts_with("sqlite")) {
    for (const std::string& file :
         {TestFixture::Server().sqlite_path(), TestFixture::Server().sqlite_path() + "-wal"}) {
      std::ifstream in(file, std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      EXPECT_EQ(bytes.str().find("测试甲女"), std::string::npos) << file;
      EXPECT_EQ(bytes.str().find("G230103201503010022"), std::string::npos) << file;
    }
  }
}

TYPED_TEST(PreventionApiTest, AMissedVisitIsOverdueEscalatesAndTheNextVisitClosesIt) {
  ApiClient community = TestFixture::As("community");
  json::object girl = Girl("测试乙女", IdNumber("20140709", 12), "");
  girl.erase("student_no");
  girl["vulnerability_classes"] = json::array{"de_facto_unsupported"};
  auto created = community.Post("/api/v1/registry", json::serialize(girl));
  ASSERT_EQ(created.status, 201) << created.raw.body;
  const int64_t id = created.json.at("id").as_int64();
  const std::string path = "/api/v1/registry/" + std::to_string(id);
  EXPECT_EQ(created.json.at("visit_interval_days").as_int64(), 30);  // 事实无人抚养: monthly

  // A visit 90 days ago: the next was due 60 days ago.
  auto visit = community.Post(
      path + "/visits", json::serialize(json::object{{"visited_on", DaysAgo(90)},
                                                     {"visitors", "测试儿童主任"},
                                                     {"seen", json::array{"girl", "caregiver"}},
                                                     {"findings", "测试：家中无成年人照看"},
                                                     {"needs", "生活救助"}}));
  ASSERT_EQ(visit.status, 201) << visit.raw.body;
  EXPECT_EQ(visit.json.at("next_visit_due").as_string(), DaysAgo(60));
  EXPECT_TRUE(visit.json.at("overdue").as_bool());
  EXPECT_EQ(visit.json.at("days_overdue").as_int64(), 60);
  ASSERT_EQ(visit.json.at("visits").as_array().size(), 1u);
  EXPECT_EQ(visit.json.at("visits").as_array()[0].at("findings").as_string(),
            "测试：家中无成年人照看");

  // In the community's visit inbox.
  auto due = community.Get("/api/v1/registry/due");
  ASSERT_EQ(due.status, 200);
  bool listed = false;
  for (const auto& e : due.json.at("entries").as_array()) listed |= e.at("id").as_int64() == id;
  EXPECT_TRUE(listed) << due.raw.body;

  // The sweep raises a 督办 the coordinator and the leader see, without identity.
  ApiClient leader = TestFixture::As("leader");
  bool raised = false;
  for (int i = 0; i < 60 && !raised; ++i) {
    auto list = leader.Get("/api/v1/registry/escalations");
    ASSERT_EQ(list.status, 200) << list.raw.body;
    for (const auto& e : list.json.at("escalations").as_array()) {
      if (e.at("entry_id").as_int64() == id) {
        raised = true;
        EXPECT_EQ(e.at("unit_code").as_string(), "NG-SQ");
        EXPECT_EQ(e.at("due_on").as_string(), DaysAgo(60));
      }
    }
    EXPECT_EQ(list.raw.body.find("测试乙女"), std::string::npos);
    if (!raised) std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_TRUE(raised) << "no escalation within 15 s";
  ApiClient coordinator = TestFixture::As("coordinator");
  auto open = coordinator.Get("/api/v1/registry/escalations");
  EXPECT_NE(open.raw.body.find("\"entry_id\":" + std::to_string(id)), std::string::npos);

  // Today's visit: on the clock again, and the 督办 closes.
  auto today = community.Post(
      path + "/visits",
      json::serialize(json::object{{"visited_on", DaysAgo(0)}, {"seen", json::array{"girl"}}}));
  ASSERT_EQ(today.status, 201) << today.raw.body;
  EXPECT_FALSE(today.json.at("overdue").as_bool());
  EXPECT_EQ(today.json.at("next_visit_due").as_string(), DaysAgo(-30));
  EXPECT_FALSE(today.json.at("visits").as_array()[0].at("on_time").as_bool());
  auto closed = leader.Get("/api/v1/registry/escalations?state=closed");
  EXPECT_NE(closed.raw.body.find("\"entry_id\":" + std::to_string(id)), std::string::npos);
  auto still = leader.Get("/api/v1/registry/escalations");
  EXPECT_EQ(still.raw.body.find("\"entry_id\":" + std::to_string(id)), std::string::npos);
}

TYPED_TEST(PreventionApiTest, BadInputIsRefusedFieldByFieldAndChangesNothing) {
  ApiClient teacher = TestFixture::As("teacher");
  ApiClient auditor = TestFixture::As("auditor");
  auto created = teacher.Post("/api/v1/registry",
                              json::serialize(Girl("测试丙女", IdNumber("20130101", 13), "L13")));
  ASSERT_EQ(created.status, 201) << created.raw.body;
  const int64_t id = created.json.at("id").as_int64();
  const std::string path = "/api/v1/registry/" + std::to_string(id);

  struct Bad {
    json::object body;
    std::string field, reason;
  };
  json::object boy = Girl("测试男童", IdNumber("20130101", 13), "");
  boy["id_number"] = std::string(IdNumber("20130101", 13)).substr(0, 16) + "1" + "X";
  std::vector<Bad> bad = {
      {{{"grade", "一年级"}}, "name", "required"},
      {{{"name", "测试"}, {"vulnerability_classes", json::array{"no_such_class"}}},
       "vulnerability_classes",
       "unknown_value"},
      {{{"name", "测试"}, {"id_number", "230103201301010000"}}, "id_number", "bad_check_digit"},
      {{{"name", "测试"}, {"birth_date", "2000-01-01"}}, "birth_date", "not_a_minor"},
      {{{"name", "测试"}, {"birth_date", DaysAgo(-3)}}, "birth_date", "in_future"},
      {{{"name", "测试"}, {"student_no", "G-1 2"}}, "student_no", "bad_format"},
      {{{"name", "测试"}, {"family_situations", json::array{"father_away", "father_away"}}},
       "family_situations",
       "duplicate"},
      {{{"name", "测试"}, {"risk_level", "severe"}}, "risk_level", "unknown_value"},
  };
  for (const auto& b : bad) {
    auto r = teacher.Post("/api/v1/registry", json::serialize(b.body));
    EXPECT_EQ(r.status, 400) << json::serialize(b.body) << " " << r.raw.body;
    EXPECT_EQ(FieldCode(r, b.field), b.reason) << r.raw.body;
  }
  // A visit in the future; a visit of an entry of another unit.
  auto future =
      teacher.Post(path + "/visits", json::serialize(json::object{{"visited_on", DaysAgo(-1)}}));
  EXPECT_EQ(future.status, 400);
  EXPECT_EQ(FieldCode(future, "visited_on"), "in_future");
  ApiClient other_school = TestFixture::As("principal2");
  EXPECT_EQ(
      other_school.Post(path + "/visits", json::serialize(json::object{{"visited_on", DaysAgo(1)}}))
          .status,
      404);

  // PATCH: If-Match required and current; a lower risk level needs a reason.
  const int64_t since = Seq(auditor);
  auto missing = teacher.Send(Method::kPatch, path, R"({"grade":"五年级"})");
  EXPECT_EQ(missing.status, 428) << missing.raw.body;
  auto stale = teacher.Send(Method::kPatch, path, R"({"grade":"五年级"})", {{"if-match", "\"7\""}});
  EXPECT_EQ(stale.status, 412) << stale.raw.body;
  auto no_reason =
      teacher.Send(Method::kPatch, path, R"({"risk_level":"low"})", {{"if-match", "\"1\""}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(FieldCode(no_reason, "reason"), "required");
  auto unchanged = teacher.Get(path);
  EXPECT_EQ(unchanged.json.at("version").as_int64(), 1);
  EXPECT_EQ(unchanged.json.at("risk_level").as_string(), "medium");
  EXPECT_EQ(unchanged.json.at("grade").as_string(), "四年级");
  auto rows = AuditEntries(
      auditor, [](const json::object& e) { return e.at("action") == "registry.update"; }, since);
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& row : rows) EXPECT_NE(row.at("result").as_string(), "ok");

  // With the reason: version 2, history records the change and the reason, not the identity.
  auto ok =
      teacher.Send(Method::kPatch, path,
                   R"({"risk_level":"low","reason":"测试：父母已返乡","phone":"13900005678"})",
                   {{"if-match", "\"1\""}});
  ASSERT_EQ(ok.status, 200) << ok.raw.body;
  EXPECT_EQ(ok.json.at("version").as_int64(), 2);
  const auto& history = ok.json.at("history").as_array();
  ASSERT_EQ(history.size(), 2u);
  const auto& change = history[1].at("change").as_object();
  EXPECT_EQ(change.at("risk_level").as_array()[1].as_string(), "low");
  EXPECT_EQ(change.at("identity").as_array()[0].as_string(), "phone");
  EXPECT_EQ(history[1].at("reason").as_string(), "测试：父母已返乡");
  EXPECT_EQ(ok.raw.body.find("13900005678"), std::string::npos);
}

TYPED_TEST(PreventionApiTest, ActivitiesAndStaffChecksAreRecordedAndCounted) {
  ApiClient teacher = TestFixture::As("teacher");
  auto activity = teacher.Post(
      "/api/v1/prevention/activities",
      json::serialize(json::object{
          {"kind", "sexual_abuse_prevention"},
          {"held_on", DaysAgo(2)},
          {"place", "测试第一小学礼堂"},
          {"audiences", json::array{"students", "guardians"}},
          {"participants", json::array{json::object{{"audience", "students"},
                                                    {"sex", "female"},
                                                    {"age_band", "age_7_12"},
                                                    {"n", 40}},
                                       json::object{{"audience", "students"},
                                                    {"sex", "male"},
                                                    {"age_band", "age_7_12"},
                                                    {"n", 38}},
                                       json::object{{"audience", "guardians"}, {"n", 20}}}}}));
  ASSERT_EQ(activity.status, 201) << activity.raw.body;
  EXPECT_EQ(activity.json.at("participants_total").as_int64(), 98);
  auto bad_activity =
      teacher.Post("/api/v1/prevention/activities",
                   json::serialize(json::object{{"kind", "dance"}, {"held_on", DaysAgo(-2)}}));
  EXPECT_EQ(bad_activity.status, 400);
  EXPECT_EQ(FieldCode(bad_activity, "kind"), "unknown_value");
  EXPECT_EQ(FieldCode(bad_activity, "held_on"), "in_future");
  EXPECT_EQ(FieldCode(bad_activity, "audiences"), "required");

  // 入职查询: a check 400 days ago is overdue for its yearly re-check.
  auto check = teacher.Post("/api/v1/staff-checks",
                            json::serialize(json::object{{"name", "测试教师"},
                                                         {"id_number", IdNumber("19900101", 31)},
                                                         {"position", "班主任"},
                                                         {"kind", "pre_hire"},
                                                         {"checked_on", DaysAgo(400)},
                                                         {"result", "no_record"}}));
  ASSERT_EQ(check.status, 201) << check.raw.body;
  EXPECT_EQ(check.json.at("name").as_string(), "测某某某");
  EXPECT_EQ(check.raw.body.find("19900101"), std::string::npos);
  auto refused = teacher.Post("/api/v1/staff-checks",
                              json::serialize(json::object{{"name", "测试应聘"},
                                                           {"id_number", IdNumber("19920202", 32)},
                                                           {"kind", "pre_hire"},
                                                           {"checked_on", DaysAgo(1)},
                                                           {"result", "record_not_hired"}}));
  ASSERT_EQ(refused.status, 201) << refused.raw.body;
  auto wrong = teacher.Post("/api/v1/staff-checks",
                            json::serialize(json::object{{"name", "测试"},
                                                         {"id_number", "123"},
                                                         {"kind", "pre_hire"},
                                                         {"checked_on", DaysAgo(1)},
                                                         {"result", "record_dismissed"}}));
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(FieldCode(wrong, "id_number"), "bad_length");
  EXPECT_EQ(FieldCode(wrong, "result"), "not_applicable");
  auto overdue = teacher.Get("/api/v1/staff-checks?filter=overdue");
  ASSERT_EQ(overdue.status, 200);
  ASSERT_EQ(overdue.json.at("checks").as_array().size(), 1u) << overdue.raw.body;
  EXPECT_TRUE(overdue.json.at("checks").as_array()[0].at("overdue").as_bool());
  // Another unit sees none of the school's staff; a police unit records none.
  ApiClient other = TestFixture::As("principal2");
  EXPECT_EQ(other.Get("/api/v1/staff-checks").json.at("checks").as_array().size(), 0u);
  EXPECT_EQ(TestFixture::As("police").Get("/api/v1/staff-checks").status, 200);
  EXPECT_EQ(TestFixture::As("leader").Get("/api/v1/staff-checks").status, 403);
  // The education bureau above the school sees the school's checks, masked.
  auto bureau = TestFixture::As("bureau").Get("/api/v1/staff-checks");
  ASSERT_EQ(bureau.status, 200);
  EXPECT_EQ(bureau.json.at("checks").as_array().size(), 2u) << bureau.raw.body;
  EXPECT_EQ(bureau.raw.body.find("测试教师"), std::string::npos);

  // The leader's counts of the district: exact (inside); the analyst's: small cells withheld.
  auto stats = TestFixture::As("leader").Get("/api/v1/prevention/stats");
  ASSERT_EQ(stats.status, 200) << stats.raw.body;
  int64_t checks_refused = -1;
  for (const auto& c : stats.json.at("staff_checks").as_array()) {
    if (c.at("unit_code") == "NG-XX" && c.at("result") == "record_not_hired")
      checks_refused = c.at("n").as_int64();
  }
  EXPECT_EQ(checks_refused, 1);
  int64_t participants = -1;
  for (const auto& c : stats.json.at("participants").as_array()) {
    if (c.at("unit_code") == "NG-XX" && c.at("kind") == "sexual_abuse_prevention")
      participants = c.at("n").as_int64();
  }
  EXPECT_EQ(participants, 98);
  bool overdue_counted = false;
  for (const auto& c : stats.json.at("staff_rechecks_overdue").as_array())
    overdue_counted |= c.at("unit_code") == "NG-XX" && c.at("n").as_int64() == 1;
  EXPECT_TRUE(overdue_counted) << stats.raw.body;
  auto withheld = TestFixture::As("analyst").Get("/api/v1/prevention/stats");
  ASSERT_EQ(withheld.status, 200);
  for (const auto& c : withheld.json.at("staff_checks").as_array()) {
    if (c.at("unit_code") == "NG-XX") {
      EXPECT_TRUE(c.at("n").is_null()) << withheld.raw.body;
    }
  }
  EXPECT_EQ(TestFixture::As("volunteer").Get("/api/v1/prevention/stats").status, 403);
}

TYPED_TEST(PreventionApiTest, ASchoolImportsItsListWithOneBadRow) {
  ApiClient school = TestFixture::As("principal2");
  const std::string header =
      "姓名,身份证号,学籍号,年级,家庭情况,重点关注类别,风险等级,监护人及联系方式\r\n";
  const std::string file =
      header + "测试导入一," + IdNumber("20140102", 41) + ",G" + IdNumber("20140102", 41) +
      ",三年级,父亲外出务工、母亲外出务工,留守,中,祖母 13800000001\r\n" +
      "测试导入二,230103201401020000,L20002,三年级,单亲,单亲,低,\r\n" +  // bad check digit
      "测试导入三,,L20003,二年级,,事实无人抚养,high,\r\n";
  auto post = [&](const std::string& mode, const std::string& body) {
    return school.Send(Method::kPost, "/api/v1/registry/import?mode=" + mode, body,
                       {{"content-type", "text/csv"}});
  };
  // The whole file: nothing stored, the error named by row and column.
  auto all = post("all", file);
  ASSERT_EQ(all.status, 200) << all.raw.body;
  EXPECT_EQ(all.json.at("rows").as_int64(), 3);
  EXPECT_EQ(all.json.at("valid").as_int64(), 2);
  EXPECT_FALSE(all.json.at("stored").as_bool());
  ASSERT_EQ(all.json.at("errors").as_array().size(), 1u) << all.raw.body;
  const auto& error = all.json.at("errors").as_array()[0];
  EXPECT_EQ(error.at("row").as_int64(), 3);
  EXPECT_EQ(error.at("column").as_string(), "身份证号");
  EXPECT_EQ(error.at("code").as_string(), "bad_check_digit");
  EXPECT_EQ(all.raw.body.find("230103201401020000"), std::string::npos);
  EXPECT_EQ(school.Get("/api/v1/registry").json.at("total").as_int64(), 0);
  // The valid rows only.
  auto some = post("valid_rows", file);
  ASSERT_EQ(some.status, 200) << some.raw.body;
  EXPECT_EQ(some.json.at("created").as_int64(), 2);
  auto list = school.Get("/api/v1/registry");
  EXPECT_EQ(list.json.at("total").as_int64(), 2);
  bool monthly = false;
  for (const auto& e : list.json.at("entries").as_array())
    monthly |= e.at("risk_level") == "high" && e.at("visit_interval_days").as_int64() == 30;
  EXPECT_TRUE(monthly) << list.raw.body;
  // The same file again changes nothing; a corrected row updates its girl.
  auto again = post("valid_rows", file);
  EXPECT_EQ(again.json.at("created").as_int64(), 0);
  EXPECT_EQ(again.json.at("unchanged").as_int64(), 2);
  auto corrected = post("all", header + "测试导入三,,L20003,三年级,,事实无人抚养,high,\r\n");
  EXPECT_EQ(corrected.json.at("updated").as_int64(), 1) << corrected.raw.body;
  EXPECT_EQ(school.Get("/api/v1/registry").json.at("total").as_int64(), 2);
  // Bad files: no name column, malformed CSV, unknown mode; the template imports cleanly.
  EXPECT_EQ(FieldCode(post("all", "年级\r\n三年级\r\n"), "file"), "missing_column");
  EXPECT_EQ(FieldCode(post("all", header + "\"unterminated\r\n"), "file"), "bad_format");
  EXPECT_EQ(FieldCode(post("everything", file), "mode"), "unknown_value");
  auto tpl = school.Get("/api/v1/registry/import/template");
  ASSERT_EQ(tpl.status, 200);
  auto checked = post("check", tpl.raw.body);
  EXPECT_EQ(checked.json.at("valid").as_int64(), 1) << checked.raw.body;
  EXPECT_EQ(checked.json.at("errors").as_array().size(), 0u) << checked.raw.body;
  // A list larger than an ordinary body (1 MB) is taken.
  std::string big = header;
  const std::string long_note(600, 'g');
  while (big.size() < (3u << 20)) big += "测试大表,,L30001,二年级,,留守,低," + long_note + "\r\n";
  auto large = post("check", big);
  EXPECT_EQ(large.status, 200) << large.raw.body.substr(0, 200);
  // A unit that keeps no registry imports nothing.
  EXPECT_EQ(TestFixture::As("police")
                .Send(Method::kPost, "/api/v1/registry/import?mode=all", file,
                      {{"content-type", "text/csv"}})
                .status,
            403);
}

}  // namespace
}  // namespace shouhu::apitest
