// The workflow over HTTP, on SQLite and on PostgreSQL: a mandatory report carried through triage,
// the proposed plan, referrals that grant and end access, the unit inbox, the server's own overdue
// sweep raising a 督办 escalation that closes itself, webhooks to a receiver on loopback carrying
// no identity, closure with follow-ups, the 409 that names the allowed actions, a role matrix over
// every workflow endpoint with each refusal audited, and bad input that changes nothing.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>
#include <tuple>

#include "suite.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;
using http::Method;
using namespace std::chrono_literals;

// A loopback HTTP receiver that answers 200 to every POST and keeps the bodies.
class Receiver {
 public:
  Receiver() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::listen(fd_, 16);
    thread_ = std::thread([this] { Run(); });
  }
  ~Receiver() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  uint16_t port() const { return port_; }
  std::vector<std::string> Bodies() {
    std::lock_guard lock(mu_);
    return bodies_;
  }

 private:
  void Run() {
    while (!stop_) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string in;
      char buf[4096];
      size_t need = std::string::npos;
      while (true) {
        const ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        in.append(buf, static_cast<size_t>(n));
        const size_t head = in.find("\r\n\r\n");
        if (head != std::string::npos && need == std::string::npos) {
          size_t length = 0;
          const size_t at = in.find("Content-Length: ");
          if (at != std::string::npos && at < head) length = std::stoul(in.substr(at + 16));
          need = head + 4 + length;
        }
        if (need != std::string::npos && in.size() >= need) break;
      }
      {
        std::lock_guard lock(mu_);
        const size_t head = in.find("\r\n\r\n");
        if (head != std::string::npos) bodies_.push_back(in.substr(head + 4));
      }
      const std::string reply =
          "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      if (::write(c, reply.data(), reply.size()) < 0) {
        // the server gave up on us; it retries
      }
      ::close(c);
    }
  }

  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<std::string> bodies_;
  std::thread thread_;
};

json::object Report(const std::string& name, const std::string& id_number) {
  return json::object{
      {"child",
       json::object{{"name", name}, {"id_number", id_number}, {"district_code", "230103"}}},
      {"incident", json::object{{"occurred_on", "2026-03-01"}, {"place_type", "school"}}},
      {"harm_types", json::array{"child_molestation"}},
      {"reporter_category", "school_kindergarten"},
      {"situation_code", "R2"},
      {"discovered_at", "2026-03-02T08:00:00+08:00"}};
}

template <class Backend>
class WorkflowApiTest : public BackendSuite<Backend> {
 protected:
  using Base = BackendSuite<Backend>;
  using Base::As;
  static void SetUpTestSuite() {
    // Fast clocks: a high-risk task must be signed for within 2 s; the server sweeps every 1 s.
    rules_path() = "/tmp/shouhu-workflow-rules-" + std::to_string(::getpid()) + ".toml";
    std::ofstream(rules_path()) << "[clocks]\naccept_high_risk = \"2s\"\nsweep_interval = \"1s\"\n";
    Base::StartServer(
        {.options = {.config_toml =
                         "[auth]\nlogin_rate_per_minute = 100000\nlogin_rate_burst = 100000\n"
                         "[data]\nrules_file = \"" +
                         rules_path() + "\"\n"},
         .units = {{"NG-XX", "education"},
                   {"NG-LD", "leadership"},
                   {"NG-FY", "court"},
                   {"NG-SG", "social_org"},
                   {"BJ-FL", "womens_federation", "110101", "外区妇联"}},
         .users = {{"principal", "NG-XX", "reporter"},
                   {"leader", "NG-LD", "leader"},
                   {"analyst", "NG-LD", "analyst"},
                   {"judge", "NG-FY", "caseworker"},
                   {"volunteer", "NG-SG", "volunteer"},
                   {"other", "BJ-FL", "coordinator"}}});
  }
  static void TearDownTestSuite() {
    Base::TearDownTestSuite();
    std::remove(rules_path().c_str());
  }
  static int64_t UnitId(const std::string& code) {
    ApiClient admin = As("admin");
    auto units = admin.Get("/api/v1/units");
    for (const auto& u : units.json.at("items").as_array())
      if (u.at("code").as_string() == code) return u.at("id").as_int64();
    ADD_FAILURE() << "no unit " << code;
    return 0;
  }
  // A mandatory report filed by the principal; returns the case id.
  static int64_t File(const std::string& name, const std::string& id_number) {
    ApiClient principal = As("principal");
    auto filed =
        principal.Post("/api/v1/reports/mandatory", json::serialize(Report(name, id_number)));
    EXPECT_EQ(filed.status, 201) << filed.raw.body;
    return filed.status == 201 ? filed.json.at("id").as_int64() : 0;
  }
  static std::string& rules_path() {
    static std::string path;
    return path;
  }
};
TYPED_TEST_SUITE(WorkflowApiTest, Backends, BackendNames);

std::vector<std::string> Kinds(const ApiClient::Reply& events) {
  std::vector<std::string> out;
  for (const auto& e : events.json.at("items").as_array())
    out.emplace_back(e.at("kind").as_string());
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TYPED_TEST(WorkflowApiTest, ReportToClosureWithAnEscalationOnTheWay) {
  Receiver receiver;
  const int64_t police_unit = TestFixture::UnitId("NG-GA");
  ApiClient admin = TestFixture::As("admin");
  auto hook =
      admin.Send(Method::kPut, "/api/v1/units/" + std::to_string(police_unit) + "/webhook",
                 json::serialize(json::object{
                     {"url", "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook"},
                     {"format", "generic"}}));
  ASSERT_EQ(hook.status, 204) << hook.raw.body;

  const int64_t id = TestFixture::File("测试流程甲", IdNumber("20130512", 101));
  ASSERT_GT(id, 0);
  const std::string path = "/api/v1/cases/" + std::to_string(id);
  ApiClient coordinator = TestFixture::As("coordinator");
  auto notes = coordinator.Get("/api/v1/notifications?unread=1");
  ASSERT_EQ(notes.status, 200) << notes.raw.body;
  bool told = false;
  for (const auto& n : notes.json.at("items").as_array())
    told |= n.at("kind") == "report_new" && n.at("case_id").as_int64() == id;
  EXPECT_TRUE(told) << "the coordinating unit hears of a new mandatory report";

  auto detail = coordinator.Get(path);
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.json.at("allowed_actions"), (json::array{"start_assessment"}));

  // Triage: the plan proposes police tasks with this district's police unit.
  auto assessed = coordinator.Post(
      path + "/assessments",
      R"({"risk_level":"high","harm_types":["child_molestation"],"vulnerability_classes":["left_behind"]})");
  ASSERT_EQ(assessed.status, 201) << assessed.raw.body;
  json::array tasks;
  for (const auto& p : assessed.json.at("proposed_plan").as_array()) {
    if (p.at("unit_id").is_int64() && p.at("unit_kind") == "police")
      tasks.push_back(json::object{{"unit_id", p.at("unit_id")}, {"task_type", p.at("task_type")}});
  }
  ASSERT_EQ(tasks.size(), 2u) << assessed.raw.body;  // police_register and police_case_review
  auto referred =
      coordinator.Post(path + "/referrals", json::serialize(json::object{{"tasks", tasks}}));
  ASSERT_EQ(referred.status, 201) << referred.raw.body;
  const int64_t first = referred.json.at("items").at(0).at("id").as_int64();
  const int64_t second = referred.json.at("items").at(1).at("id").as_int64();
  EXPECT_EQ(coordinator.Get(path).json.at("status"), "handling");

  // The police unit sees its inbox and, while a task is open, the case; the court sees neither.
  ApiClient police = TestFixture::As("police");
  auto inbox = police.Get("/api/v1/referrals");
  ASSERT_EQ(inbox.status, 200) << inbox.raw.body;
  EXPECT_EQ(inbox.json.at("items").as_array().size(), 2u);
  EXPECT_EQ(police.Get(path).status, 200);
  ApiClient judge = TestFixture::As("judge");
  EXPECT_EQ(judge.Get(path).status, 404);
  EXPECT_EQ(judge.Post("/api/v1/referrals/" + std::to_string(first) + "/accept", "").status, 404);
  ASSERT_EQ(police.Post("/api/v1/referrals/" + std::to_string(first) + "/accept", "").status, 200);
  auto completed = police.Post("/api/v1/referrals/" + std::to_string(first) + "/complete",
                               R"({"outcome":"已受案"})");
  ASSERT_EQ(completed.status, 200) << completed.raw.body;
  EXPECT_EQ(completed.json.at("state"), "completed");

  // The second task is not signed for within 2 s: the server's sweep raises an escalation.
  ApiClient leader = TestFixture::As("leader");
  json::array open;
  for (int i = 0; i < 100 && open.empty(); ++i) {
    std::this_thread::sleep_for(100ms);
    auto list = leader.Get("/api/v1/escalations?state=open");
    ASSERT_EQ(list.status, 200) << list.raw.body;
    open = list.json.at("items").as_array();
  }
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].at("task_id").as_int64(), second);
  // The case list finds the case by its overdue task and marks it.
  auto overdue_cases = coordinator.Get("/api/v1/cases?overdue=1");
  ASSERT_EQ(overdue_cases.status, 200) << overdue_cases.raw.body;
  bool listed = false;
  for (const auto& c : overdue_cases.json.at("items").as_array()) {
    EXPECT_EQ(c.at("overdue"), true);
    listed |= c.at("id").as_int64() == id;
  }
  EXPECT_TRUE(listed);
  EXPECT_EQ(coordinator.Get(path).json.at("overdue"), true);
  auto sharings = coordinator.Get(path + "/sharings");
  ASSERT_EQ(sharings.status, 200) << sharings.raw.body;
  ASSERT_EQ(sharings.json.at("items").as_array().size(), 2u);
  EXPECT_EQ(sharings.json.at("items").at(0).at("legal_basis"), "statutory_duty");
  EXPECT_EQ(open[0].at("kind"), "accept_overdue");
  EXPECT_EQ(open[0].as_object().count("child"), 0u);
  auto commented = leader.Post(
      "/api/v1/escalations/" + std::to_string(open[0].at("id").as_int64()) + "/comments",
      R"({"text":"请今日内签收"})");
  EXPECT_EQ(commented.status, 201) << commented.raw.body;
  auto leader_notes = leader.Get("/api/v1/notifications");
  EXPECT_GE(leader_notes.json.at("unread").as_int64(), 1);

  // Completing the task closes its escalation and ends the unit's access.
  ASSERT_EQ(police.Post("/api/v1/referrals/" + std::to_string(second) + "/accept", "").status, 200);
  ASSERT_EQ(police
                .Post("/api/v1/referrals/" + std::to_string(second) + "/complete",
                      R"({"outcome":"已立案"})")
                .status,
            200);
  EXPECT_TRUE(leader.Get("/api/v1/escalations?state=open").json.at("items").as_array().empty());
  EXPECT_EQ(police.Get(path).status, 404);
  EXPECT_EQ(coordinator.Get(path).json.at("overdue"), false);

  // Close: follow-ups are scheduled; a step the state machine does not allow names what is.
  auto closed = coordinator.Post(path + "/transitions", R"({"action":"close"})");
  ASSERT_EQ(closed.status, 200) << closed.raw.body;
  EXPECT_EQ(closed.json.at("status"), "closed");
  EXPECT_EQ(coordinator.Get(path + "/followups").json.at("items").as_array().size(), 3u);
  auto illegal = coordinator.Post(path + "/transitions", R"({"action":"start_handling"})");
  ASSERT_EQ(illegal.status, 409);
  EXPECT_EQ(illegal.json.at("error").at("code"), "invalid_transition");
  EXPECT_EQ(illegal.json.at("error").at("current"), "closed");
  EXPECT_EQ(illegal.json.at("error").at("allowed"), (json::array{"reopen"}));

  const auto kinds = Kinds(coordinator.Get(path + "/events"));
  for (const char* k : {"created", "assessment_recorded", "referral_sent", "task_accepted",
                        "task_completed", "task_overdue", "escalation_raised", "escalation_comment",
                        "escalation_closed", "transition", "followup_scheduled"})
    EXPECT_TRUE(Contains(kinds, k)) << k;

  // The unit's robot heard of both tasks and of the overdue one; never the girl's name.
  std::vector<std::string> bodies;
  for (int i = 0; i < 50 && bodies.size() < 3; ++i) {
    std::this_thread::sleep_for(100ms);
    bodies = receiver.Bodies();
  }
  ASSERT_GE(bodies.size(), 3u);
  int task_new = 0, overdue = 0;
  for (const auto& b : bodies) {
    EXPECT_EQ(b.find("测试流程甲"), std::string::npos) << b;
    auto event = json::parse(b);
    task_new += event.at("event") == "task_new";
    overdue += event.at("event") == "task_overdue";
    EXPECT_EQ(event.at("case_number"), detail.json.at("case_number"));
  }
  EXPECT_EQ(task_new, 2);
  EXPECT_EQ(overdue, 1);
}

TYPED_TEST(WorkflowApiTest, EveryRoleWithoutTheRightIsRefusedAndEachRefusalIsAudited) {
  const int64_t id = TestFixture::File("测试矩阵乙", IdNumber("20120202", 102));
  ASSERT_GT(id, 0);
  const std::string path = "/api/v1/cases/" + std::to_string(id);
  ApiClient coordinator = TestFixture::As("coordinator");
  ASSERT_EQ(coordinator.Post(path + "/assessments", R"({"risk_level":"medium"})").status, 201);
  const std::string police_unit = std::to_string(TestFixture::UnitId("NG-GA"));
  auto referred = coordinator.Post(path + "/referrals", R"({"tasks":[{"unit_id":)" + police_unit +
                                                            R"(,"task_type":"police_register"}]})");
  ASSERT_EQ(referred.status, 201) << referred.raw.body;
  const std::string task = std::to_string(referred.json.at("items").at(0).at("id").as_int64());

  const std::vector<std::tuple<Method, std::string, std::string>> writes = {
      {Method::kPost, path + "/transitions", R"({"action":"start_assisting"})"},
      {Method::kPost, path + "/assessments", R"({"risk_level":"low","reason":"测试"})"},
      {Method::kPost, path + "/referrals",
       R"({"tasks":[{"unit_id":)" + police_unit + R"(,"task_type":"police_case_review"}]})"},
      {Method::kPost, path + "/followups", R"({"followup_id":1,"result":"done"})"},
      {Method::kPost, "/api/v1/referrals/" + task + "/accept", ""},
      {Method::kPost, "/api/v1/referrals/" + task + "/reject", R"({"reason":"测试"})"},
  };
  const std::vector<std::string> reads = {path + "/assessments", path + "/referrals",
                                          path + "/followups", path + "/sharings"};
  ApiClient auditor = TestFixture::As("auditor");
  auto newest = [&] {
    auto log = auditor.Get("/api/v1/audit?limit=1");
    return log.json.at("items").at(0).at("seq").as_int64();
  };
  auto refused_since = [&](int64_t since) {
    auto log = auditor.Get("/api/v1/audit?limit=50");
    for (const auto& e : log.json.at("items").as_array())
      if (e.at("seq").as_int64() > since &&
          (e.at("result") == "denied" || e.at("result") == "not_found"))
        return true;
    return false;
  };
  // Every write by everyone but the coordinator (and the task's unit for its task) is refused.
  for (const std::string user :
       {"principal", "volunteer", "leader", "analyst", "admin", "auditor", "judge", "other"}) {
    ApiClient c = TestFixture::As(user);
    for (const auto& [method, target, body] : writes) {
      const int64_t before = newest();
      auto r = c.Send(method, target, body);
      EXPECT_TRUE(r.status == 403 || r.status == 404)
          << user << " " << target << " -> " << r.status << " " << r.raw.body;
      EXPECT_TRUE(refused_since(before)) << user << " " << target << ": refusal not audited";
    }
    // Reads: nobody here sees the case's workflow (leaders and analysts: aggregates only).
    for (const auto& target : reads) {
      auto r = c.Get(target);
      EXPECT_TRUE(r.status == 403 || r.status == 404) << user << " " << target << " " << r.status;
    }
  }
  // Inboxes, escalations and webhooks are for their own roles.
  EXPECT_EQ(TestFixture::As("leader").Get("/api/v1/referrals").status, 403);
  EXPECT_EQ(TestFixture::As("police").Get("/api/v1/escalations").status, 403);
  EXPECT_EQ(coordinator.Get("/api/v1/units/" + police_unit + "/webhook").status, 403);
  // The refusals changed nothing.
  auto tasks = coordinator.Get(path + "/referrals");
  ASSERT_EQ(tasks.json.at("items").as_array().size(), 1u);
  EXPECT_EQ(tasks.json.at("items").at(0).at("state"), "pending");
  EXPECT_EQ(coordinator.Get(path).json.at("status"), "handling");
}

TYPED_TEST(WorkflowApiTest, BadInputIsRefusedFieldByFieldAndChangesNothing) {
  const int64_t id = TestFixture::File("测试输入丙", IdNumber("20110303", 103));
  ASSERT_GT(id, 0);
  const std::string path = "/api/v1/cases/" + std::to_string(id);
  const std::string police = std::to_string(TestFixture::UnitId("NG-GA"));
  const std::string court = std::to_string(TestFixture::UnitId("NG-FY"));
  const std::string social = std::to_string(TestFixture::UnitId("NG-SG"));
  ApiClient coordinator = TestFixture::As("coordinator");
  const size_t events_before = coordinator.Get(path + "/events").json.at("items").as_array().size();
  struct Case {
    std::string target, body, field;
  };
  const std::vector<Case> cases = {
      {"/assessments", R"({})", "risk_level"},
      {"/assessments", R"({"risk_level":"extreme"})", "risk_level"},
      {"/assessments", R"({"risk_level":"low","harm_types":["teleportation"]})", "harm_types"},
      {"/assessments", R"({"risk_level":"low","vulnerability_classes":[1]})",
       "vulnerability_classes"},
      {"/assessments", R"({"risk_level":"low","colour":"red"})", "colour"},
      {"/referrals", R"({})", "tasks"},
      {"/referrals", R"({"tasks":[]})", "tasks"},
      {"/referrals", R"({"tasks":[{"unit_id":)" + police + R"(,"task_type":"fly"}]})",
       "tasks[0].task_type"},
      {"/referrals", R"({"tasks":[{"unit_id":)" + court + R"(,"task_type":"police_register"}]})",
       "tasks[0].unit_id"},
      {"/referrals",
       R"({"tasks":[{"unit_id":)" + social + R"(,"task_type":"social_org_volunteer"}]})",
       "legal_basis"},
      {"/referrals",
       R"({"tasks":[{"unit_id":)" + police +
           R"(,"task_type":"police_register"}],"legal_basis":"whim"})",
       "legal_basis"},
      {"/referrals",
       R"({"tasks":[{"unit_id":)" + police + R"(,"task_type":"police_register","note":")" +
           std::string(2001, 'x') + R"("}]})",
       "tasks[0].note"},
      {"/transitions", R"({})", "action"},
      {"/transitions", R"({"action":"teleport"})", "action"},
      {"/transitions", R"({"action":"reopen","reason":")" + std::string(501, 'y') + R"("})",
       "reason"},
      {"/followups", R"({"followup_id":1,"result":"perhaps"})", "result"},
  };
  for (const auto& c : cases) {
    auto r = coordinator.Post(path + c.target, c.body);
    EXPECT_EQ(r.status, 400) << c.target << " " << c.body.substr(0, 120) << " -> " << r.raw.body;
    EXPECT_NE(FieldError(r, c.field), "") << c.target << " " << c.field << ": " << r.raw.body;
  }
  EXPECT_EQ(coordinator.Get(path + "/events").json.at("items").as_array().size(), events_before);
  EXPECT_TRUE(coordinator.Get(path + "/referrals").json.at("items").as_array().empty());
  EXPECT_EQ(coordinator.Get(path + "/assessments").json.at("items").as_array().size(), 0u);
  // English messages for the same refusal.
  ApiClient en(TestFixture::server_->port(), "en");
  ASSERT_EQ(en.Login("coordinator", kUserPassword).status, 200);
  auto refused = en.Post(path + "/assessments", R"({})");
  EXPECT_EQ(FieldError(refused, "risk_level"), "Required");
}

}  // namespace
}  // namespace shouhu::apitest
