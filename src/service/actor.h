// Actor: who is acting — a signed-in user resolved from a session, or the operator at the command
// line. Passed by const reference into every service call; a value, safe to copy.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "domain/role.h"
#include "service/request_audit.h"

namespace shouhu::service {

struct Actor {
  std::optional<int64_t> user_id;  // nullopt for the command-line operator
  int64_t unit_id = 0;
  domain::Role role = domain::Role::kAdmin;
  std::string username;
  bool must_change_password = false;
  std::string session_hash;    // SHA-256 hex of the session token; empty for the CLI
  std::string client_address;  // "cli" for the command line
  // The request's one audit row (service/request_audit.h); null for the command line and for
  // direct service calls, which audit each call on its own.
  std::shared_ptr<RequestAudit> request;

  // The operator running `shouhu` subcommands on the server machine: admin rights, audited as
  // the command line.
  static Actor CommandLine() {
    Actor a;
    a.client_address = "cli";
    return a;
  }
  bool is_command_line() const { return !user_id.has_value(); }
};

}  // namespace shouhu::service
