// shouhu: the server and its administration commands.
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <string>

#include "api/module.h"
#include "app/runtime.h"
#include "audit/audit_log.h"
#include "security/policy.h"
#include "storage/stores.h"

namespace {

using shouhu::Status;

int Fail(const Status& status) {
  std::fprintf(stderr, "error: %s (%s)", status.message().c_str(),
               shouhu::StatusCodeName(status.code()));
  for (const auto& [field, reason] : status.fields())
    std::fprintf(stderr, " %s=%s", field.c_str(), reason.c_str());
  std::fprintf(stderr, "\n");
  return 1;
}

// One line from standard input, without echo when it is a terminal. Passwords never come from
// arguments (they would show in the process list and shell history).
std::string ReadPassword(const char* prompt) {
  const bool tty = isatty(STDIN_FILENO) != 0;
  termios old{};
  if (tty) {
    std::fprintf(stderr, "%s", prompt);
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"shouhu (守护): multi-agency prevention of and assistance for harm to minor girls"};
  app.require_subcommand(1);
  shouhu::ConfigSources sources;
  app.add_option("--config", sources.config_file, "TOML configuration file (env SHOUHU_CONFIG)");
  app.add_option("--database", sources.database,
                 "sqlite:PATH or postgresql://... (env SHOUHU_DATABASE)");

  auto* serve = app.add_subcommand("serve", "Serve the API and web UI");
  serve->add_option("--listen", sources.listen,
                    "HOST:PORT (env SHOUHU_LISTEN; default 127.0.0.1:8080)");
  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations");

  auto* demo = app.add_subcommand("demo", "Demo district")->require_subcommand(1);
  auto* demo_load =
      demo->add_subcommand("load", "Load the fictional demo district into an empty database");

  auto* user = app.add_subcommand("user", "User accounts")->require_subcommand(1);
  shouhu::service::UserInput user_in;
  bool password_stdin = false;
  auto* user_add =
      user->add_subcommand("add", "Create a user (one-time password unless --password-stdin)");
  user_add->add_option("--username", user_in.username)->required();
  user_add->add_option("--name", user_in.display_name, "Display name")->required();
  user_add->add_option("--unit", user_in.unit_code, "Unit code")->required();
  user_add
      ->add_option("--role", user_in.role,
                   "admin|coordinator|leader|caseworker|reporter|volunteer|auditor|analyst")
      ->required();
  user_add->add_flag("--password-stdin", password_stdin, "Read the password from standard input");
  std::string username;
  auto* user_passwd =
      user->add_subcommand("passwd", "Set a user's password (one-time unless --password-stdin)");
  user_passwd->add_option("--username", username)->required();
  user_passwd->add_flag("--password-stdin", password_stdin,
                        "Read the password from standard input");
  auto* user_disable = user->add_subcommand("disable", "Disable a user and end their sessions");
  user_disable->add_option("--username", username)->required();

  auto* unit = app.add_subcommand("unit", "Member units")->require_subcommand(1);
  shouhu::service::UnitInput unit_in;
  std::string parent;
  auto* unit_add = unit->add_subcommand("add", "Create a member unit");
  unit_add->add_option("--code", unit_in.code)->required();
  unit_add->add_option("--name", unit_in.name)->required();
  unit_add
      ->add_option(
          "--kind", unit_in.kind,
          "Unit kind code: leadership, womens_federation, police, procuratorate, court, justice, "
          "education, community, civil_affairs, disability, health, market_supervision, "
          "culture or social_org")
      ->required();
  unit_add->add_option("--district", unit_in.district_code, "6-digit district code")->required();
  unit_add->add_option("--parent", parent, "Parent unit code");
  auto* unit_list = unit->add_subcommand("list", "List member units");

  auto* audit = app.add_subcommand("audit", "Audit log")->require_subcommand(1);
  auto* audit_verify =
      audit->add_subcommand("verify", "Walk the hash chain; name the first broken entry");

  auto* keys = app.add_subcommand("keys", "Field-encryption keys")->require_subcommand(1);
  std::string key_path;
  auto* keys_init =
      keys->add_subcommand("init", "Create a new key file (refuses to overwrite one)");
  keys_init->add_option("--file", key_path, "Where to write it (mode 0600)")->required();
  auto* keys_rotate = keys->add_subcommand(
      "rotate",
      "Add a new current key to the key file and re-encrypt every identity field under it");

  auto* policy = app.add_subcommand(
      "policy", "Print the access policy table (docs/ACCESS.md) as Markdown and exit");

  CLI11_PARSE(app, argc, argv);

  if (policy->parsed()) {
    shouhu::api::InstallModules();
    std::fputs(shouhu::security::PolicyMarkdown().c_str(), stdout);
    return 0;
  }

  if (keys_init->parsed()) {
    shouhu::CryptoRandom random;
    if (Status s = shouhu::WriteNewKeyFile(key_path, random); !s.ok()) return Fail(s);
    std::printf("key file written: %s\n", key_path.c_str());
    return 0;
  }

  if (serve->parsed()) shouhu::BlockTerminationSignals();
  auto config = shouhu::LoadConfig(sources);
  if (!config.ok()) return Fail(config.status());
  shouhu::SetUpLogging(*config);
  // The logger is asynchronous: drain it on every way out of main.
  struct FlushLogs {
    ~FlushLogs() { spdlog::shutdown(); }
  } flush_logs;

  const bool may_migrate =
      migrate->parsed() || (serve->parsed() && config->auto_migrate) || demo_load->parsed();
  auto runtime =
      shouhu::OpenRuntime(*config, may_migrate ? shouhu::MigrationPolicy::kApply
                                               : shouhu::MigrationPolicy::kRequireCurrent);
  if (!runtime.ok()) return Fail(runtime.status());
  shouhu::Runtime& rt = **runtime;
  const auto cli = shouhu::service::Actor::CommandLine();
  int code = 0;

  if (serve->parsed()) {
    code = shouhu::Serve(rt);
  } else if (migrate->parsed()) {
    auto version = rt.db->SchemaVersion();
    if (!version.ok()) return Fail(version.status());
    std::printf("schema version %d\n", *version);
  } else if (demo_load->parsed()) {
    auto loaded = shouhu::LoadDemoDistrict(rt, stdout);
    if (!loaded.ok()) return Fail(loaded.status());
    if (!*loaded) std::printf("demo district already present; nothing loaded\n");
  } else if (user_add->parsed()) {
    if (password_stdin) user_in.password = ReadPassword("password: ");
    if (password_stdin && user_in.password.empty())
      return Fail(Status::InvalidField("password", "required"));
    auto created = rt.accounts->CreateUser(cli, user_in);
    if (!created.ok()) return Fail(created.status());
    std::printf("created user %s (id %lld)\n", created->user.username.c_str(),
                static_cast<long long>(created->user.id));
    if (!created->one_time_password.empty())
      std::printf("one-time password: %s\n", created->one_time_password.c_str());
  } else if (user_passwd->parsed()) {
    std::string password = password_stdin ? ReadPassword("new password: ") : "";
    if (password_stdin && password.empty())
      return Fail(Status::InvalidField("password", "required"));
    auto one_time = rt.accounts->ResetPassword(cli, username, password);
    if (!one_time.ok()) return Fail(one_time.status());
    if (!one_time->empty())
      std::printf("one-time password: %s\n", one_time->c_str());
    else
      std::printf("password set\n");
  } else if (user_disable->parsed()) {
    if (Status s = rt.accounts->DisableUser(cli, username); !s.ok()) return Fail(s);
    std::printf("disabled %s\n", username.c_str());
  } else if (unit_add->parsed()) {
    if (!parent.empty()) unit_in.parent_code = parent;
    auto created = rt.accounts->CreateUnit(cli, unit_in);
    if (!created.ok()) return Fail(created.status());
    std::printf("created unit %s (id %lld)\n", created->code.c_str(),
                static_cast<long long>(created->id));
  } else if (unit_list->parsed()) {
    auto units = rt.accounts->ListUnits(cli);
    if (!units.ok()) return Fail(units.status());
    for (const auto& u : *units) {
      std::printf("%-10s %-20s %s\n", u.code.c_str(), u.kind.c_str(), u.name.c_str());
    }
  } else if (keys_rotate->parsed()) {
    auto rotated = shouhu::RotateKeys(rt);
    if (!rotated.ok()) return Fail(rotated.status());
    std::printf("re-encrypted %lld values under the new key\n", static_cast<long long>(*rotated));
  } else if (audit_verify->parsed()) {
    auto report = rt.audit->Verify(cli);
    if (!report.ok()) return Fail(report.status());
    if (report->first_broken_seq) {
      std::printf("BROKEN: first broken entry seq %lld (%s); %lld entries checked\n",
                  static_cast<long long>(*report->first_broken_seq), report->reason.c_str(),
                  static_cast<long long>(report->entries));
      code = 1;
    } else {
      std::printf("OK: %lld entries, chain intact\n", static_cast<long long>(report->entries));
    }
  }
  rt.db->Close();
  return code;
}
