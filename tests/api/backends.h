// What the typed API suites share: the storage backends they run on (a fresh SQLite file, or a
// schema of its own on the test PostgreSQL cluster) and fictional GB 11643 ID numbers.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <type_traits>

namespace shouhu::apitest {

// A fictional GB 11643 number: district 230103, the given birth date, an even (female) sequence.
inline std::string IdNumber(const std::string& yyyymmdd, int seq) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  char buf[32];
  std::snprintf(buf, sizeof buf, "230103%s%03d", yyyymmdd.c_str(), (seq * 2) % 1000);
  std::string first17(buf);
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return first17 + kCheck[sum % 11];
}

struct OnSqlite {
  static std::optional<std::string> DatabaseUrl() { return std::string(); }
  static void Drop() {}
};

struct OnPostgres {
  // A schema of its own on the test cluster (one per suite), so other suites are unaffected.
  static std::optional<std::string> DatabaseUrl() {
    const char* url = std::getenv("SHOUHU_TEST_PG_URL");
    if (url == nullptr || *url == '\0') return std::nullopt;
    static int suites = 0;
    schema() = "api_" + std::to_string(::getpid()) + "_" + std::to_string(++suites);
    const std::string create =
        "psql '" + std::string(url) + "' -qc 'CREATE SCHEMA " + schema() + "' >/dev/null";
    if (std::system(create.c_str()) != 0) return std::nullopt;
    return std::string(url) + (std::string(url).find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema();
  }
  static void Drop() {
    const char* url = std::getenv("SHOUHU_TEST_PG_URL");
    if (url == nullptr || schema().empty()) return;
    const std::string drop = "psql '" + std::string(url) +
                             "' -qc 'SET client_min_messages=warning; DROP SCHEMA " + schema() +
                             " CASCADE' >/dev/null";
    (void)std::system(drop.c_str());
  }
  static std::string& schema() {
    static std::string name;
    return name;
  }
};

class BackendNames {
 public:
  template <class T>
  static std::string GetName(int) {
    return std::is_same_v<T, OnSqlite> ? "Sqlite" : "Postgres";
  }
};

}  // namespace shouhu::apitest
