#include "harness.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace shouhu::apitest {
namespace {

namespace json = boost::json;

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> out;
  for (auto& a : args) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

// Environment of every child: the cheapest Argon2id cost keeps the suite fast.
void SetChildEnvironment(const std::string& key_file, const std::string& log_level) {
  setenv("SHOUHU_PASSWORD_HASH_COST", "min", 1);
  setenv("SHOUHU_KEY_FILE", key_file.c_str(), 1);
  setenv("SHOUHU_LOG_LEVEL", log_level.c_str(), 1);
  unsetenv("SHOUHU_LISTEN");
  unsetenv("SHOUHU_DATABASE");
  unsetenv("SHOUHU_CONFIG");
  unsetenv("SHOUHU_STATIC_ROOT");
}

}  // namespace

ServerProcess::ServerProcess() : ServerProcess(Options{}) {}

ServerProcess::ServerProcess(Options options) : options_(std::move(options)) {
  char pattern[] = "/tmp/shouhu-api-XXXXXX";
  dir_ = mkdtemp(pattern);
  url_ = options_.database_url.empty() ? "sqlite:" + dir_ + "/shouhu.db" : options_.database_url;
  // All test clients share 127.0.0.1: unless a test sets its own, lift the per-address sign-in
  // limit so that only the tests about it meet it.
  config_path_ = dir_ + "/shouhu.toml";
  std::string config = options_.config_toml.empty()
                           ? "[auth]\nlogin_rate_per_minute = 100000\nlogin_rate_burst = 100000\n"
                           : options_.config_toml;
  for (size_t at; (at = config.find("@DIR@")) != std::string::npos;) config.replace(at, 5, dir_);
  std::ofstream(config_path_) << config;
  key_file_ = dir_ + "/shouhu.keys";
  if (options_.static_root) {
    std::filesystem::create_directories(dir_ + "/web/assets");
    std::ofstream(dir_ + "/web/index.html") << "<!doctype html><title>守护</title>";
    std::ofstream(dir_ + "/web/assets/app.js") << "console.log('ok');";
    std::ofstream(dir_ + "/secret.txt") << "outside the web root";
    std::filesystem::create_symlink(dir_ + "/secret.txt", dir_ + "/web/link.txt");
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop(SIGKILL);
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string ServerProcess::sqlite_path() const {
  return url_.substr(std::string("sqlite:").size());
}

CliResult ServerProcess::Cli(const std::vector<std::string>& args,
                             const std::string& stdin_text) const {
  int in[2], out[2];
  EXPECT_EQ(pipe(in), 0);
  EXPECT_EQ(pipe(out), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    close(in[1]);
    close(out[0]);
    SetChildEnvironment(key_file_, options_.log_level);
    std::vector<std::string> argv{SHOUHU_BINARY, "--database", url_};
    if (!config_path_.empty()) argv.insert(argv.end(), {"--config", config_path_});
    argv.insert(argv.end(), args.begin(), args.end());
    auto cargv = Argv(argv);
    execv(cargv[0], cargv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  if (!stdin_text.empty())
    EXPECT_EQ(write(in[1], stdin_text.data(), stdin_text.size()),
              static_cast<ssize_t>(stdin_text.size()));
  close(in[1]);
  CliResult result;
  char buf[4096];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;)
    result.out.append(buf, static_cast<size_t>(n));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

void ServerProcess::Seed() const {
  auto check = [](const CliResult& r) { ASSERT_EQ(r.exit_code, 0) << r.out; };
  check(Cli({"keys", "init", "--file", key_file_}));
  check(Cli({"migrate"}));
  check(Cli({"unit", "add", "--code", "NG-FL", "--name", "测试妇联", "--kind", "womens_federation",
             "--district", "230103"}));
  check(Cli({"unit", "add", "--code", "NG-GA", "--name", "测试公安", "--kind", "police",
             "--district", "230103"}));
  check(Cli({"user", "add", "--username", "admin", "--name", "测试管理员", "--unit", "NG-FL",
             "--role", "admin", "--password-stdin"},
            std::string(kAdminPassword) + "\n"));
  for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
           {"coordinator", "coordinator"}, {"auditor", "auditor"}, {"police", "caseworker"}}) {
    check(Cli({"user", "add", "--username", name, "--name", "测试" + role, "--unit",
               role == "caseworker" ? "NG-GA" : "NG-FL", "--role", role, "--password-stdin"},
              std::string(kUserPassword) + "\n"));
  }
}

void ServerProcess::Start() {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    SetChildEnvironment(key_file_, options_.log_level);
    if (options_.static_root) setenv("SHOUHU_STATIC_ROOT", (dir_ + "/web").c_str(), 1);
    std::vector<std::string> argv{SHOUHU_BINARY, "--database", url_};
    if (!config_path_.empty()) argv.insert(argv.end(), {"--config", config_path_});
    argv.insert(argv.end(), {"serve", "--listen", "127.0.0.1:0"});
    auto cargv = Argv(argv);
    execv(cargv[0], cargv.data());
    _exit(127);
  }
  close(out[1]);
  // Wait for "serving on http://127.0.0.1:PORT".
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  char buf[512];
  while (std::chrono::steady_clock::now() < deadline) {
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<size_t>(n));
    const auto at = seen.find("serving on http://127.0.0.1:");
    if (at != std::string::npos && seen.find('\n', at) != std::string::npos) {
      port_ = static_cast<uint16_t>(
          std::stoi(seen.substr(at + std::string("serving on http://127.0.0.1:").size())));
      break;
    }
  }
  // Keep draining stdout so the server never blocks on a full pipe.
  std::thread([fd = out[0]] {
    char sink[512];
    while (read(fd, sink, sizeof sink) > 0) {
    }
    close(fd);
  }).detach();
  ASSERT_NE(port_, 0) << "server did not report its port: " << seen;
}

int ServerProcess::Stop(int sig) {
  if (pid_ <= 0) return -1;
  kill(pid_, sig);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ApiClient::ApiClient(uint16_t port, std::string language)
    : client_(std::make_unique<http::Client>("127.0.0.1", port)), language_(std::move(language)) {}

ApiClient::Reply ApiClient::Send(http::Method method, const std::string& target,
                                 const std::string& body, http::HeaderList extra) {
  http::HeaderList headers = std::move(extra);
  if (!cookie_.empty()) headers.emplace_back("cookie", cookie_);
  if (!csrf_.empty()) headers.emplace_back("x-csrf-token", csrf_);
  if (!language_.empty()) headers.emplace_back("accept-language", language_);
  if (!body.empty()) headers.emplace_back("content-type", "application/json");
  Reply reply;
  auto resp = client_->Send(method, target, headers, body);
  if (!resp.ok()) {
    ADD_FAILURE() << "request failed: " << resp.status().message();
    return reply;
  }
  reply.raw = std::move(resp).value();
  reply.status = reply.raw.status;
  boost::system::error_code ec;
  reply.json = json::parse(reply.raw.body, ec);
  if (ec) reply.json = nullptr;
  for (const auto& [name, value] : reply.raw.headers) {
    if (name == "set-cookie" && value.rfind("shouhu_session=", 0) == 0) {
      cookie_ = value.substr(0, value.find(';'));
      if (cookie_ == "shouhu_session=") cookie_.clear();
    }
  }
  return reply;
}

ApiClient::Reply ApiClient::Login(const std::string& username, const std::string& password) {
  json::object body{{"username", username}, {"password", password}};
  Reply reply = Post("/api/v1/auth/login", json::serialize(body));
  if (reply.status == 200) csrf_ = std::string(reply.json.at("csrf_token").as_string());
  return reply;
}

std::vector<json::object> AuditEntries(ApiClient& auditor,
                                       const std::function<bool(const json::object&)>& match,
                                       int64_t after_seq) {
  std::vector<json::object> out;
  for (int64_t before = 0;;) {
    auto page = auditor.Get("/api/v1/audit?limit=500" +
                            (before > 0 ? "&before=" + std::to_string(before) : ""));
    EXPECT_EQ(page.status, 200) << page.raw.body;
    if (page.status != 200) return out;
    for (const auto& e : page.json.at("items").as_array()) {
      if (e.at("seq").as_int64() <= after_seq) return out;
      if (match(e.as_object())) out.push_back(e.as_object());
    }
    const auto& next = page.json.at("next_before");
    if (!next.is_int64()) return out;
    before = next.as_int64();
  }
}

std::string FieldError(const ApiClient::Reply& reply, const std::string& field) {
  if (!reply.json.is_object()) return "";
  const auto* error = reply.json.as_object().if_contains("error");
  if (error == nullptr) return "";
  const auto* fields = error->as_object().if_contains("fields");
  if (fields == nullptr) return "";
  const auto* v = fields->as_object().if_contains(field);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
}

std::string FieldCode(const ApiClient::Reply& reply, const std::string& field) {
  if (!reply.json.is_object()) return "";
  const auto* error = reply.json.as_object().if_contains("error");
  if (error == nullptr) return "";
  const auto* codes = error->as_object().if_contains("field_codes");
  if (codes == nullptr) return "";
  const auto* v = codes->as_object().if_contains(field);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
}

std::string ErrorCode(const ApiClient::Reply& reply) {
  if (!reply.json.is_object() || !reply.json.as_object().contains("error")) return "";
  return std::string(reply.json.at("error").at("code").as_string());
}

int64_t PendingAccountApproval(ApiClient& approver, int64_t user_id) {
  auto listed = approver.Get("/api/v1/account-approvals");
  if (listed.status != 200) return 0;
  for (const auto& item : listed.json.at("items").as_array()) {
    const auto& o = item.as_object();
    if (o.at("user_id").is_int64() && o.at("user_id").as_int64() == user_id)
      return o.at("id").as_int64();
  }
  return 0;
}

int ApproveAccount(ApiClient& approver, int64_t user_id) {
  const int64_t id = PendingAccountApproval(approver, user_id);
  if (id == 0) return 0;
  return approver.Post("/api/v1/account-approvals/" + std::to_string(id) + "/approve", "{}").status;
}

}  // namespace shouhu::apitest
