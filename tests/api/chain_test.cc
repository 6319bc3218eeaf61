// The seed's whole chain on one fictional case, over HTTP, on SQLite and PostgreSQL: a 12338 call
// opens the case → triage (high risk, under 14, R2, 特困) → the proposed plan, completed with the
// procuratorate's and the court's 优先 tasks, is sent → the police sign for their tasks within the
// clock and record 受案, 立案 and 破案 → the procuratorate and the court record their stages with
// 优先 → health, counselling, legal aid and living aid are delivered with money → one recorded
// interview → every task completed → the coordinator closes the case (her approval) → the
// follow-ups are scheduled and the first is recorded. The timeline tells it in order.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <tuple>

#include "suite.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;
using http::Method;

template <class Backend>
class ChainApiTest : public BackendSuite<Backend> {
 protected:
  // The seed's NG-FL (coordinator) and NG-GA (police), and every other unit of the chain.
  static void SetUpTestSuite() {
    BackendSuite<Backend>::StartServer({.units = {{"NG-JCY", "procuratorate"},
                                                  {"NG-FY", "court"},
                                                  {"NG-YY", "health"},
                                                  {"NG-SFJ", "justice"},
                                                  {"NG-MZJ", "civil_affairs"},
                                                  {"NG-LD", "leadership"}},
                                        .users = {{"prosecutor", "NG-JCY", "caseworker"},
                                                  {"judge", "NG-FY", "caseworker"},
                                                  {"doctor", "NG-YY", "caseworker"},
                                                  {"lawyer", "NG-SFJ", "caseworker"},
                                                  {"civil", "NG-MZJ", "caseworker"},
                                                  {"leader", "NG-LD", "leader"}}});
  }
};
TYPED_TEST_SUITE(ChainApiTest, Backends, BackendNames);

// The tasks of `unit` on the case, from its inbox: accept each, then run `work`, then complete.
void WorkTasks(ApiClient& c, int64_t case_id, const std::function<void()>& work) {
  auto inbox = c.Get("/api/v1/referrals");
  ASSERT_EQ(inbox.status, 200) << inbox.raw.body;
  std::vector<int64_t> mine;
  for (const auto& t : inbox.json.at("items").as_array()) {
    if (t.at("case_id").as_int64() != case_id) continue;
    mine.push_back(t.at("id").as_int64());
    auto accepted = c.Post("/api/v1/referrals/" + std::to_string(mine.back()) + "/accept", "");
    ASSERT_EQ(accepted.status, 200) << accepted.raw.body;
    EXPECT_EQ(accepted.json.at("overdue"), false) << "signed for within the clock";
  }
  ASSERT_FALSE(mine.empty());
  work();
  for (int64_t id : mine) {
    auto done =
        c.Post("/api/v1/referrals/" + std::to_string(id) + "/complete", R"({"outcome":"已办结"})");
    ASSERT_EQ(done.status, 200) << done.raw.body;
  }
}

void Record(ApiClient& c, const std::string& path, const json::object& body) {
  auto r = c.Post(path, json::serialize(body));
  EXPECT_EQ(r.status, 201) << path << " " << json::serialize(body) << " -> " << r.raw.body;
}

json::object Stage(const char* stage, const char* at, bool priority = false) {
  json::object o{{"kind", "stage"}, {"stage", stage}, {"at", at}};
  if (priority) o["priority"] = true;
  return o;
}

TYPED_TEST(ChainApiTest, TheSeedsWholeChainOnOneCase) {
  ApiClient coordinator = TestFixture::As("coordinator");
  // 12338: the call opens the case.
  json::object intake{{"child", json::object{{"name", "测试链条"},
                                             {"id_number", IdNumber("20130512", 201)},
                                             {"district_code", "230103"},
                                             {"guardian", "测试监护人"},
                                             {"phone", "13900002222"}}},
                      {"incident", json::object{{"occurred_on", "2026-03-01"},
                                                {"place_type", "home"},
                                                {"perpetrator_relationship", "other_family"},
                                                {"narrative", "测试:来电反映的虚构情况"}}},
                      {"harm_types", json::array{"child_molestation"}},
                      {"situation_code", "R2"},
                      {"discovered_at", "2026-03-02T08:00:00+08:00"}};
  auto call =
      coordinator.Post("/api/v1/hotline/calls",
                       json::serialize(json::object{{"received_at", "2026-03-02T09:00:00+08:00"},
                                                    {"district_code", "230103"},
                                                    {"summary", "测试:母亲来电"},
                                                    {"case", intake}}));
  ASSERT_EQ(call.status, 201) << call.raw.body;
  const int64_t id = call.json.at("case").at("id").as_int64();
  const std::string path = "/api/v1/cases/" + std::to_string(id);
  EXPECT_EQ(call.json.at("case").at("age_at_incident").as_int64(), 12);

  // 研判: high risk, 特困.
  auto assessed = coordinator.Post(
      path + "/assessments",
      R"({"risk_level":"high","harm_types":["child_molestation"],"vulnerability_classes":["extreme_poverty"]})");
  ASSERT_EQ(assessed.status, 201) << assessed.raw.body;
  std::map<std::string, int64_t> plan;
  for (const auto& p : assessed.json.at("proposed_plan").as_array())
    if (p.at("unit_id").is_int64())
      plan[std::string(p.at("task_type").as_string())] = p.at("unit_id").as_int64();
  for (const char* t :
       {"police_register", "police_case_review", "health_treatment", "health_counselling",
        "justice_legal_aid", "civil_affairs_living_aid", "womens_federation_psych_support"})
    EXPECT_TRUE(plan.count(t)) << t << " missing from " << assessed.raw.body;

  // The coordinator completes the plan with the legal chain's 优先 tasks before sending it.
  json::array tasks;
  for (const auto& [type, unit] : plan)
    tasks.push_back(json::object{{"unit_id", unit}, {"task_type", type}});
  auto units = TestFixture::As("admin").Get("/api/v1/units");
  std::map<std::string, int64_t> unit_of;
  for (const auto& u : units.json.at("items").as_array())
    unit_of[std::string(u.at("code").as_string())] = u.at("id").as_int64();
  for (const auto& [type, unit] : std::vector<std::pair<std::string, std::string>>{
           {"procuratorate_arrest_review", "NG-JCY"},
           {"procuratorate_prosecution_review", "NG-JCY"},
           {"court_trial", "NG-FY"}})
    tasks.push_back(
        json::object{{"unit_id", unit_of[unit]}, {"task_type", type}, {"priority", true}});
  auto sent =
      coordinator.Post(path + "/referrals", json::serialize(json::object{{"tasks", tasks}}));
  ASSERT_EQ(sent.status, 201) << sent.raw.body;
  for (const auto& t : sent.json.at("items").as_array()) {
    if (t.at("task_type") == "court_trial") EXPECT_TRUE(t.at("priority").as_bool());
  }

  // The legal chain, each unit from its inbox.
  ApiClient police = TestFixture::As("police");
  WorkTasks(police, id, [&] {
    Record(police, path + "/proceedings", Stage("police_registered", "2026-03-02T11:00:00+08:00"));
    Record(police, path + "/proceedings", Stage("case_filed", "2026-03-03T10:00:00+08:00"));
    Record(police, path + "/proceedings", Stage("solved", "2026-03-06T10:00:00+08:00"));
    Record(police, path + "/proceedings", Stage("arrest_requested", "2026-03-06T15:00:00+08:00"));
    Record(police, path + "/interviews",
           json::object{{"at", "2026-03-02T15:00:00+08:00"},
                        {"viewer_unit_ids", json::array{unit_of["NG-JCY"], unit_of["NG-FY"]}},
                        {"note", "测试:一站式询问"}});
  });
  ApiClient prosecutor = TestFixture::As("prosecutor");
  WorkTasks(prosecutor, id, [&] {
    Record(prosecutor, path + "/proceedings",
           Stage("arrest_approved", "2026-03-08T10:00:00+08:00", true));
  });
  // 移送起诉 is the police's: the coordinator records it for them once their tasks are done.
  Record(coordinator, path + "/proceedings",
         Stage("transferred_for_prosecution", "2026-04-01T10:00:00+08:00"));
  ApiClient judge = TestFixture::As("judge");
  // The procuratorate's prosecution review task was completed above; the coordinator records
  // 提起公诉 from its decision, and the court its own stages.
  Record(coordinator, path + "/proceedings",
         Stage("prosecuted", "2026-04-10T10:00:00+08:00", true));
  WorkTasks(judge, id, [&] {
    Record(judge, path + "/proceedings", Stage("trial_filed", "2026-04-12T10:00:00+08:00"));
    Record(judge, path + "/proceedings",
           Stage("first_instance_judgment", "2026-05-08T10:00:00+08:00", true));
  });

  // Assistance, with money.
  ApiClient doctor = TestFixture::As("doctor");
  WorkTasks(doctor, id, [&] {
    Record(doctor, path + "/services",
           json::object{{"service_type", "health_treatment"},
                        {"delivered_on", "2026-03-02"},
                        {"amount_yuan", "860.00"}});
    Record(doctor, path + "/services",
           json::object{{"service_type", "health_counselling"},
                        {"delivered_on", "2026-03-09"},
                        {"sessions", 4},
                        {"hours", 4}});
  });
  ApiClient lawyer = TestFixture::As("lawyer");
  WorkTasks(lawyer, id, [&] {
    Record(lawyer, path + "/services",
           json::object{{"service_type", "justice_legal_aid"}, {"delivered_on", "2026-03-10"}});
  });
  ApiClient civil = TestFixture::As("civil");
  WorkTasks(civil, id, [&] {
    Record(civil, path + "/services",
           json::object{{"service_type", "civil_affairs_living_aid"},
                        {"delivered_on", "2026-03-15"},
                        {"amount_yuan", "1500.00"}});
  });
  WorkTasks(coordinator, id, [] {});  // the women's federation's own 心理支持 task

  // What the coordinating unit sees: stages against their clocks, money, one interview (the
  // leadership group sees the same as aggregates only, in the statistics).
  ApiClient leader = TestFixture::As("coordinator");
  EXPECT_EQ(TestFixture::As("leader").Get(path + "/proceedings").status, 403);
  auto proceedings = leader.Get(path + "/proceedings");
  ASSERT_EQ(proceedings.status, 200) << proceedings.raw.body;
  std::map<std::string, json::object> stages;
  for (const auto& s : proceedings.json.at("stages").as_array())
    stages[std::string(s.at("stage").as_string())] = s.as_object();
  for (const char* s :
       {"police_registered", "case_filed", "solved", "arrest_requested", "arrest_approved",
        "transferred_for_prosecution", "prosecuted", "trial_filed", "first_instance_judgment"})
    EXPECT_TRUE(stages.count(s)) << s;
  for (const char* s : {"case_filed", "arrest_approved", "first_instance_judgment"}) {
    ASSERT_TRUE(stages[s].contains("clock") && stages[s].at("clock").is_object())
        << s << ": " << proceedings.raw.body;
  }
  EXPECT_EQ(stages["case_filed"].at("clock").at("status"), "met");
  EXPECT_TRUE(stages["arrest_approved"].at("clock").at("target_met").as_bool());
  EXPECT_TRUE(stages["first_instance_judgment"].at("clock").at("target_met").as_bool());
  auto services = leader.Get(path + "/services");
  ASSERT_EQ(services.status, 200) << services.raw.body;
  EXPECT_EQ(services.json.at("items").as_array().size(), 4u);
  EXPECT_EQ(services.json.at("totals").at("amount_yuan"), "2360.00");
  auto interviews = coordinator.Get(path + "/interviews");
  ASSERT_EQ(interviews.status, 200) << interviews.raw.body;
  EXPECT_EQ(interviews.json.at("child_interview_count").as_int64(), 1);
  EXPECT_TRUE(interviews.json.at("target_met").as_bool());

  // Every task is done: the coordinator closes the case; follow-ups follow.
  const auto all_tasks = coordinator.Get(path + "/referrals");
  for (const auto& t : all_tasks.json.at("items").as_array())
    EXPECT_EQ(t.at("state"), "completed") << t.at("task_type");
  EXPECT_EQ(TestFixture::As("police").Get(path).status, 404)
      << "the police's access ended with their tasks";
  EXPECT_EQ(TestFixture::As("police").Post(path + "/transitions", R"({"action":"close"})").status,
            403)
      << "and closing is the coordinating unit's";
  auto detail = coordinator.Get(path);
  EXPECT_NE(std::find(detail.json.at("allowed_actions").as_array().begin(),
                      detail.json.at("allowed_actions").as_array().end(), json::value("close")),
            detail.json.at("allowed_actions").as_array().end());
  ASSERT_EQ(coordinator.Post(path + "/transitions", R"({"action":"start_assisting"})").status, 200);
  ASSERT_EQ(coordinator.Post(path + "/transitions", R"({"action":"start_followup"})").status, 200);
  auto closed =
      coordinator.Post(path + "/transitions", R"({"action":"close","reason":"援助完成"})");
  ASSERT_EQ(closed.status, 200) << closed.raw.body;
  EXPECT_EQ(closed.json.at("status"), "closed");
  auto followups = coordinator.Get(path + "/followups");
  ASSERT_EQ(followups.json.at("items").as_array().size(), 3u);
  auto visit = coordinator.Post(
      path + "/followups",
      json::serialize(json::object{{"followup_id", followups.json.at("items").at(0).at("id")},
                                   {"result", "done"},
                                   {"note", "测试:回访情况稳定"}}));
  ASSERT_EQ(visit.status, 200) << visit.raw.body;

  // The timeline tells the story in order.
  auto events = coordinator.Get(path + "/events");
  std::vector<std::string> kinds;
  for (const auto& e : events.json.at("items").as_array())
    kinds.emplace_back(e.at("kind").as_string());
  auto at = [&](const std::string& kind) {
    return std::find(kinds.begin(), kinds.end(), kind) - kinds.begin();
  };
  const std::vector<std::string> order = {
      "created",        "assessment_recorded", "referral_sent",    "task_accepted",
      "task_completed", "followup_scheduled",  "followup_recorded"};
  for (size_t i = 0; i < order.size(); ++i) {
    ASSERT_LT(at(order[i]), static_cast<long>(kinds.size())) << order[i] << " missing";
    if (i > 0) EXPECT_LT(at(order[i - 1]), at(order[i])) << order[i - 1] << " before " << order[i];
  }
  // Nothing of the girl's identity in what the leadership group was shown.
  for (const auto& body : {proceedings.raw.body, services.raw.body})
    EXPECT_EQ(body.find("测试链条"), std::string::npos);
}

}  // namespace
}  // namespace shouhu::apitest
