// The prevention module's statements (registry, visits, escalations, activities, 入职查询). The
// column order of every SELECT is part of its contract with storage/prevention_stores.cc.
#include "storage/sql/statement_table.h"

namespace shouhu::storage::sql {
namespace {

#define SHOUHU_SQL_REGISTRY_COLUMNS                                                                \
  "id, district_code, unit_id, responsible_user, state, version, name, id_number, birth_date, "    \
  "address, guardians, phone, school, student_no, id_number_index, student_no_index, name_index, " \
  "grade, family_situations, caregiver, disability_type, disability_grade, "                       \
  "vulnerability_classes, risk_level, interval_days, last_visit_on, next_visit_due, "              \
  "followup_until, created_by, created_at, updated_at"
#define SHOUHU_SQL_VISIT_COLUMNS                                                             \
  "id, entry_id, visited_on, unit_id, user_id, visitors, seen, findings, needs, follow_up, " \
  "concern, on_time, case_id, created_at"
#define SHOUHU_SQL_ACTIVITY_COLUMNS                                                            \
  "id, unit_id, district_code, kind, held_on, place, co_organisers, audiences, participants, " \
  "participants_total, materials, note, created_by, created_at"
#define SHOUHU_SQL_STAFF_CHECK_COLUMNS                                                         \
  "id, unit_id, district_code, name, id_number, id_number_index, position, kind, checked_on, " \
  "result, next_due_on, current, checked_by, created_at"

constexpr Statement kPreventionStatements[] = {
    // ---- registry entries ----
    {"registry.insert",
     "INSERT INTO registry_entries (district_code, unit_id, responsible_user, state, version, "
     "id_number_index, student_no_index, name_index, grade, family_situations, caregiver, "
     "disability_type, disability_grade, vulnerability_classes, risk_level, interval_days, "
     "last_visit_on, next_visit_due, followup_until, created_by, created_at, updated_at) "
     "VALUES (?, ?, ?, 'active', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
     "RETURNING id"},
    {"registry.update_identity",
     "UPDATE registry_entries SET name = ?, id_number = ?, birth_date = ?, address = ?, "
     "guardians = ?, phone = ?, school = ?, student_no = ? WHERE id = ?"},
    // Optimistic concurrency: matches only the version the caller read.
    {"registry.update",
     "UPDATE registry_entries SET responsible_user = ?, state = ?, version = version + 1, "
     "id_number_index = ?, student_no_index = ?, name_index = ?, grade = ?, "
     "family_situations = ?, caregiver = ?, disability_type = ?, disability_grade = ?, "
     "vulnerability_classes = ?, risk_level = ?, interval_days = ?, last_visit_on = ?, "
     "next_visit_due = ?, followup_until = ?, updated_at = ? WHERE id = ? AND version = ?"},
    {"registry.find_by_id",
     "SELECT " SHOUHU_SQL_REGISTRY_COLUMNS " FROM registry_entries WHERE id = ?"},
    {"registry.find_by_student_no",
     "SELECT " SHOUHU_SQL_REGISTRY_COLUMNS
     " FROM registry_entries WHERE unit_id = ? AND student_no_index = ? "
     "AND student_no_index <> ''"},
    {"registry.find_by_id_number_in_unit",
     "SELECT " SHOUHU_SQL_REGISTRY_COLUMNS
     " FROM registry_entries WHERE unit_id = ? AND id_number_index = ? "
     "AND id_number_index <> ''"},
    // Same girl, other records of the district (for linking a case): by ID number.
    {"registry.find_by_id_number_in_district",
     "SELECT " SHOUHU_SQL_REGISTRY_COLUMNS
     " FROM registry_entries WHERE district_code = ? AND id_number_index = ? ORDER BY id"},
    // Pages, newest first, keyset on id; the unit's own entries or the district's.
    {"registry.page_unit",
     "SELECT " SHOUHU_SQL_REGISTRY_COLUMNS
     " FROM registry_entries WHERE unit_id = ? AND state = ? AND id < ? ORDER BY id DESC LIMIT ?"},
    {"registry.page_district",
     "SELECT " SHOUHU_SQL_REGISTRY_COLUMNS
     " FROM registry_entries WHERE district_code = ? AND state = ? AND id < ? "
     "ORDER BY id DESC LIMIT ?"},
    // Search by a blind index (exact name, ID number or 学籍号) inside the caller's scope.
    {"registry.search_unit",
     "SELECT " SHOUHU_SQL_REGISTRY_COLUMNS
     " FROM registry_entries WHERE unit_id = ? AND (name_index = ? OR id_number_index = ? OR "
     "student_no_index = ?) ORDER BY id DESC LIMIT ?"},
    {"registry.search_district",
     "SELECT " SHOUHU_SQL_REGISTRY_COLUMNS
     " FROM registry_entries WHERE district_code = ? AND (name_index = ? OR id_number_index = ? "
     "OR student_no_index = ?) ORDER BY id DESC LIMIT ?"},
    // Visits due on or before a day (overdue when before today), soonest first.
    {"registry.due_unit",
     "SELECT " SHOUHU_SQL_REGISTRY_COLUMNS
     " FROM registry_entries WHERE unit_id = ? AND state = 'active' AND next_visit_due <= ? "
     "ORDER BY next_visit_due, id LIMIT ?"},
    {"registry.due_district",
     "SELECT " SHOUHU_SQL_REGISTRY_COLUMNS
     " FROM registry_entries WHERE district_code = ? AND state = 'active' AND next_visit_due <= ? "
     "ORDER BY next_visit_due, id LIMIT ?"},
    // The sweep: every active entry whose visit was due before this day, after an id.
    {"registry.overdue_scan",
     "SELECT " SHOUHU_SQL_REGISTRY_COLUMNS
     " FROM registry_entries WHERE state = 'active' AND next_visit_due < ? AND id > ? "
     "ORDER BY id LIMIT ?"},
    {"registry.count_unit",
     "SELECT COUNT(*) FROM registry_entries WHERE unit_id = ? AND state = ?"},
    {"registry.count_district",
     "SELECT COUNT(*) FROM registry_entries WHERE district_code = ? AND state = ?"},
    // Statistics: active entries by classes, unit and risk level (classes split by the caller).
    {"registry.stats_groups",
     "SELECT vulnerability_classes, unit_id, risk_level, COUNT(*) FROM registry_entries "
     "WHERE district_code = ? AND state = 'active' GROUP BY vulnerability_classes, unit_id, "
     "risk_level"},
    {"registry.stats_due",
     "SELECT unit_id, COUNT(*) FROM registry_entries WHERE district_code = ? AND state = 'active' "
     "AND next_visit_due < ? GROUP BY unit_id"},

    // ---- history ----
    {"registry_history.insert",
     "INSERT INTO registry_history (entry_id, at, user_id, unit_id, change) VALUES (?, ?, ?, ?, ?) "
     "RETURNING id"},
    {"registry_history.set_reason", "UPDATE registry_history SET reason = ? WHERE id = ?"},
    {"registry_history.list",
     "SELECT id, entry_id, at, user_id, unit_id, change, reason FROM registry_history "
     "WHERE entry_id = ? ORDER BY id"},

    // ---- visits ----
    {"registry_visit.insert",
     "INSERT INTO registry_visits (entry_id, visited_on, unit_id, user_id, visitors, seen, "
     "concern, on_time, case_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"},
    {"registry_visit.set_secrets",
     "UPDATE registry_visits SET findings = ?, needs = ?, follow_up = ? WHERE id = ?"},
    {"registry_visit.set_case", "UPDATE registry_visits SET case_id = ? WHERE id = ?"},
    {"registry_visit.list",
     "SELECT " SHOUHU_SQL_VISIT_COLUMNS
     " FROM registry_visits WHERE entry_id = ? ORDER BY visited_on DESC, id DESC"},
    {"registry_visit.stats",
     "SELECT v.unit_id, v.on_time, COUNT(*) FROM registry_visits v WHERE v.unit_id IN "
     "(SELECT id FROM units WHERE district_code = ?) AND v.visited_on >= ? AND v.visited_on < ? "
     "GROUP BY v.unit_id, v.on_time"},

    // ---- escalations of overdue visits ----
    {"registry_escalation.insert",
     "INSERT INTO registry_escalations (entry_id, unit_id, district_code, due_on, state, "
     "raised_at) VALUES (?, ?, ?, ?, 'open', ?) ON CONFLICT (entry_id, due_on) DO NOTHING"},
    {"registry_escalation.close_for_entry",
     "UPDATE registry_escalations SET state = 'closed', closed_at = ? "
     "WHERE entry_id = ? AND state = 'open'"},
    {"registry_escalation.list_district",
     "SELECT id, entry_id, unit_id, district_code, due_on, state, raised_at, closed_at "
     "FROM registry_escalations WHERE district_code = ? AND state = ? ORDER BY id DESC LIMIT ?"},
    {"registry_escalation.list_unit",
     "SELECT id, entry_id, unit_id, district_code, due_on, state, raised_at, closed_at "
     "FROM registry_escalations WHERE unit_id = ? AND state = ? ORDER BY id DESC LIMIT ?"},

    // ---- activities ----
    {"activity.insert",
     "INSERT INTO prevention_activities (unit_id, district_code, kind, held_on, place, "
     "co_organisers, audiences, participants, participants_total, materials, note, created_by, "
     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"},
    {"activity.page_unit",
     "SELECT " SHOUHU_SQL_ACTIVITY_COLUMNS
     " FROM prevention_activities WHERE unit_id = ? AND id < ? ORDER BY id DESC LIMIT ?"},
    {"activity.page_district",
     "SELECT " SHOUHU_SQL_ACTIVITY_COLUMNS
     " FROM prevention_activities WHERE district_code = ? AND id < ? ORDER BY id DESC LIMIT ?"},
    {"activity.stats",
     "SELECT kind, unit_id, COUNT(*), SUM(participants_total) FROM prevention_activities "
     "WHERE district_code = ? AND held_on >= ? AND held_on < ? GROUP BY kind, unit_id"},

    // ---- 入职查询 ----
    {"staff_check.insert",
     "INSERT INTO staff_checks (unit_id, district_code, id_number_index, position, kind, "
     "checked_on, result, next_due_on, current, checked_by, created_at) "
     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id"},
    {"staff_check.set_identity", "UPDATE staff_checks SET name = ?, id_number = ? WHERE id = ?"},
    {"staff_check.supersede",
     "UPDATE staff_checks SET current = 0 WHERE unit_id = ? AND id_number_index = ? AND "
     "current = 1"},
    {"staff_check.current_of",
     "SELECT " SHOUHU_SQL_STAFF_CHECK_COLUMNS
     " FROM staff_checks WHERE unit_id = ? AND id_number_index = ? AND current = 1"},
    {"staff_check.page_unit",
     "SELECT " SHOUHU_SQL_STAFF_CHECK_COLUMNS
     " FROM staff_checks WHERE unit_id = ? AND id < ? ORDER BY id DESC LIMIT ?"},
    {"staff_check.page_district",
     "SELECT " SHOUHU_SQL_STAFF_CHECK_COLUMNS
     " FROM staff_checks WHERE district_code = ? AND id < ? ORDER BY id DESC LIMIT ?"},
    {"staff_check.overdue_unit",
     "SELECT " SHOUHU_SQL_STAFF_CHECK_COLUMNS
     " FROM staff_checks WHERE unit_id = ? AND current = 1 AND next_due_on <> '' AND "
     "next_due_on < ? ORDER BY next_due_on, id LIMIT ?"},
    {"staff_check.overdue_district",
     "SELECT " SHOUHU_SQL_STAFF_CHECK_COLUMNS
     " FROM staff_checks WHERE district_code = ? AND current = 1 AND next_due_on <> '' AND "
     "next_due_on < ? ORDER BY next_due_on, id LIMIT ?"},
    {"staff_check.stats",
     "SELECT unit_id, result, COUNT(*) FROM staff_checks WHERE district_code = ? AND "
     "checked_on >= ? AND checked_on < ? GROUP BY unit_id, result"},
    {"staff_check.stats_overdue",
     "SELECT unit_id, COUNT(*) FROM staff_checks WHERE district_code = ? AND current = 1 AND "
     "next_due_on <> '' AND next_due_on < ? GROUP BY unit_id"},
};

}  // namespace

std::span<const Statement> PreventionStatements() {
  return kPreventionStatements;
}

}  // namespace shouhu::storage::sql
