// PreventionService: the at-risk registry (重点关注女童名册) kept by schools, communities and civil
// affairs, its visits on a clock (家访/走访) with their 督办 escalations, prevention activities and
// the pre-hiring checks (入职查询, 未保法 §62). docs/PREVENTION.md describes the work;
// docs/ACCESS.md the rows below.
//
// Need-to-know: an entry is seen by the unit that holds it (a school its pupils, a community its
// residents) and, in its district, by the coordinating unit and the civil-affairs bureau; nobody
// else learns it exists (404). A 入职查询 record is seen by its unit and the education bureau above
// it. Leaders and analysts get the aggregates only. Every call passes the gate (Resolve*), which
// resolves the caller's relation to the record once and decides from the policy table; identity is
// encrypted at rest, found by blind index, masked in every answer but the audited unmask.
// Thread-safe (stateless over thread-safe collaborators).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/status.h"
#include "domain/enumerations.h"
#include "domain/prevention.h"
#include "security/key_ring.h"
#include "security/policy.h"
#include "service/actor.h"
#include "storage/database.h"
#include "storage/prevention_records.h"
#include "storage/records.h"

namespace shouhu::service {

// The girl's identity as written and as read in clear (the unmask).
struct RegistryIdentity {
  std::string name;
  std::string id_number;
  std::string birth_date;  // "YYYY-MM-DD"
  std::string address;
  std::string guardians;  // guardians and their contacts, free text
  std::string phone;
  std::string school;
  std::string student_no;  // 学籍号
};

// POST /registry and PATCH /registry/{id}. In a PATCH an absent field keeps its value (`has_*`
// say which were sent); identity fields sent replace the stored ones.
struct RegistryInput {
  RegistryIdentity identity;
  std::vector<std::string> sent;  // names of the fields present (PATCH)
  std::string grade;
  std::vector<std::string> family_situations;
  std::string caregiver;
  std::string disability_type;
  int64_t disability_grade = 0;
  std::vector<std::string> vulnerability_classes;
  std::string risk_level;
  std::optional<int64_t> responsible_user;
  std::string state;   // PATCH only: "active" | "closed"
  std::string reason;  // required for a lower risk level and for closing
  bool Sent(std::string_view field) const;
};

// What an answer shows of an entry: identity masked (or in clear after an unmask), the rest as
// stored, and the clock.
struct RegistryEntryView {
  storage::RegistryEntryRecord record;
  RegistryIdentity identity;  // masked unless `clear`
  bool clear = false;
  std::string unit_code, unit_name;
  bool overdue = false;
  int64_t days_overdue = 0;
  std::vector<storage::RegistryHistoryRecord> history;  // detail only
  std::vector<std::string> history_reasons;             // beside history, decrypted
  struct Visit {
    storage::RegistryVisitRecord record;
    std::string findings, needs, follow_up;
  };
  std::vector<Visit> visits;  // detail only, newest first
};

struct RegistryPage {
  std::vector<RegistryEntryView> entries;
  int64_t total = 0;
  std::optional<int64_t> next_before;
};

// POST /registry/import: a school's or community's list (CSV or XLSX, the template's columns).
struct ImportRowError {
  int row = 0;         // the file's record number, the header being 1
  std::string column;  // the column's header as written in the file ("" for the whole row)
  std::string field;   // the field it maps to
  std::string code;    // the reason code (required, bad_format, unknown_value, ...)
};

struct ImportOutcome {
  std::string mode;  // check | all | valid_rows
  int rows = 0;      // data rows read
  int valid = 0;
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  bool stored = false;  // whether anything was written
  std::vector<ImportRowError> errors;
};

// The import's columns: field, Chinese header, English header (docs/PREVENTION.md).
struct ImportColumn {
  std::string_view field;
  std::string_view zh;
  std::string_view en;
};
std::span<const ImportColumn> ImportColumns();
// The template: the header row and one fictional example row, as CSV (UTF-8 with BOM).
std::string ImportTemplateCsv();

struct VisitInput {
  std::string visited_on;  // "YYYY-MM-DD", not in the future
  std::string visitors;
  std::vector<std::string> seen;  // girl, guardian, caregiver, teacher, other
  std::string findings, needs, follow_up;
  bool concern = false;  // harm or danger found: a report should follow
};

struct ActivityInput {
  std::string kind;
  std::string held_on;
  std::string place;
  std::vector<std::string> co_organisers;  // unit codes
  std::vector<std::string> audiences;
  // Participants by audience; children ("students") by sex and age band.
  struct Count {
    std::string audience;
    std::string sex;       // students: "female" | "male"; others ""
    std::string age_band;  // students: age_0_6 ... age_16_17; others ""
    int64_t n = 0;
  };
  std::vector<Count> participants;
  std::string materials;
  std::string note;
};

struct StaffCheckInput {
  std::string name;
  std::string id_number;
  std::string position;
  std::string kind;  // pre_hire | yearly
  std::string checked_on;
  std::string result;  // no_record | record_not_hired | record_dismissed
};

struct StaffCheckView {
  storage::StaffCheckRecord record;
  std::string name;       // masked
  std::string id_number;  // masked
  std::string unit_code;
  bool overdue = false;
};

struct VisitEscalationView {
  storage::RegistryEscalationRecord record;
  std::string unit_code, unit_name;
  int64_t days_overdue = 0;
};

// Counts for the leadership group: exact for the district's own coordinator and leaders, cells
// under the threshold withheld for analysts.
struct PreventionStats {
  std::string district_code;
  int year = 0;
  bool suppressed_view = false;
  struct Cell {
    std::vector<std::string> keys;  // the group's codes
    std::optional<int64_t> n;       // nullopt: withheld (fewer than the threshold)
  };
  std::vector<Cell> registry;        // class x unit x risk level
  std::vector<Cell> visits;          // unit x on_time|late
  std::vector<Cell> visits_overdue;  // unit
  std::vector<Cell> activities;      // kind x unit (n = activities)
  std::vector<Cell> participants;    // kind x unit (n = participants)
  std::vector<Cell> staff_checks;    // unit x result
  std::vector<Cell> staff_overdue;   // unit
};

class PreventionService {
 public:
  PreventionService(storage::Database& db, const Clock& clock, Random& random,
                    const security::KeyRing& keys, const domain::Enumerations& enumerations,
                    domain::VisitIntervals intervals);

  static std::span<const security::PolicyRow> PolicyRows();
  const domain::VisitIntervals& intervals() const { return intervals_; }

  // ---- registry ----
  Result<RegistryEntryView> CreateEntry(const Actor& actor, const RegistryInput& input);
  // Validates every row; mode "check" stores nothing, "all" stores only a file without errors,
  // "valid_rows" stores the valid rows. Re-importing the same file changes nothing (a row is the
  // same girl as an entry of the unit with its 学籍号 or, failing that, its ID number).
  // Errors: kInvalidArgument "file" (bad_format, too_large, too_many_rows, no_header,
  // missing_column), "mode".
  Result<ImportOutcome> ImportEntries(const Actor& actor, std::string_view file,
                                      const std::string& mode);
  Result<RegistryPage> ListEntries(const Actor& actor, const std::string& state, int64_t before,
                                   int limit);
  // By exact name, ID number or 学籍号 (blind indexes), inside the caller's scope.
  Result<RegistryPage> SearchEntries(const Actor& actor, const std::string& name,
                                     const std::string& id_number, const std::string& student_no,
                                     int limit);
  Result<RegistryEntryView> GetEntry(const Actor& actor, int64_t id);
  Result<RegistryEntryView> UpdateEntry(const Actor& actor, int64_t id, int64_t expected_version,
                                        const RegistryInput& input);
  Result<RegistryEntryView> UnmaskEntry(const Actor& actor, int64_t id, const std::string& reason);
  // Visits due within `days_ahead` days and overdue, soonest first.
  Result<RegistryPage> DueVisits(const Actor& actor, int days_ahead, int limit);
  Result<RegistryEntryView> RecordVisit(const Actor& actor, int64_t id, const VisitInput& input);
  Result<std::vector<VisitEscalationView>> Escalations(const Actor& actor,
                                                       const std::string& state);

  // The clock: raises an escalation for every entry overdue longer than the grace; returns how
  // many were raised.
  Result<int64_t> Sweep();

  // ---- activities ----
  Result<storage::ActivityRecord> RecordActivity(const Actor& actor, const ActivityInput& input);
  Result<std::vector<storage::ActivityRecord>> ListActivities(const Actor& actor, int64_t before,
                                                              int limit);

  // ---- 入职查询 ----
  Result<StaffCheckView> RecordStaffCheck(const Actor& actor, const StaffCheckInput& input);
  Result<std::vector<StaffCheckView>> ListStaffChecks(const Actor& actor, bool overdue_only,
                                                      int limit);

  // ---- statistics ----
  Result<PreventionStats> Stats(const Actor& actor, int year);

 private:
  struct Scope {
    storage::UnitRecord unit;
    std::optional<int64_t> unit_id;  // set: the unit's own records; else the district's
    std::string district;
  };
  struct Permit {
    security::View view = security::View::kMasked;
    storage::UnitRecord unit;
  };
  Result<Scope> ScopeOf(storage::Tx& tx, const Actor& actor);
  Result<Permit> ResolveEntry(storage::Tx& tx, const Actor& actor,
                              const storage::RegistryEntryRecord& entry, std::string_view action);
  Result<storage::RegistryEntryRecord> LoadEntry(const Actor& actor, int64_t id,
                                                 std::string_view action, Permit* permit);
  Result<RegistryEntryView> ViewOf(storage::Tx& tx, const storage::RegistryEntryRecord& record,
                                   bool clear, bool detail) const;
  Result<RegistryIdentity> OpenIdentity(const storage::RegistryEntryRecord& record) const;
  // Inserts a validated new entry held by `unit`, with its first history row.
  Result<storage::RegistryEntryRecord> InsertEntry(storage::Tx& tx, const Actor& actor,
                                                   const storage::UnitRecord& unit,
                                                   const RegistryInput& input, int64_t now);
  Status SealIdentity(const RegistryIdentity& identity, storage::RegistryEntryRecord& record);
  void IndexIdentity(const RegistryIdentity& identity, storage::RegistryEntryRecord& record) const;
  Status Deny(const Actor& actor, std::string_view action, int64_t id, const Status& refusal);
  std::string Today() const;
  int IntervalFor(const storage::RegistryEntryRecord& record, const std::string& today) const;

  storage::Database& db_;
  const Clock& clock_;
  Random& random_;
  const security::KeyRing& keys_;
  const domain::Enumerations& enumerations_;
  domain::VisitIntervals intervals_;
};

}  // namespace shouhu::service
