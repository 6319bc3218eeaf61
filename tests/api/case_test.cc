// Cases over HTTP: intake from a school and a hospital, idempotent replays, linking by ID number,
// If-Match edits, masking and audited unmasking, need-to-know access for every role, validation of
// every intake rule, and encryption at rest (the database file, its WAL and a backup hold no
// plaintext identity).
#include <gtest/gtest.h>
#include <signal.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <tuple>
#include <type_traits>

#include "suite.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;
using http::Method;

json::object Report(const std::string& name, const std::string& id_number,
                    const std::string& district = "230103") {
  return json::object{
      {"child", json::object{{"name", name},
                             {"id_number", id_number},
                             {"district_code", district},
                             {"school", "示范学校(测试)"},
                             {"phone", "13900001111"},
                             {"address", "测试市测试区测试路1号"}}},
      {"incident", json::object{{"occurred_on", "2026-03-01"},
                                {"place_type", "school"},
                                {"perpetrator_relationship", "teacher_school_staff"},
                                {"narrative", "测试案情叙述甲乙丙"}}},
      {"harm_types", json::array{"child_molestation"}},
      {"reporter_category", "school_kindergarten"},
      {"situation_code", "R2"},
      {"discovered_at", "2026-03-02T08:00:00+08:00"}};
}

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

template <class Backend>
class CaseApiTest : public BackendSuite<Backend> {
 protected:
  static void SetUpTestSuite() {
    BackendSuite<Backend>::StartServer(
        {.units = {{"NG-XX", "education", "230103", "测试学校"},
                   {"NG-LD", "leadership", "230103", "测试领导小组"},
                   {"NG-SG", "social_org", "230103", "测试社工"},
                   {"NG-YY", "health", "230103", "测试医院"},
                   {"BJ-FL", "womens_federation", "110101", "外区妇联"}},
         .users = {{"principal", "NG-XX", "reporter"},
                   {"leader", "NG-LD", "leader"},
                   {"analyst", "NG-LD", "analyst"},
                   {"volunteer", "NG-SG", "volunteer"},
                   {"doctor", "NG-YY", "caseworker"},
                   {"other", "BJ-FL", "coordinator"}}});
  }
};
TYPED_TEST_SUITE(CaseApiTest, Backends, BackendNames);

TYPED_TEST(CaseApiTest, ReportToEditWalkthrough) {
  ApiClient principal = TestFixture::As("principal");
  const std::string id_number = IdNumber("20130512", 1);
  const std::string body = json::serialize(Report("测试小红", id_number));
  auto filed = principal.Send(Method::kPost, "/api/v1/reports/mandatory", body,
                              {{"idempotency-key", "form-1"}});
  ASSERT_EQ(filed.status, 201) << filed.raw.body;
  EXPECT_EQ(filed.json.at("view").as_string(), "receipt");
  EXPECT_FALSE(filed.json.as_object().contains("child"))
      << "a reporter sees a receipt, not the case";
  const int64_t case_id = filed.json.at("id").as_int64();
  EXPECT_NE(filed.json.at("case_number").as_string().find("NG-"), json::string::npos);

  // A double submit makes one case; the same key with another body is refused.
  auto replay = principal.Send(Method::kPost, "/api/v1/reports/mandatory", body,
                               {{"idempotency-key", "form-1"}});
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.json.at("id").as_int64(), case_id);
  auto reused = principal.Send(Method::kPost, "/api/v1/reports/mandatory",
                               json::serialize(Report("测试小兰", IdNumber("20120101", 2))),
                               {{"idempotency-key", "form-1"}});
  EXPECT_EQ(reused.status, 422);
  auto mine = principal.Get("/api/v1/reports/mandatory");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json.at("items").as_array().size(), 1u);

  // The coordinator sees it, masked.
  ApiClient coordinator = TestFixture::As("coordinator");
  auto got = coordinator.Get("/api/v1/cases/" + std::to_string(case_id));
  ASSERT_EQ(got.status, 200) << got.raw.body;
  EXPECT_EQ(got.json.at("view").as_string(), "masked");
  EXPECT_EQ(got.json.at("child").at("name").as_string(), "测某某某");
  // The masking rule of domain/masking.h: no ID or birth-date digit, the phone's last four, the
  // school's kind, the address down to the district.
  EXPECT_EQ(got.json.at("child").at("id_number").as_string(), std::string(18, '*'));
  EXPECT_EQ(got.json.at("child").at("birth_date").as_string(), "****-**-**");
  EXPECT_EQ(got.json.at("child").at("phone").as_string(), "*******1111");
  EXPECT_EQ(got.json.at("child").at("school").as_string(), "…");
  EXPECT_EQ(got.json.at("child").at("address").as_string(), "测试市测试区…");
  EXPECT_EQ(got.raw.body.find("测试小红"), std::string::npos);
  EXPECT_EQ(got.raw.body.find("测试案情"), std::string::npos)
      << "narratives stay hidden until unmasked";

  // The hospital reports the same girl: the doctor sees only what she submitted and a neutral
  // receipt; the match with the record already held goes to the coordinating unit to decide.
  ApiClient doctor = TestFixture::As("doctor");
  json::object hospital = Report("测试小红", id_number);
  hospital.erase("reporter_category");
  hospital.erase("situation_code");
  hospital["intake_channel"] = "hospital";
  hospital["child"].as_object()["school"] = "医生所填学校(测试)";
  auto second = doctor.Post("/api/v1/cases", json::serialize(hospital));
  ASSERT_EQ(second.status, 201) << second.raw.body;
  EXPECT_FALSE(second.json.as_object().contains("linked_existing_child"));
  EXPECT_FALSE(second.json.as_object().contains("duplicate_candidates"));
  EXPECT_NE(second.json.at("child").at("id").as_int64(), got.json.at("child").at("id").as_int64());
  const std::string second_path =
      "/api/v1/cases/" + std::to_string(second.json.at("id").as_int64());
  auto doctors_clear = doctor.Post(second_path + "/unmask", R"({"reason":"核对身份"})");
  ASSERT_EQ(doctors_clear.status, 200) << doctors_clear.raw.body;
  EXPECT_EQ(doctors_clear.json.at("child").at("school").as_string(), "医生所填学校(测试)")
      << "the filer reads back what she submitted, never the record held";
  EXPECT_EQ(doctors_clear.raw.body.find("示范学校"), std::string::npos);
  EXPECT_EQ(doctor.Get(second_path + "/duplicates").status, 403) << "the filer does not decide";
  auto matches = coordinator.Get(second_path + "/duplicates");
  ASSERT_EQ(matches.status, 200) << matches.raw.body;
  ASSERT_EQ(matches.json.at("items").as_array().size(), 1u);
  const auto& match = matches.json.at("items").at(0);
  EXPECT_EQ(match.at("reason").as_string(), "id_number");
  EXPECT_TRUE(match.at("same_district").as_bool());
  EXPECT_EQ(match.at("case_id").as_int64(), case_id);
  EXPECT_EQ(match.at("state").as_string(), "pending");
  auto confirmed = coordinator.Post(
      second_path + "/links",
      json::serialize(json::object{{"match_id", match.at("match_id")}, {"decision", "confirm"}}));
  ASSERT_EQ(confirmed.status, 204) << confirmed.raw.body;
  EXPECT_EQ(coordinator.Get(second_path).json.at("child").at("id").as_int64(),
            got.json.at("child").at("id").as_int64())
      << "one girl, one record, inside the district";
  EXPECT_EQ(doctor.Get(second_path).status, 404)
      << "the filing unit's sight ends when the case joins the record it never saw";

  // Edits need If-Match: missing 428, stale 412, current 200.
  const std::string path = "/api/v1/cases/" + std::to_string(case_id);
  const std::string patch = R"({"risk_level":"high","harm_types":["child_molestation","rape"]})";
  EXPECT_EQ(coordinator.Send(Method::kPatch, path, patch).status, 428);
  const std::string etag(got.raw.Header("etag"));
  ASSERT_FALSE(etag.empty());
  auto edited = coordinator.Send(Method::kPatch, path, patch, {{"if-match", etag}});
  ASSERT_EQ(edited.status, 200) << edited.raw.body;
  EXPECT_EQ(edited.json.at("risk_level").as_string(), "high");
  EXPECT_EQ(edited.json.at("version").as_int64(), got.json.at("version").as_int64() + 1);
  auto stale =
      coordinator.Send(Method::kPatch, path, R"({"risk_level":"low"})", {{"if-match", etag}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(coordinator.Get(path).json.at("risk_level").as_string(), "high")
      << "a stale edit changes nothing";
  EXPECT_EQ(
      coordinator
          .Send(Method::kPatch, path, R"({"risk_level":"extreme"})",
                {{"if-match", "\"" + std::to_string(edited.json.at("version").as_int64()) + "\""}})
          .status,
      400);

  // Unmasking needs a reason, shows the clear fields once, and is audited with the reason.
  EXPECT_EQ(coordinator.Post(path + "/unmask", R"({"reason":""})").status, 400);
  auto clear = coordinator.Post(path + "/unmask", R"({"reason":"联系监护人安排就医"})");
  ASSERT_EQ(clear.status, 200) << clear.raw.body;
  EXPECT_EQ(clear.json.at("child").at("name").as_string(), "测试小红");
  EXPECT_EQ(clear.json.at("child").at("id_number").as_string(), id_number);
  EXPECT_EQ(clear.json.at("incidents").at(0).at("narrative").as_string(), "测试案情叙述甲乙丙");
  EXPECT_EQ(coordinator.Get(path).json.at("child").at("name").as_string(), "测某某某")
      << "masked again afterwards";
  ApiClient auditor = TestFixture::As("auditor");
  auto log = auditor.Get("/api/v1/audit?limit=500");
  bool unmask_audited = false;
  for (const auto& e : log.json.at("items").as_array()) {
    if (e.at("action") == "case.unmask" && e.at("result") == "ok" &&
        e.at("detail") == "联系监护人安排就医")
      unmask_audited = true;
  }
  EXPECT_TRUE(unmask_audited);

  // The timeline records creation, the link and the edit.
  auto events = coordinator.Get(path + "/events");
  ASSERT_EQ(events.status, 200);
  EXPECT_GE(events.json.at("items").as_array().size(), 3u);
}

TYPED_TEST(CaseApiTest, EveryRoleIsRefusedACaseOfAnotherDistrictAndEachRefusalIsAudited) {
  ApiClient other = TestFixture::As("other");
  auto created = other.Post("/api/v1/cases", [] {
    json::object r = Report("测试外区", IdNumber("20110101", 7), "110101");
    r.erase("reporter_category");
    r.erase("situation_code");
    r["intake_channel"] = "walk_in";
    return json::serialize(r);
  }());
  ASSERT_EQ(created.status, 201) << created.raw.body;
  const std::string path = "/api/v1/cases/" + std::to_string(created.json.at("id").as_int64());
  const std::vector<std::pair<Method, std::string>> endpoints = {
      {Method::kGet, path},
      {Method::kPatch, path},
      {Method::kGet, path + "/events"},
      {Method::kPost, path + "/unmask"},
      {Method::kPost, path + "/grants"},
      {Method::kGet, path + "/duplicates"},
      {Method::kPost, path + "/links"},
  };
  const std::map<std::string, std::string> bodies = {
      {path, R"({"risk_level":"low"})"},
      {path + "/unmask", R"({"reason":"测试"})"},
      {path + "/grants", R"({"unit_code":"NG-GA"})"},
      {path + "/links", R"({"match_id":1,"decision":"confirm"})"}};
  ApiClient auditor = TestFixture::As("auditor");
  const std::string case_id = path.substr(path.rfind('/') + 1);
  // The newest audit sequence number, and whether a refusal about this case came after `since`.
  auto newest = [&] {
    auto log = auditor.Get("/api/v1/audit?limit=1");
    EXPECT_EQ(log.status, 200) << log.raw.body;
    return log.status == 200 ? log.json.at("items").at(0).at("seq").as_int64() : int64_t{0};
  };
  auto refused_since = [&](int64_t since) {
    auto log = auditor.Get("/api/v1/audit?limit=100");
    if (log.status != 200) return false;
    for (const auto& e : log.json.at("items").as_array()) {
      if (e.at("seq").as_int64() > since && e.at("object_type") == "case" &&
          e.at("object_id").as_string() == case_id &&
          (e.at("result") == "denied" || e.at("result") == "not_found")) {
        return true;
      }
    }
    return false;
  };
  for (const std::string user : {"admin", "coordinator", "leader", "police", "principal",
                                 "volunteer", "auditor", "analyst"}) {
    ApiClient c = TestFixture::As(user);
    for (const auto& [method, target] : endpoints) {
      const int64_t before = newest();
      const auto it = bodies.find(target);
      auto r =
          c.Send(method, target, it == bodies.end() ? "" : it->second, {{"if-match", "\"1\""}});
      EXPECT_NE(r.status, 200) << user << " " << http::MethodName(method) << " " << target;
      EXPECT_NE(r.status, 204) << user << " " << http::MethodName(method) << " " << target;
      EXPECT_TRUE(r.status == 403 || r.status == 404)
          << user << " " << target << " -> " << r.status << r.raw.body;
      EXPECT_TRUE(refused_since(before))
          << "refusal not audited: " << user << " " << http::MethodName(method) << " " << target;
    }
    auto list = c.Get("/api/v1/cases?limit=200");
    if (list.status == 200 && list.json.is_object()) {
      for (const auto& item : list.json.at("items").as_array()) {
        EXPECT_NE(item.at("id").as_int64(), created.json.at("id").as_int64())
            << user << " lists another district's case";
      }
    }
  }
}

TYPED_TEST(CaseApiTest, ViewsFollowTheRole) {
  ApiClient coordinator = TestFixture::As("coordinator");
  auto created = coordinator.Post("/api/v1/cases", [] {
    json::object r = Report("测试视图", IdNumber("20120606", 9));
    r["intake_channel"] = "hotline_12338";
    return json::serialize(r);
  }());
  ASSERT_EQ(created.status, 201) << created.raw.body;
  const std::string path = "/api/v1/cases/" + std::to_string(created.json.at("id").as_int64());
  // The leadership group and analysts see aggregates only: no case record, no list, no search.
  for (const char* role : {"leader", "analyst"}) {
    ApiClient c = TestFixture::As(role);
    auto read = c.Get(path);
    EXPECT_EQ(read.status, 403) << role << read.raw.body;
    EXPECT_EQ(read.raw.body.find("测"), std::string::npos) << role;
    EXPECT_EQ(c.Post(path + "/unmask", R"({"reason":"想看"})").status, 403) << role;
    EXPECT_EQ(c.Get("/api/v1/cases").status, 403) << role;
    EXPECT_EQ(c.Post("/api/v1/cases/search", R"({"name":"测试"})").status, 403) << role;
    EXPECT_EQ(c.Get("/api/v1/exports/cases").status, 403) << role;
    EXPECT_EQ(c.Get(path + "/events").status, 403) << role;
  }
  // A volunteer sees nothing until the case is shared with her organisation, then a pseudonym.
  EXPECT_EQ(TestFixture::As("volunteer").Get(path).status, 404);
  ASSERT_EQ(
      coordinator
          .Post(path + "/grants",
                R"({"unit_code":"NG-SG","reason":"志愿帮扶","legal_basis":"guardian_consent"})")
          .status,
      204);
  auto volunteer = TestFixture::As("volunteer").Get(path);
  ASSERT_EQ(volunteer.status, 200);
  EXPECT_EQ(volunteer.json.at("view").as_string(), "pseudonymous");
  EXPECT_FALSE(volunteer.json.at("pseudonym").as_string().empty());
  EXPECT_EQ(volunteer.raw.body.find("测试视图"), std::string::npos);
  EXPECT_FALSE(volunteer.json.as_object().contains("child"));
  // Nor can she map the pseudonym back to a name: no search, no timeline, no unmask.
  ApiClient volunteer_client = TestFixture::As("volunteer");
  EXPECT_EQ(volunteer_client.Post("/api/v1/cases/search", R"({"name":"测试视图"})").status, 403);
  EXPECT_EQ(volunteer_client.Get(path + "/events").status, 403);
  EXPECT_EQ(volunteer_client.Post(path + "/unmask", R"({"reason":"想看"})").status, 403);
  // Name search through blind indexes finds the case without plaintext in the database; the
  // name travels in a POST body, never in a URL.
  auto found = coordinator.Post("/api/v1/cases/search?limit=50", R"({"name":"试视"})");
  ASSERT_EQ(found.status, 200) << found.raw.body;
  for (const auto& refused :
       {coordinator.Get("/api/v1/cases?name=%E8%AF%95%E8%A7%86"),
        coordinator.Post("/api/v1/cases/search?name=%E8%AF%95%E8%A7%86", R"({"name":"试视"})")}) {
    EXPECT_EQ(refused.status, 400);
    EXPECT_NE(FieldError(refused, "name").find("POST /api/v1/cases/search"), std::string::npos);
  }
  auto nameless = coordinator.Post("/api/v1/cases/search", "{}");
  EXPECT_EQ(nameless.status, 400);
  EXPECT_NE(FieldError(nameless, "name"), "");
  auto filtered = coordinator.Post("/api/v1/cases/search?status=closed", R"({"name":"试视"})");
  ASSERT_EQ(filtered.status, 200);
  EXPECT_TRUE(filtered.json.at("items").as_array().empty());  // the query-string filters apply
  bool hit = false;
  for (const auto& item : found.json.at("items").as_array())
    hit |= item.at("id") == created.json.at("id");
  EXPECT_TRUE(hit);
}

TYPED_TEST(CaseApiTest, HotlineCallsAreLoggedAloneOrOpenACase) {
  ApiClient coordinator = TestFixture::As("coordinator");
  const std::string alone =
      json::serialize(json::object{{"received_at", "2026-03-02T09:00:00+08:00"},
                                   {"district_code", "230103"},
                                   {"caller_category", "parent_guardian"},
                                   {"summary", "来电咨询监护问题(测试)"}});
  auto logged = coordinator.Send(Method::kPost, "/api/v1/hotline/calls", alone,
                                 {{"idempotency-key", "call-1"}});
  ASSERT_EQ(logged.status, 201) << logged.raw.body;
  EXPECT_TRUE(logged.json.at("case").is_null());
  auto replay = coordinator.Send(Method::kPost, "/api/v1/hotline/calls", alone,
                                 {{"idempotency-key", "call-1"}});
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.json.at("call_id"), logged.json.at("call_id"));

  auto no_summary =
      coordinator.Post("/api/v1/hotline/calls",
                       json::serialize(json::object{{"received_at", "2026-03-02T09:00:00+08:00"},
                                                    {"district_code", "230103"}}));
  EXPECT_EQ(no_summary.status, 400);
  EXPECT_FALSE(FieldError(no_summary, "summary").empty()) << no_summary.raw.body;

  json::object intake = Report("测试来电", IdNumber("20120303", 31));
  intake.erase("reporter_category");
  intake.erase("situation_code");
  json::object call{
      {"received_at", "2026-03-02T09:00:00+08:00"}, {"district_code", "230103"}, {"case", intake}};
  auto opened = coordinator.Post("/api/v1/hotline/calls", json::serialize(call));
  ASSERT_EQ(opened.status, 201) << opened.raw.body;
  EXPECT_EQ(opened.json.at("case").at("intake_channel").as_string(), "hotline_12338");

  call["case"].as_object()["child"].as_object()["id_number"] = "230103201203030000";
  auto bad = coordinator.Post("/api/v1/hotline/calls", json::serialize(call));
  EXPECT_EQ(bad.status, 400);
  EXPECT_FALSE(FieldError(bad, "case.child.id_number").empty()) << bad.raw.body;

  EXPECT_EQ(TestFixture::As("principal").Post("/api/v1/hotline/calls", alone).status, 403);
}

struct BadIntake {
  const char* name;
  std::function<void(json::object&)> mutate;
  const char* field;
};

TYPED_TEST(CaseApiTest, EveryIntakeRuleIsCheckedAndChangesNothing) {
  const std::string good_id = IdNumber("20130512", 40);
  std::string bad_check = good_id;
  bad_check[17] = bad_check[17] == '0' ? '1' : '0';
  const std::vector<BadIntake> cases = {
      {"id_length", [](json::object& r) { r["child"].as_object()["id_number"] = "23010320130512"; },
       "child.id_number"},
      {"id_check_digit", [&](json::object& r) { r["child"].as_object()["id_number"] = bad_check; },
       "child.id_number"},
      {"id_birth_date",
       [](json::object& r) { r["child"].as_object()["id_number"] = "230103201302300026"; },
       "child.id_number"},
      {"id_future",
       [](json::object& r) { r["child"].as_object()["id_number"] = IdNumber("20990101", 1); },
       "child.id_number"},
      {"adult_on_incident",
       [](json::object& r) { r["child"].as_object()["id_number"] = IdNumber("19990101", 1); },
       "child.birth_date"},
      {"incident_future",
       [](json::object& r) { r["incident"].as_object()["occurred_on"] = "2099-01-01"; },
       "incident.occurred_on"},
      {"discovery_future",
       [](json::object& r) { r["discovered_at"] = "2099-01-01T00:00:00+08:00"; }, "discovered_at"},
      {"incident_after_discovery",
       [](json::object& r) { r["incident"].as_object()["occurred_on"] = "2026-03-05"; },
       "incident.occurred_on"},
      {"discovery_format", [](json::object& r) { r["discovered_at"] = "2026-03-02 08:00"; },
       "discovered_at"},
      {"phone", [](json::object& r) { r["child"].as_object()["phone"] = "12345"; }, "child.phone"},
      {"district", [](json::object& r) { r["child"].as_object()["district_code"] = "990101"; },
       "child.district_code"},
      {"harm_type", [](json::object& r) { r["harm_types"] = json::array{"nonsense"}; },
       "harm_types"},
      {"no_harm_type", [](json::object& r) { r["harm_types"] = json::array{}; }, "harm_types"},
      {"situation", [](json::object& r) { r["situation_code"] = "R10"; }, "situation_code"},
      {"reporter_category", [](json::object& r) { r["reporter_category"] = "nobody"; },
       "reporter_category"},
      {"place_type", [](json::object& r) { r["incident"].as_object()["place_type"] = "moon"; },
       "incident.place_type"},
      {"unknown_child_field", [](json::object& r) { r["child"].as_object()["shoe_size"] = "36"; },
       "child.shoe_size"},
      {"missing_child", [](json::object& r) { r.erase("child"); }, "child"},
  };
  ApiClient principal = TestFixture::As("principal");
  ApiClient coordinator = TestFixture::As("coordinator");
  const size_t before =
      coordinator.Get("/api/v1/cases?limit=200").json.at("items").as_array().size();
  ApiClient en(TestFixture::server_->port(), "en");
  ASSERT_EQ(en.Login("principal", kUserPassword).status, 200);
  for (const auto& bad : cases) {
    json::object body = Report("测试校验", good_id);
    bad.mutate(body);
    auto r = en.Post("/api/v1/reports/mandatory", json::serialize(body));
    EXPECT_EQ(r.status, 400) << bad.name << ": " << r.raw.body;
    EXPECT_FALSE(FieldError(r, bad.field).empty())
        << bad.name << " should name " << bad.field << ": " << r.raw.body;
  }
  EXPECT_EQ(coordinator.Get("/api/v1/cases?limit=200").json.at("items").as_array().size(), before);
  json::object late = Report("测试迟报", IdNumber("20130512", 41));
  late["discovered_at"] = "2026-03-02T08:00:00+08:00";  // reported now: months after discovery
  auto filed = principal.Post("/api/v1/reports/mandatory", json::serialize(late));
  ASSERT_EQ(filed.status, 201);
  auto seen = coordinator.Get("/api/v1/cases/" + std::to_string(filed.json.at("id").as_int64()));
  EXPECT_TRUE(seen.json.at("late").as_bool());
}

TEST(CaseStorageTest, IdentityIsEncryptedAtRestAndSurvivesKeyRotation) {
  ServerProcess server;
  server.Seed();
  server.Start();
  ApiClient c(server.port());
  ASSERT_EQ(c.Login("coordinator", kUserPassword).status, 200);
  const std::string name = "测试密文甲";
  const std::string id_number = IdNumber("20140404", 77);
  json::object r = Report(name, id_number);
  r["intake_channel"] = "walk_in";
  auto created = c.Post("/api/v1/cases", json::serialize(r));
  ASSERT_EQ(created.status, 201) << created.raw.body;
  const std::string path = "/api/v1/cases/" + std::to_string(created.json.at("id").as_int64());

  const std::string db = server.sqlite_path();
  auto no_plaintext = [&](const std::string& file) {
    const std::string bytes = FileBytes(file);
    EXPECT_EQ(bytes.find(name), std::string::npos) << "name in " << file;
    EXPECT_EQ(bytes.find(id_number), std::string::npos) << "ID number in " << file;
    EXPECT_EQ(bytes.find("13900001111"), std::string::npos) << "phone in " << file;
    EXPECT_EQ(bytes.find("测试案情叙述"), std::string::npos) << "narrative in " << file;
  };
  no_plaintext(db);
  no_plaintext(db + "-wal");
  const std::string backup = server.dir() + "/backup.db";
  ASSERT_EQ(std::system(("sqlite3 '" + db + "' \".backup '" + backup + "'\"").c_str()), 0);
  no_plaintext(backup);
  ASSERT_EQ(server.Stop(SIGTERM), 0);

  auto rotated = server.Cli({"keys", "rotate"});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.out;
  EXPECT_NE(rotated.out.find("re-encrypted"), std::string::npos);
  server.Start();
  ApiClient again(server.port());
  ASSERT_EQ(again.Login("coordinator", kUserPassword).status, 200);
  auto clear = again.Post(path + "/unmask", R"({"reason":"核对轮换后的密钥"})");
  ASSERT_EQ(clear.status, 200) << clear.raw.body;
  EXPECT_EQ(clear.json.at("child").at("name").as_string(), name);
  EXPECT_EQ(clear.json.at("child").at("id_number").as_string(), id_number);
  ASSERT_EQ(server.Stop(SIGTERM), 0);

  // A ciphertext edited in the file is reported as an error, never shown as garbage.
  ASSERT_EQ(std::system(("sqlite3 '" + db +
                         "' \"UPDATE children SET name = "
                         "X'"
                         "0100000002000000000000000000000000000000000000000000000000000000000000000"
                         "0000000000000000000';\"")
                            .c_str()),
            0);
  server.Start();
  ApiClient third(server.port());
  ASSERT_EQ(third.Login("coordinator", kUserPassword).status, 200);
  auto broken = third.Get(path);
  EXPECT_EQ(broken.status, 500);
  EXPECT_EQ(ErrorCode(broken), "internal_error");
}

}  // namespace
}  // namespace shouhu::apitest
