// Every error code a user can receive has a Chinese and an English text: the test reads the
// sources (SHOUHU_SOURCE_DIR/src, at test time) for every place a code is made — Status::X("key"),
// InvalidField("field", "reason"), {{"field", "reason"}} in a Status or a FieldErrors, a
// FieldErrors' emplace, and the few helpers that take a code — and fails naming each code the
// catalogue in errors.cc lacks. And an unknown code never reaches the client as such.
#include "api/errors.h"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifndef SHOUHU_SOURCE_DIR
#error "SHOUHU_SOURCE_DIR must name the source tree (CMakeLists.txt sets it)"
#endif

namespace shouhu::api {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

enum class Kind { kKey, kReason };

struct Found {
  std::string code;
  Kind kind;
  std::string where;  // "src/…/file.cc:line"
};

// Functions that take a code as an argument and make a Status of it (or add it to one). Their
// callers are scanned like Status::X(...). `file` empty: wherever the function is called.
struct Helper {
  std::string_view file;
  std::string_view function;
  size_t arg;
  Kind kind;
};
constexpr Helper kHelpers[] = {
    {"", "ExpectChanged", 1, Kind::kKey},                         // storage/store_rows.h
    {"src/api/workflow_routes.cc", "PathId", 1, Kind::kKey},      // its 404 key
    {"src/domain/intake.cc", "Add", 1, Kind::kReason},            // Errors::Add(field, reason)
    {"src/domain/id_number.cc", "Invalid", 0, Kind::kReason},     // Invalid(reason)
    {"src/security/key_ring.cc", "FileError", 1, Kind::kReason},  // FileError(where, reason)
};

// Places that hand a code on without naming it: a parameter of one of kHelpers, or a code taken
// from another Status (scanned where that one is made). A new such place fails the test until it
// is listed here (and its callers, if it is a helper, in kHelpers).
struct PassThrough {
  std::string_view file;
  std::string_view argument;
};
constexpr PassThrough kPassThroughs[] = {
    {"src/storage/store_rows.h", "what"},  // ExpectChanged
    {"src/storage/store_rows.h", "result.status().message()"},
    {"src/storage/store_rows.h", "status.message()"},
    {"src/api/workflow_routes.cc", "not_found"},  // PathId
    {"src/api/case_routes.cc", "status.message()"},
    {"src/api/case_routes.cc", "reason"},   // copies another Status's fields
    {"src/domain/intake.cc", "reason"},     // Errors::Add
    {"src/domain/id_number.cc", "reason"},  // Invalid
    {"src/service/auth_service.cc", "weak.fields().begin()->second"},
    {"src/app/rules.cc", "ms.status().message()"},
    {"src/service/prevention_service.cc", "code"},  // copies ValidateNewEntry's errors
};

// Codes that never reach a user: the server refuses to start, or a command-line command ends,
// and the operator reads the code on stderr (with the log line that explains it); or the status
// is the outcome of an outgoing request. Whole files, then single codes of mixed files.
constexpr std::string_view kOperatorOnlyFiles[] = {
    "src/app/config.cc",          // the configuration file
    "src/app/rules.cc",           // the rules file
    "src/app/runtime.cc",         // start-up: key file, migrations
    "src/app/open_database.cc",   // start-up: the database URL
    "src/app/workflow_clock.cc",  // webhook deliveries: outcomes of outgoing requests
    "src/security/key_ring.cc",   // the key file
    "src/http/client.cc",         // the client side (tests, benchmarks, the CLI)
};
struct OperatorOnlyCode {
  std::string_view file;
  std::string_view code;
};
constexpr OperatorOnlyCode kOperatorOnlyCodes[] = {
    {"src/http/server.cc", "bind_failed"},
    {"src/http/server.cc", "listen_address_invalid"},
    {"src/http/server.cc", "tls_certificate_invalid"},
    {"src/storage/sql/dialect.cc", "weak_database_settings"},
    {"src/storage/sqlite/sqlite_connection.cc", "missing_path"},
    {"src/storage/sqlite/sqlite_connection.cc", "cannot_create_directory"},
    {"src/domain/enumerations.cc", "unknown_enumeration"},  // Extend: the rules file only
    {"src/domain/enumerations.cc", "not_extensible"},
};

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// The text with comments blanked out (string and character literals kept, newlines kept so that
// offsets still give line numbers).
std::string StripComments(const std::string& t) {
  std::string out = t;
  size_t i = 0;
  const size_t n = t.size();
  auto skip_quoted = [&](char quote) {
    size_t j = i + 1;
    while (j < n && t[j] != quote) j += t[j] == '\\' ? 2 : 1;
    i = std::min(j + 1, n);
  };
  while (i < n) {
    if (t.compare(i, 2, "//") == 0) {
      while (i < n && t[i] != '\n') out[i++] = ' ';
    } else if (t.compare(i, 2, "/*") == 0) {
      const size_t end = t.find("*/", i + 2);
      const size_t stop = end == std::string::npos ? n : end + 2;
      for (; i < stop; ++i)
        if (out[i] != '\n') out[i] = ' ';
    } else if (t.compare(i, 2, "R\"") == 0 && (i == 0 || !IsWordChar(t[i - 1]))) {
      const size_t open = t.find('(', i);
      const std::string close = ")" + t.substr(i + 2, open - i - 2) + "\"";
      const size_t end = t.find(close, open);
      i = end == std::string::npos ? n : end + close.size();
    } else if (t[i] == '"') {
      skip_quoted('"');
    } else if (t[i] == '\'' && (i == 0 || !IsWordChar(t[i - 1]))) {  // not 1'000
      skip_quoted('\'');
    } else {
      ++i;
    }
  }
  return out;
}

// The top-level arguments of the call whose '(' is at `open`, as written.
std::vector<std::string> Arguments(const std::string& t, size_t open) {
  std::vector<std::string> args(1);
  int depth = 0;
  for (size_t i = open; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '"') {
      size_t j = i + 1;
      while (j < t.size() && t[j] != '"') j += t[j] == '\\' ? 2 : 1;
      args.back() += t.substr(i, j + 1 - i);
      i = j;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      if (depth++ == 0) continue;
    } else if (c == ')' || c == ']' || c == '}') {
      if (--depth == 0) break;
    } else if (c == ',' && depth == 1) {
      args.emplace_back();
      continue;
    }
    args.back() += c;
  }
  for (auto& a : args) {
    a.erase(0, a.find_first_not_of(" \t\n"));
    a.erase(a.find_last_not_of(" \t\n") + 1);
  }
  return args;
}

std::vector<std::string> CodeLiterals(const std::string& text) {
  static const std::regex literal(R"re("([a-z][a-z0-9_]*)")re");
  std::vector<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

// The reasons in {"field", "reason"} pairs: the literals after the first comma of each
// innermost brace pair.
std::vector<std::string> PairReasons(const std::string& text) {
  static const std::regex pair(R"re(\{([^{},]*),([^{}]*)\})re");
  std::vector<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), pair), end; it != end; ++it) {
    for (auto& r : CodeLiterals((*it)[2])) out.push_back(r);
  }
  return out;
}

// The braced region starting at `open` ('{'), with its braces.
std::string Braced(const std::string& t, size_t open) {
  int depth = 0;
  for (size_t i = open; i < t.size(); ++i) {
    if (t[i] == '{') ++depth;
    if (t[i] == '}' && --depth == 0) return t.substr(open, i + 1 - open);
  }
  return t.substr(open);
}

struct Scan {
  std::vector<Found> found;
  std::vector<std::string> unlisted_pass_throughs;  // "file:line: argument"
};

size_t SkipSpace(const std::string& t, size_t i) {
  while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
  return i;
}

// The identifier at `i` ("" when none).
std::string IdentifierAt(const std::string& t, size_t i) {
  size_t j = i;
  while (j < t.size() && IsWordChar(t[j])) ++j;
  return t.substr(i, j - i);
}

// The offsets of each whole-word `word` in `t`, with the offset just past it.
std::vector<std::pair<size_t, size_t>> Words(const std::string& t, std::string_view word) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t at = t.find(word); at != std::string::npos; at = t.find(word, at + 1)) {
    const size_t past = at + word.size();
    if ((at > 0 && IsWordChar(t[at - 1])) || (past < t.size() && IsWordChar(t[past]))) continue;
    out.emplace_back(at, past);
  }
  return out;
}

// The offset of the '(' opening a call of `name` at each whole-word occurrence that is a call.
std::vector<std::pair<size_t, size_t>> Calls(const std::string& t, std::string_view name) {
  std::vector<std::pair<size_t, size_t>> out;
  for (const auto& [at, past] : Words(t, name)) {
    const size_t open = SkipSpace(t, past);
    if (open < t.size() && t[open] == '(') out.emplace_back(at, open);
  }
  return out;
}

const Scan& ScanSources() {
  static const Scan scan = [] {
    Scan scan;
    const fs::path root = fs::path(SHOUHU_SOURCE_DIR);
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root / "src")) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || name.ends_with("_test.cc") || name == "test_support.h")
        continue;
      if (name.ends_with(".cc") || name.ends_with(".h")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& path : files) {
      const std::string rel = fs::relative(path, root).generic_string();
      if (std::find(std::begin(kOperatorOnlyFiles), std::end(kOperatorOnlyFiles), rel) !=
          std::end(kOperatorOnlyFiles)) {
        continue;
      }
      std::ifstream in(path, std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      const std::string text = StripComments(buffer.str());
      std::vector<size_t> line_starts{0};
      for (size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') line_starts.push_back(i + 1);
      auto where = [&](size_t offset) {
        const auto line = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
        return rel + ":" + std::to_string(line - line_starts.begin());
      };
      auto add = [&](const std::vector<std::string>& codes, Kind kind, size_t offset) {
        for (const auto& c : codes) scan.found.push_back({c, kind, where(offset)});
      };
      auto code_argument = [&](const std::string& arg, Kind kind, size_t offset) {
        const auto codes = CodeLiterals(arg);
        add(codes, kind, offset);
        if (codes.empty() && std::none_of(std::begin(kPassThroughs), std::end(kPassThroughs),
                                          [&](const PassThrough& p) {
                                            return p.file == rel && p.argument == arg;
                                          })) {
          scan.unlisted_pass_throughs.push_back(where(offset) + ": " + arg);
        }
      };
      // Status::X(key, fields) and Status::InvalidField(field, reason).
      for (const auto& [at, past] : Words(text, "Status")) {
        if (text.compare(past, 2, "::") != 0) continue;
        const std::string name = IdentifierAt(text, past + 2);
        const size_t open = SkipSpace(text, past + 2 + name.size());
        if (open >= text.size() || text[open] != '(') continue;
        if (name == "Ok" || name == "Internal" || name == "Corruption") continue;
        const auto args = Arguments(text, open);
        if (name == "InvalidField") {
          if (args.size() > 1) code_argument(args[1], Kind::kReason, at);
          continue;
        }
        code_argument(args[0], Kind::kKey, at);
        if (args.size() > 1) add(PairReasons(args[1]), Kind::kReason, at);
      }
      // FieldErrors{{field, reason}} and FieldErrors variables' emplace(field, reason).
      std::set<std::string> vars;
      for (const auto& [at, past] : Words(text, "FieldErrors")) {
        size_t i = SkipSpace(text, past);
        if (i < text.size() && text[i] == '{') {
          add(PairReasons(Braced(text, i)), Kind::kReason, at);
          continue;
        }
        if (i < text.size() && text[i] == '&') i = SkipSpace(text, i + 1);
        const std::string var = IdentifierAt(text, i);
        if (!var.empty()) vars.insert(var);
      }
      for (const std::string& var : vars) {
        for (const auto& [at, past] : Words(text, var)) {
          size_t i = SkipSpace(text, past);
          if (i >= text.size() || text[i] != '.') continue;
          i = SkipSpace(text, i + 1);
          const std::string method = IdentifierAt(text, i);
          if (method != "emplace" && method != "try_emplace" && method != "insert_or_assign")
            continue;
          const size_t open = SkipSpace(text, i + method.size());
          if (open >= text.size() || text[open] != '(') continue;
          const auto args = Arguments(text, open);
          if (args.size() > 1) code_argument(args[1], Kind::kReason, at);
        }
      }
      // The helpers' callers. A helper's own definition has no literal among its parameters.
      for (const Helper& h : kHelpers) {
        if (!h.file.empty() && h.file != rel) continue;
        for (const auto& [at, open] : Calls(text, h.function)) {
          const auto args = Arguments(text, open);
          if (args.size() > h.arg) add(CodeLiterals(args[h.arg]), h.kind, at);
        }
      }
    }
    return scan;
  }();
  return scan;
}

bool OperatorOnly(const Found& f) {
  const std::string file = f.where.substr(0, f.where.find(':'));
  return std::any_of(std::begin(kOperatorOnlyCodes), std::end(kOperatorOnlyCodes),
                     [&](const OperatorOnlyCode& o) { return o.file == file && o.code == f.code; });
}

// The catalogue key a field reason is looked up under (as ErrorResponse does).
std::string CatalogueKey(const Found& f) {
  return f.kind == Kind::kReason && f.code == "not_found" ? "not_found_ref" : f.code;
}

TEST(ErrorsTest, TheScanFindsTheCodesItMustFind) {
  const Scan& scan = ScanSources();
  std::set<std::pair<std::string, Kind>> codes;
  for (const Found& f : scan.found) codes.insert({f.code, f.kind});
  EXPECT_GE(codes.size(), 120u) << "the scan of " << SHOUHU_SOURCE_DIR << " found too little";
  for (const auto& [code, kind] : std::vector<std::pair<std::string, Kind>>{
           {"database_io_error", Kind::kKey},              // storage, Status::Unavailable
           {"database_busy", Kind::kKey},                  // storage, both backends
           {"payload_too_large", Kind::kKey},              // http
           {"no_case_access", Kind::kKey},                 // service
           {"service_not_found", Kind::kKey},              // ExpectChanged
           {"task_not_found", Kind::kKey},                 // PathId
           {"too_large", Kind::kReason},                   // {{"file", "too_large"}}
           {"taken", Kind::kReason},                       // FieldErrors{{field, "taken"}}
           {"before_from", Kind::kReason},                 // errors.emplace
           {"not_minor_on_incident_date", Kind::kReason},  // intake's Errors::Add
           {"bad_check_digit", Kind::kReason},             // id_number's Invalid
           {"not_in_url", Kind::kReason},                  // InvalidField
       }) {
    EXPECT_TRUE(codes.contains({code, kind})) << code << " not found by the scan";
  }
}

TEST(ErrorsTest, EveryCodeAUserCanReceiveHasBothTexts) {
  const Scan& scan = ScanSources();
  std::set<std::string> reported;
  for (const Found& f : scan.found) {
    if (OperatorOnly(f)) continue;
    const std::string key = CatalogueKey(f);
    if (!HasMessage(key)) {
      if (reported.insert(key).second) {
        ADD_FAILURE() << (f.kind == Kind::kKey ? "message key \"" : "field reason \"") << f.code
                      << "\" (" << f.where
                      << ") has no Chinese and English text in src/api/errors.cc";
      }
      continue;
    }
    const std::string_view zh = Localise(key, Language::kZh);
    const std::string_view en = Localise(key, Language::kEn);
    EXPECT_FALSE(zh.empty()) << key;
    EXPECT_FALSE(en.empty()) << key;
    EXPECT_NE(zh, en) << key << ": the Chinese text is the English one";
  }
}

TEST(ErrorsTest, EveryPassThroughOfACodeIsListed) {
  for (const std::string& site : ScanSources().unlisted_pass_throughs) {
    ADD_FAILURE() << site
                  << ": a code that is not a literal; list it in kPassThroughs, and if it is a "
                     "helper's parameter, the helper in kHelpers so that its callers are scanned";
  }
}

TEST(ErrorsTest, TheOperatorOnlyExemptionsAreNotStale) {
  const fs::path root = fs::path(SHOUHU_SOURCE_DIR);
  for (std::string_view file : kOperatorOnlyFiles) {
    EXPECT_TRUE(fs::exists(root / file)) << file << " is gone; drop it from kOperatorOnlyFiles";
  }
  const Scan& scan = ScanSources();
  for (const OperatorOnlyCode& o : kOperatorOnlyCodes) {
    EXPECT_TRUE(std::any_of(scan.found.begin(), scan.found.end(),
                            [&](const Found& f) { return f.code == o.code && OperatorOnly(f); }))
        << o.file << " no longer makes " << o.code << "; drop it from kOperatorOnlyCodes";
  }
}

json::value Answer(const Status& status, const char* language = "zh-CN") {
  http::Request req;
  req.headers.emplace_back("accept-language", language);
  return json::parse(ErrorResponse(req, status).body);
}

TEST(ErrorsTest, AnUnknownKeyGetsTheGenericCodeOfItsKindNeverItself) {
  EXPECT_FALSE(HasMessage("sqlite_step_failed_on_table_children"));
  const json::value zh = Answer(Status::NotFound("sqlite_step_failed_on_table_children"));
  EXPECT_EQ(zh.at("error").at("code").as_string(), "not_found");
  EXPECT_EQ(zh.at("error").at("message").as_string(), "未找到请求的资源");
  EXPECT_EQ(json::serialize(zh).find("sqlite"), std::string::npos);
  const json::value en = Answer(Status::Conflict("unique_index_children_id_number"), "en");
  EXPECT_EQ(en.at("error").at("code").as_string(), "conflict");
  EXPECT_EQ(en.at("error").at("message").as_string(),
            "This conflicts with the current data; reload and retry");
  EXPECT_EQ(json::serialize(en).find("children"), std::string::npos);
  // Each status code has a generic text.
  for (const Status& s : {Status::InvalidArgument("x_y"), Status::Unauthenticated("x_y"),
                          Status::PermissionDenied("x_y"), Status::PreconditionFailed("x_y"),
                          Status::PreconditionRequired("x_y"), Status::PayloadTooLarge("x_y"),
                          Status::Unprocessable("x_y"), Status::Locked("x_y"),
                          Status::TooManyRequests("x_y"), Status::Unavailable("x_y")}) {
    const json::value body = Answer(s, "en");
    const std::string code(body.at("error").at("code").as_string());
    EXPECT_NE(code, "x_y");
    EXPECT_TRUE(HasMessage(code)) << code;
    EXPECT_EQ(json::serialize(body).find("x_y"), std::string::npos) << code;
  }
}

TEST(ErrorsTest, AnUnknownFieldReasonGetsAGenericText) {
  const json::value body =
      Answer(Status::InvalidArgument("invalid_field", {{"child.name", "regex_backtrack_limit"}}));
  EXPECT_EQ(body.at("error").at("fields").at("child.name").as_string(), "请检查此项");
  EXPECT_EQ(json::serialize(body).find("regex"), std::string::npos);
  EXPECT_EQ(Localise("regex_backtrack_limit", Language::kEn), "Please check this item");
}

TEST(ErrorsTest, AnInternalFailureShowsNotItsKey) {
  for (const Status& s :
       {Status::Internal("database_error"), Status::Corruption("database_corrupt")}) {
    const json::value body = Answer(s, "en");
    EXPECT_EQ(body.at("error").at("code").as_string(), "internal_error");
    EXPECT_TRUE(body.at("error").at("fields").as_object().empty());
    EXPECT_EQ(json::serialize(body).find("database_"), std::string::npos);
  }
}

TEST(ErrorsTest, StorageCodesReadInBothLanguages) {
  const json::value zh = Answer(Status::Unavailable("database_busy"));
  EXPECT_EQ(zh.at("error").at("code").as_string(), "database_busy");
  EXPECT_EQ(zh.at("error").at("message").as_string(), "数据库繁忙,请稍后重试");
  const json::value en = Answer(Status::Unavailable("database_io_error"), "en");
  EXPECT_EQ(en.at("error").at("message").as_string(),
            "The database could not read or write; please retry");
  const json::value file =
      Answer(Status::InvalidArgument("xlsx_unreadable", {{"file", "too_large"}}), "en");
  EXPECT_EQ(file.at("error").at("fields").at("file").as_string(), "Too large");
}

}  // namespace
}  // namespace shouhu::api
