#include "app/config.h"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <set>

#include "security/password.h"

namespace shouhu {
namespace {

const char* Env(const char* name) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? v : nullptr;
}

Status ParseInt(const std::string& field, const std::string& text, int64_t min, int64_t max,
                int64_t* out) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size())
    return Status::InvalidField(field, "wrong_type");
  if (v < min || v > max) return Status::InvalidField(field, "out_of_range");
  *out = v;
  return Status::Ok();
}

// Reads the TOML file into `config`; an unknown table or key is an error naming it, so a typo
// never silently falls back to a default.
class TomlReader {
 public:
  explicit TomlReader(Config& config) : c_(config) {}

  Status Read(const std::string& path) {
    toml::table root;
    try {
      root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      return Status::InvalidArgument("config_parse_error",
                                     {{"config", std::string(e.description())}});
    }
    for (auto& [section, node] : root) {
      const std::string name(section.str());
      const toml::table* table = node.as_table();
      if (table == nullptr) return Status::InvalidField(name, "unknown_field");
      for (auto& [key, value] : *table) {
        SHOUHU_RETURN_IF_ERROR(Apply(name, std::string(key.str()), value));
      }
    }
    return Status::Ok();
  }

 private:
  template <typename T>
  Status Get(const std::string& field, const toml::node& v, T* out) {
    auto got = v.value<T>();
    if (!got) return Status::InvalidField(field, "wrong_type");
    *out = *got;
    return Status::Ok();
  }
  Status Int(const std::string& field, const toml::node& v, int64_t min, int64_t max,
             int64_t* out) {
    SHOUHU_RETURN_IF_ERROR(Get(field, v, out));
    if (*out < min || *out > max) return Status::InvalidField(field, "out_of_range");
    return Status::Ok();
  }
  template <typename T>
  Status IntTo(const std::string& field, const toml::node& v, int64_t min, int64_t max, T* out) {
    int64_t x = 0;
    SHOUHU_RETURN_IF_ERROR(Int(field, v, min, max, &x));
    *out = static_cast<T>(x);
    return Status::Ok();
  }
  Status Millis(const std::string& field, const toml::node& v, std::chrono::milliseconds* out) {
    int64_t x = 0;
    SHOUHU_RETURN_IF_ERROR(Int(field, v, 1, 3'600'000, &x));
    *out = std::chrono::milliseconds(x);
    return Status::Ok();
  }

  Status Apply(const std::string& section, const std::string& key, const toml::node& v) {
    const std::string f = section + "." + key;
    auto& s = c_.server;
    auto& a = c_.auth;
    if (section == "server") {
      if (key == "listen") {
        std::string text;
        SHOUHU_RETURN_IF_ERROR(Get(f, v, &text));
        return ParseListen(text, &s.host, &s.port);
      }
      if (key == "io_threads") return IntTo(f, v, 1, 256, &s.io_threads);
      if (key == "worker_threads") return IntTo(f, v, 1, 1024, &s.worker_threads);
      if (key == "max_body_bytes") return IntTo(f, v, 1024, 1LL << 30, &s.max_body_bytes);
      if (key == "max_connections") return IntTo(f, v, 1, 1'000'000, &s.max_connections);
      if (key == "header_timeout_ms") return Millis(f, v, &s.header_timeout);
      if (key == "idle_timeout_ms") return Millis(f, v, &s.idle_timeout);
      if (key == "body_timeout_ms") return Millis(f, v, &s.body_timeout);
      if (key == "static_root") return Get(f, v, &s.static_root);
      if (key == "tls") return Get(f, v, &s.tls);
      if (key == "tls_cert_file") return Get(f, v, &s.tls_cert_file);
      if (key == "tls_key_file") return Get(f, v, &s.tls_key_file);
    } else if (section == "database") {
      if (key == "url") return Get(f, v, &c_.database_url);
      if (key == "read_pool_size") return IntTo(f, v, 1, 256, &c_.database.read_pool_size);
      if (key == "busy_timeout_ms") return IntTo(f, v, 0, 600'000, &c_.database.busy_timeout_ms);
      if (key == "max_batch_jobs") return IntTo(f, v, 1, 100'000, &c_.database.max_batch_jobs);
      if (key == "auto_migrate") return Get(f, v, &c_.auto_migrate);
    } else if (section == "auth") {
      if (key == "session_idle_timeout_s") return Int(f, v, 60, 86'400, &a.session_idle_timeout_s);
      if (key == "session_absolute_timeout_s")
        return Int(f, v, 60, 7 * 86'400, &a.session_absolute_timeout_s);
      if (key == "max_failed_logins") return IntTo(f, v, 1, 100, &a.max_failed_logins);
      if (key == "lockout_s") return Int(f, v, 1, 86'400, &a.lockout_s);
      if (key == "login_rate_per_minute") return IntTo(f, v, 1, 100'000, &a.login_rate_per_minute);
      if (key == "login_rate_burst") return IntTo(f, v, 1, 100'000, &a.login_rate_burst);
      if (key == "min_password_length") return IntTo(f, v, 12, 256, &a.min_password_length);
      if (key == "password_hash_cost") {
        std::string text;
        SHOUHU_RETURN_IF_ERROR(Get(f, v, &text));
        auto cost = security::ParseHashCost(text);
        if (!cost.ok()) return Status::InvalidField(f, "unknown_value");
        a.hash_cost = *cost;
        return Status::Ok();
      }
    } else if (section == "data") {
      if (key == "key_file") return Get(f, v, &c_.key_file);
      if (key == "rules_file") return Get(f, v, &c_.rules_file);
    } else if (section == "stats") {
      if (key == "suppression_threshold")
        return Int(f, v, 1, 1000, &c_.stats.suppression.threshold);
      if (key == "suppress_zero") return Get(f, v, &c_.stats.suppression.suppress_zero);
      if (key == "clear_export_approval_above")
        return IntTo(f, v, 0, 10'000, &c_.stats.clear_export_approval_above);
      if (key == "clear_export_daily_cap")
        return IntTo(f, v, 1, 10'000, &c_.stats.clear_export_daily_cap);
    } else if (section == "log") {
      if (key == "level") return Get(f, v, &c_.log_level);
      if (key == "file") return Get(f, v, &c_.log_file);
    }
    return Status::InvalidField(f, "unknown_field");
  }

  Config& c_;
};

}  // namespace

Status ParseListen(const std::string& text, std::string* host, uint16_t* port) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return Status::InvalidField("listen", "bad_format");
  int64_t p = 0;
  if (!ParseInt("listen", text.substr(colon + 1), 0, 65535, &p).ok()) {
    return Status::InvalidField("listen", "bad_format");
  }
  std::string h = text.substr(0, colon);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  *host = h;
  *port = static_cast<uint16_t>(p);
  return Status::Ok();
}

Result<Config> LoadConfig(const ConfigSources& sources) {
  Config config;
  std::string file = sources.config_file;
  if (file.empty() && Env("SHOUHU_CONFIG")) file = Env("SHOUHU_CONFIG");
  if (!file.empty()) SHOUHU_RETURN_IF_ERROR(TomlReader(config).Read(file));

  if (const char* v = Env("SHOUHU_LISTEN"))
    SHOUHU_RETURN_IF_ERROR(ParseListen(v, &config.server.host, &config.server.port));
  if (const char* v = Env("SHOUHU_DATABASE")) config.database_url = v;
  if (const char* v = Env("SHOUHU_STATIC_ROOT")) config.server.static_root = v;
  if (const char* v = Env("SHOUHU_LOG_LEVEL")) config.log_level = v;
  if (const char* v = Env("SHOUHU_KEY_FILE")) config.key_file = v;
  if (const char* v = Env("SHOUHU_RULES_FILE")) config.rules_file = v;
  int64_t n = 0;
  if (const char* v = Env("SHOUHU_IO_THREADS")) {
    SHOUHU_RETURN_IF_ERROR(ParseInt("SHOUHU_IO_THREADS", v, 1, 256, &n));
    config.server.io_threads = static_cast<int>(n);
  }
  if (const char* v = Env("SHOUHU_WORKER_THREADS")) {
    SHOUHU_RETURN_IF_ERROR(ParseInt("SHOUHU_WORKER_THREADS", v, 1, 1024, &n));
    config.server.worker_threads = static_cast<int>(n);
  }
  if (const char* v = Env("SHOUHU_PASSWORD_HASH_COST")) {
    auto cost = security::ParseHashCost(v);
    if (!cost.ok()) return Status::InvalidField("SHOUHU_PASSWORD_HASH_COST", "unknown_value");
    config.auth.hash_cost = *cost;
  }

  if (!sources.listen.empty())
    SHOUHU_RETURN_IF_ERROR(ParseListen(sources.listen, &config.server.host, &config.server.port));
  if (!sources.database.empty()) config.database_url = sources.database;
  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
  if (!kLevels.contains(config.log_level))
    return Status::InvalidField("log.level", "unknown_value");
  return config;
}

}  // namespace shouhu
