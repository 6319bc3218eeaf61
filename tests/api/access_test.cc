// Need-to-know over HTTP, on SQLite and PostgreSQL: each way an attacker found to a girl's
// identity (docs/ACCESS.md) stays closed, and every request leaves exactly one audit row with its
// true result. The role matrix is generated from the policy table over every route the router
// declares.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api/module.h"
#include "api/route_actions.h"
#include "domain/role.h"
#include "security/policy.h"
#include "suite.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;
using http::Method;

json::object Intake(const std::string& name, const std::string& id_number,
                    const std::string& district, const std::string& school) {
  // The birth date the ID number encodes (the held girl's when there is none).
  const std::string birth =
      id_number.empty()
          ? "2013-05-12"
          : id_number.substr(6, 4) + "-" + id_number.substr(10, 2) + "-" + id_number.substr(12, 2);
  return json::object{
      {"child", json::object{{"name", name},
                             {"id_number", id_number},
                             {"birth_date", birth},
                             {"district_code", district},
                             {"school", school},
                             {"guardian", "测试监护人"},
                             {"phone", "13900002222"},
                             {"address", "测试市测试区测试路9号"}}},
      {"incident", json::object{{"occurred_on", "2026-03-01"},
                                {"place_type", "school"},
                                {"perpetrator_relationship", "teacher_school_staff"},
                                {"narrative", "测试案情"}}},
      {"harm_types", json::array{"child_molestation"}},
      {"intake_channel", "walk_in"},
      {"discovered_at", "2026-03-02T08:00:00+08:00"}};
}

std::string Rules(const std::string& dir) {
  const std::string path = dir + "/access-rules.toml";
  std::ofstream(path) << "[clocks]\nsweep_interval = \"1s\"\n";
  return path;
}

template <class Backend>
class AccessApiTest : public BackendSuite<Backend> {
 protected:
  static void SetUpTestSuite() {
    api::InstallModules();  // the modules' routes and rows, as the server has them
    static const std::string rules = Rules(::testing::TempDir());
    BackendSuite<Backend>::StartServer(
        {.options = {.config_toml = "[auth]\nlogin_rate_per_minute = 100000\n"
                                    "login_rate_burst = 100000\n[data]\nrules_file = \"" +
                                    rules + "\"\n"},
         .units = {{"NG-XX", "education", "230103", "测试学校"},
                   {"NG-LD", "leadership", "230103", "测试领导小组"},
                   {"NG-SG", "social_org", "230103", "测试社工"},
                   {"NG-YY", "health", "230103", "测试医院"},
                   {"BJ-FL", "womens_federation", "110101", "外区妇联"},
                   {"BJ-XX", "education", "110101", "外区学校"}},
         .users = {{"principal", "NG-XX", "reporter"},
                   {"leader", "NG-LD", "leader"},
                   {"analyst", "NG-LD", "analyst"},
                   {"volunteer", "NG-SG", "volunteer"},
                   {"doctor", "NG-YY", "caseworker"},
                   {"other", "BJ-FL", "coordinator"},
                   {"other_school", "BJ-XX", "caseworker"},
                   {"log_reader", "NG-FL", "auditor"}}});
  }
  static int64_t NewestSeq(ApiClient& auditor) {
    auto log = auditor.Get("/api/v1/audit?limit=1");
    EXPECT_EQ(log.status, 200) << log.raw.body;
    return log.status == 200 ? log.json.at("items").at(0).at("seq").as_int64() : 0;
  }
  // The id of the unit with `code`, as the unit directory lists it.
  static int64_t UnitId(ApiClient& c, const std::string& code) {
    auto units = c.Get("/api/v1/units");
    EXPECT_EQ(units.status, 200);
    for (const auto& u : units.json.at("items").as_array())
      if (u.at("code") == code.c_str()) return u.at("id").as_int64();
    ADD_FAILURE() << "no unit " << code;
    return 0;
  }
  static int64_t UserId(ApiClient& c) {
    auto me = c.Get("/api/v1/auth/me");
    EXPECT_EQ(me.status, 200);
    return me.json.at("user").at("id").as_int64();
  }
};
TYPED_TEST_SUITE(AccessApiTest, Backends, BackendNames);

// Findings 1 and 2: quoting a stored girl's ID number, or her name and birth date, from another
// unit or district neither links to her record nor shows it; the match goes to the coordinating
// unit that holds the record, and across districts neither side gains the other's identity.
TYPED_TEST(AccessApiTest, IntakeNeverRevealsOrLinksAStoredGirl) {
  ApiClient coordinator = TestFixture::As("coordinator");
  const std::string id_number = IdNumber("20130512", 41);
  auto held = coordinator.Post(
      "/api/v1/cases", json::serialize(Intake("测试甲女", id_number, "230103", "真实学校甲")));
  ASSERT_EQ(held.status, 201) << held.raw.body;
  const std::string held_path = "/api/v1/cases/" + std::to_string(held.json.at("id").as_int64());

  // A school in another district runs the girl's ID number through intake.
  ApiClient school = TestFixture::As("other_school");
  auto probe = school.Post("/api/v1/cases",
                           json::serialize(Intake("测试甲女", id_number, "110101", "探测学校")));
  ASSERT_EQ(probe.status, 201) << probe.raw.body;
  EXPECT_FALSE(probe.json.as_object().contains("linked_existing_child"));
  EXPECT_FALSE(probe.json.as_object().contains("duplicate_candidates"));
  EXPECT_EQ(probe.raw.body.find(held.json.at("case_number").as_string().c_str()), std::string::npos)
      << "the stored girl's case number does not come back";
  const std::string probe_path = "/api/v1/cases/" + std::to_string(probe.json.at("id").as_int64());
  auto clear = school.Post(probe_path + "/unmask", R"({"reason":"核对"})");
  ASSERT_EQ(clear.status, 200) << clear.raw.body;
  EXPECT_EQ(clear.json.at("child").at("school").as_string(), "探测学校");
  EXPECT_EQ(clear.raw.body.find("真实学校甲"), std::string::npos) << clear.raw.body;
  EXPECT_EQ(school.Get(held_path).status, 404) << "the stored case does not exist for the school";
  EXPECT_EQ(school.Get(probe_path + "/duplicates").status, 403);

  // The district holding the record is told (case number only) and sees the match, but not the
  // other district's case.
  auto notes = coordinator.Get("/api/v1/notifications");
  ASSERT_EQ(notes.status, 200);
  bool told = false;
  for (const auto& n : notes.json.at("items").as_array())
    told |= n.at("kind") == "possible_match" && n.at("case_id") == held.json.at("id");
  EXPECT_TRUE(told) << notes.raw.body;
  auto matches = coordinator.Get(held_path + "/duplicates");
  ASSERT_EQ(matches.status, 200) << matches.raw.body;
  ASSERT_EQ(matches.json.at("items").as_array().size(), 1u) << matches.raw.body;
  const auto& match = matches.json.at("items").at(0);
  EXPECT_FALSE(match.at("same_district").as_bool());
  EXPECT_TRUE(match.at("case_id").is_null()) << "no way into another district's case";
  EXPECT_EQ(match.at("district_code").as_string(), "110101");

  // The other district's coordinator confirms on her side: the link is recorded, nothing moves.
  ApiClient other = TestFixture::As("other");
  auto theirs = other.Get(probe_path + "/duplicates");
  ASSERT_EQ(theirs.status, 200) << theirs.raw.body;
  ASSERT_EQ(theirs.json.at("items").as_array().size(), 1u);
  auto confirmed = other.Post(
      probe_path + "/links",
      json::serialize(json::object{{"match_id", theirs.json.at("items").at(0).at("match_id")},
                                   {"decision", "confirm"}}));
  ASSERT_EQ(confirmed.status, 204) << confirmed.raw.body;
  auto after = other.Post(probe_path + "/unmask", R"({"reason":"核对"})");
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.json.at("child").at("school").as_string(), "探测学校");
  EXPECT_EQ(after.raw.body.find("真实学校甲"), std::string::npos)
      << "a cross-district link gains nobody the other's identity";
  EXPECT_EQ(other.Get(held_path).status, 404);
  auto decided = coordinator.Get(held_path + "/duplicates");
  EXPECT_EQ(decided.json.at("items").at(0).at("state").as_string(), "confirmed");
  // Deciding twice, or deciding a match of another case, is refused and changes nothing.
  auto twice = other.Post(
      probe_path + "/links",
      json::serialize(json::object{{"match_id", theirs.json.at("items").at(0).at("match_id")},
                                   {"decision", "reject"}}));
  EXPECT_EQ(twice.status, 409) << twice.raw.body;
  auto foreign =
      coordinator.Post(held_path + "/links", R"({"match_id":999999,"decision":"confirm"})");
  EXPECT_EQ(foreign.status, 400);
  EXPECT_NE(FieldError(foreign, "match_id"), "");

  // Name and birth date alone (no ID number) are a match too, never a link.
  auto namesake =
      school.Post("/api/v1/cases", json::serialize(Intake("测试甲女", "", "110101", "另一学校")));
  ASSERT_EQ(namesake.status, 201) << namesake.raw.body;
  auto more = coordinator.Get(held_path + "/duplicates");
  ASSERT_EQ(more.json.at("items").as_array().size(), 2u) << more.raw.body;
  EXPECT_EQ(more.json.at("items").at(1).at("reason").as_string(), "name_and_birth_date");
}

// Finding 4: a unit holding a task cannot take the lead; a downgrade needs a reason; the lead
// stays inside the case's district.
TYPED_TEST(AccessApiTest, TheLeadStaysWithTheDistrictAndDowngradesNeedAReason) {
  ApiClient coordinator = TestFixture::As("coordinator");
  auto created = coordinator.Post(
      "/api/v1/cases",
      json::serialize(Intake("测试乙女", IdNumber("20120101", 43), "230103", "学校")));
  ASSERT_EQ(created.status, 201) << created.raw.body;
  const std::string path = "/api/v1/cases/" + std::to_string(created.json.at("id").as_int64());
  ASSERT_EQ(
      coordinator.Post(path + "/assessments", R"({"risk_level":"high","harm_types":["rape"]})")
          .status,
      201);
  const int64_t police = TestFixture::UnitId(coordinator, "NG-GA");
  ASSERT_EQ(coordinator
                .Post(path + "/referrals",
                      json::serialize(json::object{
                          {"tasks", json::array{json::object{{"unit_id", police},
                                                             {"task_type", "police_register"}}}}}))
                .status,
            201);
  ApiClient officer = TestFixture::As("police");
  auto mine = officer.Get(path);
  ASSERT_EQ(mine.status, 200) << mine.raw.body;
  const std::string etag(mine.raw.Header("etag"));
  auto takeover =
      officer.Send(Method::kPatch, path, R"({"lead_unit_code":"NG-GA"})", {{"if-match", etag}});
  EXPECT_EQ(takeover.status, 403) << takeover.raw.body;
  auto downgrade =
      officer.Send(Method::kPatch, path, R"({"risk_level":"low"})", {{"if-match", etag}});
  EXPECT_EQ(downgrade.status, 403) << "a unit with a task does not reclassify the case";
  auto current = coordinator.Get(path);
  EXPECT_EQ(current.json.at("lead_unit_id"), created.json.at("lead_unit_id"));
  EXPECT_EQ(current.json.at("risk_level").as_string(), "high");
  const std::string tag(current.raw.Header("etag"));
  auto silent =
      coordinator.Send(Method::kPatch, path, R"({"risk_level":"low"})", {{"if-match", tag}});
  EXPECT_EQ(silent.status, 400);
  EXPECT_EQ(FieldError(silent, "reason").empty(), false) << silent.raw.body;
  auto away =
      coordinator.Send(Method::kPatch, path, R"({"lead_unit_code":"BJ-FL"})", {{"if-match", tag}});
  EXPECT_EQ(away.status, 400) << away.raw.body;
  EXPECT_NE(FieldError(away, "lead_unit_code"), "");
  auto justified = coordinator.Send(Method::kPatch, path,
                                    R"({"risk_level":"medium","reason":"已安置, 风险降低"})",
                                    {{"if-match", tag}});
  EXPECT_EQ(justified.status, 200) << justified.raw.body;
}

// Finding 5: a unit reads its own task's note, not another unit's; the coordinator reads all.
TYPED_TEST(AccessApiTest, ATasksFreeTextIsForItsUnitAndTheCoordinators) {
  ApiClient coordinator = TestFixture::As("coordinator");
  auto created = coordinator.Post(
      "/api/v1/cases",
      json::serialize(Intake("测试丙女", IdNumber("20120202", 45), "230103", "学校")));
  ASSERT_EQ(created.status, 201);
  const std::string path = "/api/v1/cases/" + std::to_string(created.json.at("id").as_int64());
  ASSERT_EQ(coordinator.Post(path + "/assessments", R"({"risk_level":"medium"})").status, 201);
  const int64_t police = TestFixture::UnitId(coordinator, "NG-GA");
  const int64_t hospital = TestFixture::UnitId(coordinator, "NG-YY");
  auto sent = coordinator.Post(
      path + "/referrals", json::serialize(json::object{
                               {"tasks", json::array{json::object{{"unit_id", police},
                                                                  {"task_type", "police_register"},
                                                                  {"note", "公安备注甲"}},
                                                     json::object{{"unit_id", hospital},
                                                                  {"task_type", "health_treatment"},
                                                                  {"note", "医院备注乙"}}}}}));
  ASSERT_EQ(sent.status, 201) << sent.raw.body;
  auto seen_by_police = TestFixture::As("police").Get(path + "/referrals");
  ASSERT_EQ(seen_by_police.status, 200) << seen_by_police.raw.body;
  EXPECT_NE(seen_by_police.raw.body.find("公安备注甲"), std::string::npos);
  EXPECT_EQ(seen_by_police.raw.body.find("医院备注乙"), std::string::npos)
      << "another unit's note stays with that unit";
  auto seen_by_coordinator = coordinator.Get(path + "/referrals");
  EXPECT_NE(seen_by_coordinator.raw.body.find("医院备注乙"), std::string::npos);
  // Once the unit's task is done, its note leaves the "done" inbox with it.
  ApiClient doctor = TestFixture::As("doctor");
  auto inbox = doctor.Get("/api/v1/referrals");
  int64_t task = 0;
  for (const auto& t : inbox.json.at("items").as_array())
    if (t.at("case_id") == created.json.at("id")) task = t.at("id").as_int64();
  ASSERT_GT(task, 0) << inbox.raw.body;
  ASSERT_EQ(doctor.Post("/api/v1/referrals/" + std::to_string(task) + "/accept", "{}").status, 200);
  ASSERT_EQ(doctor
                .Post("/api/v1/referrals/" + std::to_string(task) + "/complete",
                      R"({"outcome":"已就诊"})")
                .status,
            200);
  auto done = doctor.Get("/api/v1/referrals?state=done");
  ASSERT_EQ(done.status, 200);
  EXPECT_NE(done.raw.body.find(created.json.at("case_number").as_string().c_str()),
            std::string::npos);
  EXPECT_EQ(done.raw.body.find("医院备注乙"), std::string::npos) << done.raw.body;
  EXPECT_EQ(done.raw.body.find("已就诊"), std::string::npos);
  EXPECT_EQ(doctor.Get(path).status, 404) << "and the unit's sight of the case ends";
}

// Finding 6 (the grant half): a coordinator's grant records its legal basis and an end; a grant
// to a social organisation needs the guardian's consent; bad input changes nothing.
TYPED_TEST(AccessApiTest, GrantsRecordALegalBasisAndEnd) {
  ApiClient coordinator = TestFixture::As("coordinator");
  auto created = coordinator.Post(
      "/api/v1/cases",
      json::serialize(Intake("测试丁女", IdNumber("20120303", 47), "230103", "学校")));
  ASSERT_EQ(created.status, 201);
  const std::string path = "/api/v1/cases/" + std::to_string(created.json.at("id").as_int64());
  for (const char* bad :
       {R"({"unit_code":"NG-SG"})", R"({"unit_code":"NG-YY","days":0})",
        R"({"unit_code":"NG-YY","days":91})", R"({"unit_code":"NG-YY","legal_basis":"whim"})"}) {
    auto r = coordinator.Post(path + "/grants", bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.raw.body;
  }
  EXPECT_EQ(TestFixture::As("doctor").Get(path).status, 404) << "nothing was granted";
  ASSERT_EQ(coordinator.Post(path + "/grants", R"({"unit_code":"NG-YY","days":7})").status, 204);
  EXPECT_EQ(TestFixture::As("doctor").Get(path).status, 200);
  auto events = coordinator.Get(path + "/events");
  bool recorded = false;
  for (const auto& e : events.json.at("items").as_array()) {
    if (e.at("kind") != "grant_added") continue;
    recorded =
        e.at("detail").at("legal_basis") == "statutory_duty" && e.at("detail").at("days") == 7;
  }
  EXPECT_TRUE(recorded) << events.raw.body;
}

// Finding 7: a well-formed district code that no coordinating unit serves is refused beside the
// field, and nothing is filed.
TYPED_TEST(AccessApiTest, AnUnknownDistrictIsRefusedNotHidden) {
  ApiClient coordinator = TestFixture::As("coordinator");
  auto before = coordinator.Get("/api/v1/cases?limit=200");
  const size_t count = before.json.at("items").as_array().size();
  auto typo = coordinator.Post(
      "/api/v1/cases",
      json::serialize(Intake("测试戊女", IdNumber("20120404", 49), "230109", "学校")));
  EXPECT_EQ(typo.status, 400) << typo.raw.body;
  EXPECT_NE(FieldError(typo, "child.district_code"), "") << typo.raw.body;
  auto principal = TestFixture::As("principal");
  json::object report = Intake("测试戊女", IdNumber("20120404", 49), "230109", "学校");
  report.erase("intake_channel");
  report["reporter_category"] = "school_kindergarten";
  report["situation_code"] = "R2";
  EXPECT_EQ(principal.Post("/api/v1/reports/mandatory", json::serialize(report)).status, 400);
  EXPECT_EQ(coordinator.Get("/api/v1/cases?limit=200").json.at("items").as_array().size(), count);
}

// Finding 11: requests without a session write no row each; they are summarised per client and
// route once per sweep interval.
TYPED_TEST(AccessApiTest, AnonymousRefusalsAreSummarisedNotOneRowEach) {
  ApiClient auditor = TestFixture::As("auditor");
  const int64_t since = TestFixture::NewestSeq(auditor);
  ApiClient anonymous(TestFixture::server_->port());
  for (int i = 0; i < 30; ++i) ASSERT_EQ(anonymous.Get("/api/v1/cases/1").status, 401);
  auto summaries = [&] {
    return AuditEntries(
        auditor,
        [](const json::object& e) {
          return e.at("action") == "request.unauthenticated" &&
                 e.at("object_id") == "GET /api/v1/cases/{id}";
        },
        since);
  };
  EXPECT_LE(summaries().size(), 1u) << "never one row per request";
  std::vector<json::object> rows;
  for (int i = 0; i < 50 && rows.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    rows = summaries();
  }
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("result"), "denied");
  EXPECT_NE(std::string(rows[0].at("detail").as_string()).find("count=30"), std::string::npos)
      << json::serialize(rows[0]);
}

// Finding 10 and "every route declared": for every route the router has and every role, the
// policy table's answer is the server's answer, and the request leaves exactly one audit row of
// the caller with its true result.
TYPED_TEST(AccessApiTest, EveryRouteAndRoleLeavesOneTruthfulAuditRow) {
  ApiClient coordinator = TestFixture::As("coordinator");
  auto created = coordinator.Post(
      "/api/v1/cases",
      json::serialize(Intake("测试己女", IdNumber("20120505", 51), "230103", "学校")));
  ASSERT_EQ(created.status, 201);
  const std::string case_id = std::to_string(created.json.at("id").as_int64());
  // The log is read by a second auditor, so that the walked auditor's rows are hers alone.
  ApiClient auditor = TestFixture::As("log_reader");
  const std::map<std::string, domain::Role> users = {
      {"admin", domain::Role::kAdmin},        {"coordinator", domain::Role::kCoordinator},
      {"leader", domain::Role::kLeader},      {"police", domain::Role::kCaseworker},
      {"principal", domain::Role::kReporter}, {"volunteer", domain::Role::kVolunteer},
      {"auditor", domain::Role::kAuditor},    {"analyst", domain::Role::kAnalyst},
  };
  // Every route the server registers (the OpenAPI document lists exactly the router's).
  auto doc = coordinator.Get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  int checked = 0;
  for (const auto& [user, role] : users) {
    ApiClient c = TestFixture::As(user);
    const int64_t uid = TestFixture::UserId(c);
    for (const auto& [pattern, item] : doc.json.at("paths").as_object()) {
      for (const auto& [verb, op] : item.as_object()) {
        if (verb == "parameters") continue;
        std::string method(verb);
        for (auto& ch : method)
          ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        const auto action = api::ActionOf(method, std::string(pattern));
        if (!action) continue;  // a public route (sign-in, health, the document itself)
        // Sessions must survive the walk; those two are tested on their own.
        if (*action == "auth.logout" || *action == "auth.password") continue;
        std::string target(pattern);
        const bool on_case = target.starts_with("/api/v1/cases/{id}");
        for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
                 {"{id}", on_case ? case_id : "999999"},
                 {"{name}", "age_band"},
                 {"{layout}", "white_paper"}}) {
          if (auto at = target.find(name); at != std::string::npos)
            target.replace(at, name.size(), value);
        }
        const Method m = method == "GET"     ? Method::kGet
                         : method == "POST"  ? Method::kPost
                         : method == "PATCH" ? Method::kPatch
                         : method == "PUT"   ? Method::kPut
                                             : Method::kDelete;
        const int64_t since = TestFixture::NewestSeq(auditor);
        auto r = c.Send(m, target, m == Method::kGet || m == Method::kDelete ? "" : "{}",
                        {{"if-match", "\"999\""}});
        const auto rows = AuditEntries(
            auditor, [&](const json::object& e) { return e.at("user_id") == uid; }, since);
        const std::string what = user + " " + method + " " + target + " -> " +
                                 std::to_string(r.status) + " " + r.raw.body.substr(0, 200);
        ASSERT_EQ(rows.size(), 1u) << what;
        const std::string result(rows[0].at("result").as_string());
        EXPECT_EQ(rows[0].at("action").as_string(), *action) << what;
        if (!security::RoleMayAttempt(*action, role)) {
          EXPECT_EQ(r.status, 403) << "the table refuses: " << what;
          EXPECT_EQ(result, "denied") << what;
        } else if (r.status >= 200 && r.status < 300) {
          EXPECT_EQ(result, "ok") << what;
        } else if (r.status == 403) {
          EXPECT_EQ(result, "denied") << what;
        } else {
          EXPECT_NE(result, "ok") << "a refusal or failure never reads ok: " << what;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 8 * 50) << "the walk covered the routes";
}

}  // namespace
}  // namespace shouhu::apitest
