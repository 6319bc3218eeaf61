// API test harness: runs the real `shouhu` binary (serve and CLI subcommands) on a temporary
// database and an ephemeral loopback port, and a cookie-keeping JSON client. Tests only; each
// object belongs to one test thread unless stated.
#pragma once

#include <sys/types.h>

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/client.h"

namespace shouhu::apitest {

inline constexpr const char* kAdminPassword = "harbor-test-passphrase-7";
inline constexpr const char* kUserPassword = "user-test-passphrase-42";

struct CliResult {
  int exit_code = -1;
  std::string out;
};

// A temporary folder with a database, the CLI bound to it, and (after Start) a running server.
class ServerProcess {
 public:
  struct Options {
    std::string database_url;        // empty: a fresh SQLite file in the temporary folder
    std::string config_toml;         // written to a file and passed with --config when not empty;
                                     // "@DIR@" in it stands for the temporary folder
    bool static_root = true;         // serve a small web folder from the temporary folder
    std::string log_level = "warn";  // SHOUHU_LOG_LEVEL of the server and the CLI
  };
  ServerProcess();
  explicit ServerProcess(Options options);
  ~ServerProcess();

  // Runs `shouhu ARGS --database URL` with `stdin_text` on standard input.
  CliResult Cli(const std::vector<std::string>& args, const std::string& stdin_text = "") const;
  // Creates unit NG-FL and users admin / coordinator / auditor / caseworker with fixed passwords.
  void Seed() const;

  void Start();
  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends `sig` and waits; returns the exit status (or 128 + signal).
  int Stop(int sig);
  const std::string& dir() const { return dir_; }
  const std::string& database_url() const { return url_; }
  std::string sqlite_path() const;
  const std::string& key_file() const { return key_file_; }

 private:
  Options options_;
  std::string dir_;
  std::string url_;
  std::string config_path_;
  std::string key_file_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

// JSON over HTTP with the session cookie and CSRF token kept between calls.
class ApiClient {
 public:
  explicit ApiClient(uint16_t port, std::string language = "");
  struct Reply {
    int status = 0;
    boost::json::value json;  // null when the body is not JSON
    http::ClientResponse raw;
  };
  Reply Send(http::Method method, const std::string& target, const std::string& body = "",
             http::HeaderList extra = {});
  Reply Get(const std::string& target) { return Send(http::Method::kGet, target); }
  Reply Post(const std::string& target, const std::string& body) {
    return Send(http::Method::kPost, target, body);
  }
  Reply Login(const std::string& username, const std::string& password);

  void set_csrf(std::string token) { csrf_ = std::move(token); }
  const std::string& csrf() const { return csrf_; }
  const std::string& cookie() const { return cookie_; }

 private:
  std::unique_ptr<http::Client> client_;  // a pointer, so that clients can be returned by value
  std::string language_;
  std::string cookie_;  // "shouhu_session=..."
  std::string csrf_;
};

// Every audit entry matching `match` with a sequence number above `after_seq`, newest first:
// all pages of /api/v1/audit read through `auditor`, so that a test finds the rows it made by
// their object however many came after them.
std::vector<boost::json::object> AuditEntries(
    ApiClient& auditor, const std::function<bool(const boost::json::object&)>& match,
    int64_t after_seq = 0);

// error.fields.<field> of a reply, or "" when absent.
std::string FieldError(const ApiClient::Reply& reply, const std::string& field);
// error.field_codes.<field> (the stable reason code), or "" when absent.
std::string FieldCode(const ApiClient::Reply& reply, const std::string& field);
std::string ErrorCode(const ApiClient::Reply& reply);

// The two-person rule: the id of the pending account approval for user `user_id` that `approver`
// (a coordinator or leader of its district) sees, or 0.
int64_t PendingAccountApproval(ApiClient& approver, int64_t user_id);
// Approves it; returns the approval's HTTP status (0 when there was none).
int ApproveAccount(ApiClient& approver, int64_t user_id);

}  // namespace shouhu::apitest
