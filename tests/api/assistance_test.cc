// Proceedings, services and interviews over HTTP, on SQLite and PostgreSQL: the police record 受案
// and 立案 and the court decides protection orders (one in time, one late), each answer carrying
// its clock; every role and a unit without access are refused and the refusals audited; bad input
// is refused field by field and changes nothing; notes are not in the database file in clear.
// Every name and record is fictional.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <tuple>

#include "suite.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;
using http::Method;

json::object Intake(const std::string& name) {
  return json::object{
      {"child", json::object{{"name", name}, {"district_code", "230103"}}},
      {"incident", json::object{{"occurred_on", "2026-03-01"}, {"place_type", "home"}}},
      {"harm_types", json::array{"child_molestation"}},
      {"intake_channel", "walk_in"},
      {"discovered_at", "2026-03-02T08:00:00+08:00"}};
}

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Units and users of the district, a case led by the women's federation and shared with the
// police, the court, the hospital and a social organisation.
void SeedDistrict(ServerProcess& server) {
  server.Seed();
  auto run = [&](const std::vector<std::string>& args, const std::string& in = "") {
    auto r = server.Cli(args, in);
    ASSERT_EQ(r.exit_code, 0) << r.out;
  };
  for (const auto& [code, name, kind] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"NG-FY", "测试法院", "court"},
           {"NG-JC", "测试检察院", "procuratorate"},
           {"NG-YY", "测试医院", "health"},
           {"NG-SG", "测试社工", "social_org"},
           {"NG-LD", "测试领导小组", "leadership"},
           {"NG-XX", "测试学校", "education"},
           {"NG-GA2", "测试另一派出所", "police"}}) {
    run({"unit", "add", "--code", code, "--name", name, "--kind", kind, "--district", "230103"});
  }
  for (const auto& [user, unit, role] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"judge", "NG-FY", "caseworker"},
           {"prosecutor", "NG-JC", "caseworker"},
           {"doctor", "NG-YY", "caseworker"},
           {"volunteer", "NG-SG", "volunteer"},
           {"leader", "NG-LD", "leader"},
           {"analyst", "NG-LD", "analyst"},
           {"principal", "NG-XX", "reporter"},
           {"outsider", "NG-GA2", "caseworker"}}) {
    run({"user", "add", "--username", user, "--name", "测试" + user, "--unit", unit, "--role", role,
         "--password-stdin"},
        std::string(kUserPassword) + "\n");
  }
}

ApiClient SignIn(ServerProcess& server, const std::string& user, const std::string& lang = "") {
  ApiClient c(server.port(), lang);
  auto login = c.Login(user, user == "admin" ? kAdminPassword : kUserPassword);
  EXPECT_EQ(login.status, 200) << user << ": " << login.raw.body;
  return c;
}

// Opens a case and shares it with the units that work on it; returns its path.
std::string OpenSharedCase(ServerProcess& server, const std::string& name) {
  ApiClient coordinator = SignIn(server, "coordinator");
  auto created = coordinator.Post("/api/v1/cases", json::serialize(Intake(name)));
  EXPECT_EQ(created.status, 201) << created.raw.body;
  if (created.status != 201) return "/api/v1/cases/0";
  const std::string path = "/api/v1/cases/" + std::to_string(created.json.at("id").as_int64());
  for (const char* unit : {"NG-GA", "NG-FY", "NG-JC", "NG-YY", "NG-SG"}) {
    auto granted = coordinator.Post(
        path + "/grants",
        json::serialize(json::object{
            {"unit_code", unit}, {"reason", "task"}, {"legal_basis", "guardian_consent"}}));
    EXPECT_EQ(granted.status, 204) << granted.raw.body;
  }
  return path;
}

template <class Backend>
class AssistanceApiTest : public BackendSuite<Backend> {
 protected:
  static void SetUpTestSuite() { BackendSuite<Backend>::StartServer({.seed = SeedDistrict}); }
};
TYPED_TEST_SUITE(AssistanceApiTest, Backends, BackendNames);

const json::object* FindStage(const ApiClient::Reply& r, const std::string& stage) {
  for (const auto& s : r.json.at("stages").as_array()) {
    if (s.at("stage").as_string() == stage) return &s.as_object();
  }
  return nullptr;
}

TYPED_TEST(AssistanceApiTest, PoliceAndCourtRecordTheirStagesAgainstTheClocks) {
  const std::string path = OpenSharedCase(*TestFixture::server_, "测试进程");
  ApiClient police = TestFixture::As("police");
  const std::string registered = json::serialize(json::object{
      {"kind", "stage"}, {"stage", "police_registered"}, {"at", "2026-03-02T10:00:00+08:00"}});
  auto first =
      police.Send(Method::kPost, path + "/proceedings", registered, {{"idempotency-key", "reg-1"}});
  ASSERT_EQ(first.status, 201) << first.raw.body;
  EXPECT_EQ(first.json.at("created").at("kind"), "stage");
  // 受案 alone: 立案审查 is running.
  ASSERT_EQ(first.json.at("open_clocks").as_array().size(), 1u);
  EXPECT_EQ(first.json.at("open_clocks").at(0).at("clock"), "case_review");
  auto replay =
      police.Send(Method::kPost, path + "/proceedings", registered, {{"idempotency-key", "reg-1"}});
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.json.at("created").at("id"), first.json.at("created").at("id"));
  EXPECT_EQ(replay.json.at("stages").as_array().size(), 1u) << "a double submit records once";

  auto filed = police.Post(path + "/proceedings",
                           json::serialize(json::object{{"kind", "stage"},
                                                        {"stage", "case_filed"},
                                                        {"at", "2026-03-04T09:00:00+08:00"},
                                                        {"note", "测试立案备注"}}));
  ASSERT_EQ(filed.status, 201) << filed.raw.body;
  const json::object* stage = FindStage(filed, "case_filed");
  ASSERT_NE(stage, nullptr);
  const json::object& clock = stage->at("clock").as_object();
  EXPECT_EQ(clock.at("clock"), "case_review");
  EXPECT_EQ(clock.at("limit").at("days").as_int64(), 3);
  EXPECT_EQ(clock.at("elapsed_minutes").as_int64(), 47 * 60);
  EXPECT_EQ(clock.at("status"), "met");
  EXPECT_TRUE(clock.at("target_due_at").is_null()) << "no 优先 target for the police";
  EXPECT_EQ(stage->at("note"), "测试立案备注");
  EXPECT_EQ(stage->at("stage_zh"), "立案");
  // The same Idempotency-Key with another body is refused and records nothing.
  auto reused = police.Send(Method::kPost, path + "/proceedings",
                            R"({"kind":"warning_letter","at":"2026-03-02T11:00:00+08:00"})",
                            {{"idempotency-key", "reg-1"}});
  EXPECT_EQ(reused.status, 422) << reused.raw.body;

  // 审查批捕 with 优先: the procuratorate decides in 71 hours, within the 7 days and within the
  // 3.5-day target.
  ASSERT_EQ(
      police
          .Post(path + "/proceedings",
                R"({"kind":"stage","stage":"arrest_requested","at":"2026-03-05T10:00:00+08:00"})")
          .status,
      201);
  auto approved = TestFixture::As("prosecutor")
                      .Post(path + "/proceedings",
                            R"({"kind":"stage","stage":"arrest_approved","priority":true,)"
                            R"("at":"2026-03-08T09:00:00+08:00"})");
  ASSERT_EQ(approved.status, 201) << approved.raw.body;
  const json::object* arrest = FindStage(approved, "arrest_approved");
  ASSERT_NE(arrest, nullptr);
  EXPECT_TRUE(arrest->at("priority").as_bool());
  EXPECT_EQ(arrest->at("clock").at("limit").at("days").as_int64(), 7);
  EXPECT_EQ(arrest->at("clock").at("target_due_at"), "2026-03-08T14:00:00.000Z");
  EXPECT_TRUE(arrest->at("clock").at("target_met").as_bool());
  EXPECT_EQ(arrest->at("clock").at("status"), "met");

  // The court: an urgent protection order decided within 24 hours, and one decided late.
  ApiClient judge = TestFixture::As("judge");
  auto decide = [&](const char* applied, const char* decided, const char* outcome,
                    const char* valid_until) {
    auto a = judge.Post(
        path + "/proceedings",
        json::serialize(json::object{
            {"kind", "protection_order"}, {"action", "apply"}, {"urgent", true}, {"at", applied}}));
    EXPECT_EQ(a.status, 201) << a.raw.body;
    json::object d{{"kind", "protection_order"},
                   {"action", "decide"},
                   {"order_id", a.json.at("created").at("id")},
                   {"outcome", outcome},
                   {"at", decided}};
    if (*valid_until) d["valid_until"] = valid_until;
    auto r = judge.Post(path + "/proceedings", json::serialize(d));
    EXPECT_EQ(r.status, 201) << r.raw.body;
    for (const auto& o : r.json.at("protection_orders").as_array()) {
      if (o.at("id") == a.json.at("created").at("id")) return o.as_object();
    }
    return json::object();
  };
  const json::object in_time =
      decide("2026-03-02T12:00:00+08:00", "2026-03-03T08:00:00+08:00", "granted", "2026-08-31");
  EXPECT_EQ(in_time.at("state"), "granted");
  EXPECT_EQ(in_time.at("valid_until"), "2026-08-31");
  EXPECT_EQ(in_time.at("clock").at("limit").at("hours").as_int64(), 24);
  EXPECT_EQ(in_time.at("clock").at("status"), "met");
  const json::object late =
      decide("2026-03-05T09:00:00+08:00", "2026-03-06T15:00:00+08:00", "refused", "");
  EXPECT_EQ(late.at("state"), "refused");
  EXPECT_EQ(late.at("clock").at("status"), "missed");
  EXPECT_FALSE(late.at("clock").at("met").as_bool());

  // 告诫书 by the police; the leadership group sees no case record (aggregates only), the
  // coordinator sees it all.
  ASSERT_EQ(police
                .Post(path + "/proceedings",
                      R"({"kind":"warning_letter","at":"2026-03-03T10:00:00+08:00"})")
                .status,
            201);
  EXPECT_EQ(TestFixture::As("leader").Get(path + "/proceedings").status, 403);
  auto seen = TestFixture::As("coordinator").Get(path + "/proceedings");
  ASSERT_EQ(seen.status, 200) << seen.raw.body;
  EXPECT_EQ(seen.json.at("view"), "masked");
  EXPECT_EQ(seen.json.at("stages").as_array().size(), 4u);
  EXPECT_EQ(seen.json.at("warning_letters").as_array().size(), 1u);
  EXPECT_EQ(seen.json.at("protection_orders").as_array().size(), 2u);
  EXPECT_NE(seen.raw.body.find("测试立案备注"), std::string::npos)
      << "the case's coordinators read every unit's notes";

  // Services with money, and the recorded interview once.
  ApiClient doctor = TestFixture::As("doctor");
  auto service = doctor.Send(Method::kPost, path + "/services",
                             json::serialize(json::object{{"service_type", "health_counselling"},
                                                          {"delivered_on", "2026-03-06"},
                                                          {"hours", 1.5},
                                                          {"sessions", 1},
                                                          {"amount_yuan", "300.5"},
                                                          {"notes", "测试疏导情况"}}),
                             {{"idempotency-key", "svc-1"}});
  ASSERT_EQ(service.status, 201) << service.raw.body;
  EXPECT_EQ(service.json.at("items").at(0).at("amount_fen").as_int64(), 30050);
  EXPECT_EQ(service.json.at("items").at(0).at("amount_yuan"), "300.50");
  EXPECT_EQ(service.json.at("items").at(0).at("hours").as_double(), 1.5);
  EXPECT_EQ(service.json.at("totals").at("amount_yuan"), "300.50");
  auto volunteer = TestFixture::As("volunteer").Get(path + "/services");
  ASSERT_EQ(volunteer.status, 200) << volunteer.raw.body;
  EXPECT_EQ(volunteer.json.at("view"), "pseudonymous");
  EXPECT_FALSE(volunteer.json.at("items").at(0).as_object().contains("notes"));
  EXPECT_EQ(volunteer.raw.body.find("测试疏导情况"), std::string::npos);

  auto interview = police.Post(path + "/interviews",
                               json::serialize(json::object{{"at", "2026-03-02T15:00:00+08:00"},
                                                            {"viewer_unit_ids", json::array{}},
                                                            {"note", "测试一站式询问"}}));
  ASSERT_EQ(interview.status, 201) << interview.raw.body;
  EXPECT_EQ(interview.json.at("child_interview_count").as_int64(), 1);
  EXPECT_TRUE(interview.json.at("target_met").as_bool());
  auto again = police.Post(path + "/interviews", R"({"at":"2026-03-03T15:00:00+08:00"})");
  EXPECT_EQ(again.status, 400);
  EXPECT_FALSE(FieldError(again, "reason").empty()) << again.raw.body;

  // The timeline tells it.
  auto events = TestFixture::As("coordinator").Get(path + "/events");
  ASSERT_EQ(events.status, 200);
  std::map<std::string, int> kinds;
  for (const auto& e : events.json.at("items").as_array())
    ++kinds[std::string(e.at("kind").as_string())];
  EXPECT_EQ(kinds["proceeding_recorded"], 4);
  EXPECT_EQ(kinds["protection_order_applied"], 2);
  EXPECT_EQ(kinds["protection_order_decided"], 2);
  EXPECT_EQ(kinds["warning_letter_issued"], 1);
  EXPECT_EQ(kinds["service_recorded"], 1);
  EXPECT_EQ(kinds["interview_recorded"], 1);
  EXPECT_EQ(events.raw.body.find("测试"), std::string::npos) << "no notes in the timeline";
}

TYPED_TEST(AssistanceApiTest, EveryRoleGetsOnlyItsShareAndEveryRefusalIsAudited) {
  const std::string path = OpenSharedCase(*TestFixture::server_, "测试权限");
  const std::string case_id = path.substr(path.rfind('/') + 1);
  const std::map<std::string, std::string> bodies = {
      {path + "/proceedings",
       R"({"kind":"stage","stage":"police_registered","at":"2026-03-02T10:00:00+08:00"})"},
      {path + "/services",
       R"({"service_type":"social_org_volunteer","delivered_on":"2026-03-06"})"},
      {path + "/interviews", R"({"at":"2026-03-02T15:00:00+08:00"})"},
  };
  ApiClient auditor = TestFixture::As("auditor");
  auto newest = [&] {
    auto log = auditor.Get("/api/v1/audit?limit=1");
    return log.status == 200 ? log.json.at("items").at(0).at("seq").as_int64() : int64_t{0};
  };
  auto refused_since = [&](int64_t since) {
    return !AuditEntries(
                auditor,
                [&](const json::object& e) {
                  return e.at("object_type") == "case" &&
                         e.at("object_id").as_string() == case_id &&
                         (e.at("result") == "denied" || e.at("result") == "not_found");
                },
                since)
                .empty();
  };
  // user -> {GET proceedings, GET services, GET interviews, POST proceedings, POST services,
  // POST interviews}
  const std::map<std::string, std::vector<int>> expected = {
      {"admin", {403, 403, 403, 403, 403, 403}},     {"auditor", {403, 403, 403, 403, 403, 403}},
      {"principal", {403, 403, 403, 403, 403, 403}}, {"outsider", {404, 404, 404, 404, 404, 404}},
      {"volunteer", {403, 200, 403, 403, 403, 403}}, {"leader", {403, 403, 403, 403, 403, 403}},
      {"analyst", {403, 403, 403, 403, 403, 403}},   {"doctor", {200, 200, 200, 403, 403, 403}},
  };
  for (const auto& [user, statuses] : expected) {
    ApiClient c = TestFixture::As(user);
    int i = 0;
    for (const Method method : {Method::kGet, Method::kPost}) {
      for (const char* resource : {"/proceedings", "/services", "/interviews"}) {
        const std::string target = path + resource;
        const int64_t before = newest();
        auto r = c.Send(method, target, method == Method::kPost ? bodies.at(target) : "");
        const int want = statuses[i++];
        EXPECT_EQ(r.status, want) << user << " " << http::MethodName(method) << " " << target
                                  << ": " << r.raw.body;
        if (want != 200) {
          EXPECT_TRUE(refused_since(before)) << "refusal not audited: " << user << " "
                                             << http::MethodName(method) << " " << target;
        }
      }
    }
  }
  // Nothing was recorded by anyone refused.
  auto after = TestFixture::As("coordinator").Get(path + "/proceedings");
  EXPECT_TRUE(after.json.at("stages").as_array().empty());
  EXPECT_TRUE(
      TestFixture::As("coordinator").Get(path + "/services").json.at("items").as_array().empty());
}

struct BadInput {
  const char* name;
  const char* resource;
  std::string body;
  int status;
  const char* field;
};

TYPED_TEST(AssistanceApiTest, BadInputIsRefusedFieldByFieldAndChangesNothing) {
  const std::string path = OpenSharedCase(*TestFixture::server_, "测试校验");
  ApiClient police = TestFixture::As("police");
  ASSERT_EQ(
      police
          .Post(path + "/proceedings",
                R"({"kind":"stage","stage":"police_registered","at":"2026-03-02T10:00:00+08:00"})")
          .status,
      201);
  const std::vector<BadInput> cases = {
      {"future", "/proceedings",
       R"({"kind":"stage","stage":"case_filed","at":"2099-01-01T00:00:00+08:00"})", 400, "at"},
      {"before_reference", "/proceedings",
       R"({"kind":"stage","stage":"case_filed","at":"2026-03-01T10:00:00+08:00"})", 422, "at"},
      {"reference_missing", "/proceedings",
       R"({"kind":"stage","stage":"solved","at":"2026-03-05T10:00:00+08:00"})", 422, "stage"},
      {"unknown_stage", "/proceedings",
       R"({"kind":"stage","stage":"arrested","at":"2026-03-05T10:00:00+08:00"})", 400, "stage"},
      {"repeat", "/proceedings",
       R"({"kind":"stage","stage":"police_registered","at":"2026-03-05T10:00:00+08:00"})", 409,
       "stage"},
      {"no_reason", "/proceedings",
       R"({"kind":"stage","stage":"case_not_filed","at":"2026-03-05T10:00:00+08:00"})", 400,
       "reason"},
      {"too_long_note", "/proceedings",
       R"({"kind":"warning_letter","at":"2026-03-05T10:00:00+08:00","note":")" +
           std::string(2001, 'x') + "\"}",
       400, "note"},
      {"unknown_field", "/proceedings",
       R"({"kind":"warning_letter","at":"2026-03-05T10:00:00+08:00","mood":"x"})", 400, "mood"},
      {"negative_money", "/services",
       R"({"service_type":"social_org_volunteer","delivered_on":"2026-03-06","amount_yuan":"-5"})",
       400, "amount_yuan"},
      {"three_decimals", "/services",
       R"({"service_type":"social_org_volunteer","delivered_on":"2026-03-06","amount_yuan":"5.001"})",
       400, "amount_yuan"},
      {"service_future", "/services",
       R"({"service_type":"social_org_volunteer","delivered_on":"2099-03-06"})", 400,
       "delivered_on"},
      {"service_type", "/services", R"({"service_type":"massage","delivered_on":"2026-03-06"})",
       400, "service_type"},
      {"service_note", "/services",
       R"({"service_type":"social_org_volunteer","delivered_on":"2026-03-06","notes":")" +
           std::string(2001, 'y') + "\"}",
       400, "notes"},
      {"interview_viewer", "/interviews",
       R"({"at":"2026-03-02T15:00:00+08:00","viewer_unit_ids":[99999]})", 400, "viewer_unit_ids"},
  };
  ApiClient coordinator = TestFixture::As("coordinator");
  ApiClient en(TestFixture::server_->port(), "en");
  ASSERT_EQ(en.Login("coordinator", kUserPassword).status, 200);
  auto snapshot = [&] {
    return coordinator.Get(path + "/proceedings").raw.body +
           coordinator.Get(path + "/services").raw.body +
           coordinator.Get(path + "/interviews").raw.body +
           std::to_string(coordinator.Get(path + "/events").json.at("items").as_array().size());
  };
  const std::string before = snapshot();
  for (const BadInput& bad : cases) {
    ApiClient& caller = std::string(bad.resource) == "/proceedings" ? police : en;
    auto r = caller.Post(path + bad.resource, bad.body);
    EXPECT_EQ(r.status, bad.status) << bad.name << ": " << r.raw.body;
    EXPECT_FALSE(FieldError(r, bad.field).empty())
        << bad.name << " should name " << bad.field << ": " << r.raw.body;
  }
  EXPECT_EQ(snapshot(), before) << "refused input changed something";
  // Error messages come in both languages.
  auto zh =
      police.Post(path + "/proceedings",
                  R"({"kind":"stage","stage":"case_filed","at":"2026-03-01T10:00:00+08:00"})");
  EXPECT_EQ(ErrorCode(zh), "out_of_order");
  EXPECT_NE(zh.raw.body.find("顺序"), std::string::npos) << zh.raw.body;
  auto english =
      en.Post(path + "/proceedings",
              R"({"kind":"stage","stage":"case_filed","at":"2026-03-01T10:00:00+08:00"})");
  EXPECT_NE(english.raw.body.find("Out of order"), std::string::npos) << english.raw.body;
}

TEST(AssistanceStorageTest, NotesAreNotInTheDatabaseFileInClear) {
  ServerProcess server;
  SeedDistrict(server);
  server.Start();
  const std::string path = OpenSharedCase(server, "测试密文");
  ApiClient police = SignIn(server, "police");
  ASSERT_EQ(
      police
          .Post(path + "/proceedings",
                R"({"kind":"stage","stage":"police_registered","at":"2026-03-02T10:00:00+08:00"})")
          .status,
      201);
  ASSERT_EQ(
      police
          .Post(
              path + "/proceedings",
              R"({"kind":"stage","stage":"case_not_filed","at":"2026-03-03T10:00:00+08:00","reason":"测试不立案理由甲","note":"测试程序备注乙"})")
          .status,
      201);
  ApiClient doctor = SignIn(server, "doctor");
  ASSERT_EQ(
      doctor
          .Post(
              path + "/services",
              R"({"service_type":"health_counselling","delivered_on":"2026-03-06","notes":"测试服务备注丙"})")
          .status,
      201);
  ASSERT_EQ(police
                .Post(path + "/interviews",
                      R"({"at":"2026-03-02T15:00:00+08:00","note":"测试询问备注丁"})")
                .status,
            201);
  const std::string db = server.sqlite_path();
  for (const std::string& file : {db, db + "-wal"}) {
    const std::string bytes = FileBytes(file);
    for (const char* secret :
         {"测试不立案理由甲", "测试程序备注乙", "测试服务备注丙", "测试询问备注丁"}) {
      EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " in " << file;
    }
  }
  // They read back in clear for the coordinator, and survive key rotation.
  ASSERT_EQ(server.Stop(SIGTERM), 0);
  auto rotated = server.Cli({"keys", "rotate"});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.out;
  server.Start();
  ApiClient coordinator = SignIn(server, "coordinator");
  auto p = coordinator.Get(path + "/proceedings");
  ASSERT_EQ(p.status, 200) << p.raw.body;
  EXPECT_NE(p.raw.body.find("测试不立案理由甲"), std::string::npos);
  EXPECT_NE(coordinator.Get(path + "/services").raw.body.find("测试服务备注丙"), std::string::npos);
  EXPECT_NE(coordinator.Get(path + "/interviews").raw.body.find("测试询问备注丁"),
            std::string::npos);
  ASSERT_EQ(server.Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace shouhu::apitest
