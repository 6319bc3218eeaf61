// What the README promises about sessions, logs and the rules file, shown over HTTP against a real
// `shouhu serve`: the idle timeout comes from the config file; a disabled user's sessions end;
// no log line carries a path, a query or personal data, even at level trace; a mistake in the
// rules file stops `serve` naming the entry, and SHOUHU_RULES_FILE is honoured.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "backends.h"
#include "harness.h"

namespace shouhu::apitest {
namespace {

namespace json = boost::json;
using http::Method;

constexpr const char* kLiftLoginLimit =
    "[auth]\nlogin_rate_per_minute = 100000\nlogin_rate_burst = 100000\n";

// Runs `command` through the shell; its standard output and error, and its exit status.
CliResult Shell(const std::string& command) {
  CliResult result;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return result;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) result.out.append(buf, n);
  const int status = pclose(p);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string Sqlite(const ServerProcess& server, const std::string& sql) {
  return Shell("sqlite3 '" + server.sqlite_path() + "' \"" + sql + "\"").out;
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string PercentEncode(const std::string& s, bool upper) {
  static constexpr char kUpper[] = "0123456789ABCDEF";
  static constexpr char kLower[] = "0123456789abcdef";
  const char* digits = upper ? kUpper : kLower;
  std::string out;
  for (unsigned char c : s) {
    out += '%';
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// Sets an environment variable for the lifetime of the object (children inherit it).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

json::object Report(const std::string& name, const std::string& id_number) {
  return json::object{
      {"child", json::object{{"name", name},
                             {"id_number", id_number},
                             {"district_code", "230103"},
                             {"school", "示范学校(测试)"},
                             {"phone", "13900001111"},
                             {"address", "测试市测试区测试路1号"}}},
      {"incident", json::object{{"occurred_on", "2026-03-01"},
                                {"place_type", "school"},
                                {"perpetrator_relationship", "teacher_school_staff"},
                                {"narrative", "测试案情叙述甲乙丙"}}},
      {"harm_types", json::array{"child_molestation"}},
      {"intake_channel", "walk_in"},
      {"discovered_at", "2026-03-02T08:00:00+08:00"}};
}

// ---- sessions ----

TEST(SessionPromiseApiTest, IdleTimeoutComesFromTheConfigFile) {
  ServerProcess server({.config_toml = std::string(kLiftLoginLimit) +
                                       "session_idle_timeout_s = 120\n"
                                       "session_absolute_timeout_s = 86400\n"});
  server.Seed();
  server.Start();
  ApiClient coordinator(server.port());
  ASSERT_EQ(coordinator.Login("coordinator", kUserPassword).status, 200);
  ASSERT_EQ(coordinator.Get("/api/v1/auth/me").status, 200);
  const std::string user = "(SELECT id FROM users WHERE username = 'coordinator')";
  auto idle_for = [&](int seconds) {
    Sqlite(server,
           "UPDATE sessions SET last_seen_at = " + std::to_string(NowMillis() - seconds * 1000LL) +
               " WHERE user_id = " + user + ";");
    // The server reuses a resolved session for up to 2 s before reading it again.
    std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  };
  // Idle 110 s of the configured 120: still signed in (the default, 900 s, would say the same).
  idle_for(110);
  EXPECT_EQ(coordinator.Get("/api/v1/auth/me").status, 200);
  // Idle 130 s: past the configured 120 (and far inside the default 900): signed out.
  idle_for(130);
  auto expired = coordinator.Get("/api/v1/auth/me");
  EXPECT_EQ(expired.status, 401) << expired.raw.body;
  EXPECT_EQ(ErrorCode(expired), "session_expired") << expired.raw.body;
  EXPECT_EQ(Sqlite(server, "SELECT count(*) FROM sessions WHERE user_id = " + user + ";"), "0\n");
}

TEST(SessionPromiseApiTest, DisablingAUserEndsHerSessions) {
  ServerProcess server;
  server.Seed();
  server.Start();
  ApiClient admin(server.port());
  ASSERT_EQ(admin.Login("admin", kAdminPassword).status, 200);
  auto users = admin.Get("/api/v1/users");
  ASSERT_EQ(users.status, 200) << users.raw.body;
  int64_t auditor_id = 0;
  for (const auto& u : users.json.at("items").as_array()) {
    if (u.at("username").as_string() == "auditor") auditor_id = u.at("id").as_int64();
  }
  ASSERT_NE(auditor_id, 0);

  // Through the API: at once, the very next request.
  ApiClient auditor(server.port());
  ASSERT_EQ(auditor.Login("auditor", kUserPassword).status, 200);
  ASSERT_EQ(auditor.Get("/api/v1/auth/me").status, 200);
  auto disabled = admin.Post("/api/v1/users/" + std::to_string(auditor_id) + "/disable", "");
  ASSERT_EQ(disabled.status, 200) << disabled.raw.body;
  EXPECT_EQ(auditor.Get("/api/v1/auth/me").status, 401);
  ApiClient again(server.port());
  auto refused = again.Login("auditor", kUserPassword);
  EXPECT_EQ(refused.status, 403) << refused.raw.body;
  EXPECT_EQ(ErrorCode(refused), "account_disabled");

  // From the command line, another process: the session row goes at once, sign-in is refused
  // at once, and a running server stops honouring a session it has cached within 2 s.
  ApiClient coordinator(server.port());
  ASSERT_EQ(coordinator.Login("coordinator", kUserPassword).status, 200);
  ASSERT_EQ(coordinator.Get("/api/v1/auth/me").status, 200);
  auto cli = server.Cli({"user", "disable", "--username", "coordinator"});
  ASSERT_EQ(cli.exit_code, 0) << cli.out;
  const auto disabled_at = std::chrono::steady_clock::now();
  EXPECT_EQ(Sqlite(server,
                   "SELECT count(*) FROM sessions WHERE user_id = "
                   "(SELECT id FROM users WHERE username = 'coordinator');"),
            "0\n");
  EXPECT_EQ(ErrorCode(ApiClient(server.port()).Login("coordinator", kUserPassword)),
            "account_disabled");
  int status = 0;
  while ((status = coordinator.Get("/api/v1/auth/me").status) == 200 &&
         std::chrono::steady_clock::now() - disabled_at < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 401);
  EXPECT_LE(std::chrono::steady_clock::now() - disabled_at, std::chrono::milliseconds(5000))
      << "the session outlived the 2 s session cache";
}

// ---- logs ----

TEST(LogPromiseApiTest, NoPathQueryOrPersonalDataInAnyLogLineAtTrace) {
  ServerProcess server(
      {.config_toml = std::string(kLiftLoginLimit) + "[log]\nfile = \"@DIR@/server.log\"\n",
       .log_level = "trace"});
  server.Seed();
  server.Start();
  const std::string name = "林小禾";  // fictional
  const std::string id_number = IdNumber("20140315", 7);
  const std::string narrative = "测试叙述辛壬癸";
  const std::string path_marker = "pathmarker";
  const std::string query_marker = "querymarker";

  ApiClient coordinator(server.port());
  ASSERT_EQ(coordinator.Login("coordinator", kUserPassword).status, 200);
  int requests = 1;
  // The name in the path (percent-encoded, as a browser sends it) and in the query.
  for (const std::string& target :
       {"/api/v1/cases/" + PercentEncode(name, true),
        "/api/v1/" + path_marker + "/" + PercentEncode(name, false),
        "/api/v1/cases?q=" + PercentEncode(name, true) + "&id_number=" + id_number + "&" +
            query_marker + "=1",
        "/" + path_marker + "-" + PercentEncode(name, true) + "?" + query_marker + "=" + name}) {
    coordinator.Get(target);
    ++requests;
  }
  // The name, an ID number and a narrative in bodies: a case, a failing sign-in, a bad body.
  json::object report = Report(name, id_number);
  report["incident"].as_object()["narrative"] = narrative;
  auto created = coordinator.Post("/api/v1/cases", json::serialize(report));
  EXPECT_EQ(created.status, 201) << created.raw.body;
  ApiClient stranger(server.port());
  EXPECT_EQ(stranger.Login(name, narrative).status, 401);
  coordinator.Post("/api/v1/cases", "{\"child\": {\"name\": \"" + name + "\"}, \"x\": [");
  requests += 3;
  EXPECT_EQ(server.Stop(SIGTERM), 0);  // flushes the log

  std::ifstream in(server.dir() + "/server.log");
  ASSERT_TRUE(in.good()) << "no log file";
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  // Every request left its line, so the scan below does see them.
  int request_lines = 0;
  for (const std::string& line : lines) {
    request_lines += line.find("\"event\":\"request\"") != std::string::npos;
  }
  ASSERT_GE(request_lines, requests) << "too few request lines to show anything";
  const std::vector<std::string> forbidden = {
      name,
      PercentEncode(name, true),
      PercentEncode(name, false),
      "\\u6797\\u5c0f\\u79be",  // the name JSON-escaped
      "\\u6797",
      id_number,
      id_number.substr(6, 8),  // the birth date inside it
      narrative,
      path_marker,
      query_marker,
      "?q=",
      "13900001111",
      "测试市测试区",
      kUserPassword,
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    for (const std::string& f : forbidden) {
      EXPECT_EQ(lines[i].find(f), std::string::npos)
          << "log line " << i + 1 << " carries \"" << f << "\": " << lines[i];
    }
  }
}

// ---- the rules file ----

class RulesPromiseApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Seed();
    rules_ = server_.dir() + "/rules.toml";
  }
  void WriteRules(const std::string& text) { std::ofstream(rules_) << text; }
  // `shouhu serve` with SHOUHU_RULES_FILE set; killed after 20 s if it starts serving.
  CliResult Serve() {
    return Shell("SHOUHU_RULES_FILE='" + rules_ + "' SHOUHU_KEY_FILE='" + server_.key_file() +
                 "' SHOUHU_PASSWORD_HASH_COST=min SHOUHU_LOG_LEVEL=warn timeout 20 " +
                 SHOUHU_BINARY + " --database '" + server_.database_url() +
                 "' serve --listen 127.0.0.1:0 </dev/null");
  }
  ServerProcess server_;
  std::string rules_;
};

TEST_F(RulesPromiseApiTest, AMistakeStopsServeNamingTheEntry) {
  const std::vector<std::pair<std::string, std::string>> mistakes = {
      {"[clocks]\naccept_high_risk = \"soon\"\n", "clocks.accept_high_risk"},
      {"[cases]\nlate_report_hourz = 24\n", "late_report_hourz"},
      {"[proceeding_clocks]\ncase_review_days = -3\n", "proceeding_clocks.case_review_days"},
      {"[[enumeration]]\nname = \"harm_type\"\ncode = \"x\"\n", "enumeration"},
      {"[cases\n", "rules"},
  };
  for (const auto& [text, entry] : mistakes) {
    WriteRules(text);
    const CliResult r = Serve();
    EXPECT_NE(r.exit_code, 0) << text << r.out;
    EXPECT_NE(r.exit_code, 124) << "still serving after 20 s with: " << text;
    EXPECT_EQ(r.out.find("serving on"), std::string::npos) << text << r.out;
    EXPECT_NE(r.out.find(entry), std::string::npos) << "names " << entry << ": " << r.out;
  }
  // A missing file is a mistake too.
  rules_ = server_.dir() + "/no-such-rules.toml";
  const CliResult missing = Serve();
  EXPECT_NE(missing.exit_code, 0) << missing.out;
  EXPECT_NE(missing.exit_code, 124);
  EXPECT_EQ(missing.out.find("serving on"), std::string::npos) << missing.out;
}

TEST_F(RulesPromiseApiTest, ShouhuRulesFileIsHonoured) {
  WriteRules("[cases]\ncase_number_prefix = \"TT\"\n");
  {
    ScopedEnv env("SHOUHU_RULES_FILE", rules_);
    server_.Start();
  }
  ApiClient coordinator(server_.port());
  ASSERT_EQ(coordinator.Login("coordinator", kUserPassword).status, 200);
  auto created = coordinator.Post("/api/v1/cases",
                                  json::serialize(Report("测试小青", IdNumber("20120304", 5))));
  ASSERT_EQ(created.status, 201) << created.raw.body;
  EXPECT_EQ(std::string(created.json.at("case_number").as_string()).rfind("TT-", 0), 0u)
      << created.json.at("case_number");
}

}  // namespace
}  // namespace shouhu::apitest
