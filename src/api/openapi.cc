// The API contract. api_unit_test checks that every route the router knows appears here with its
// method, so the document cannot drift from the code.
#include <boost/json.hpp>

#include "api/endpoint.h"
#include "api/module.h"

namespace shouhu::api {
namespace json = boost::json;

namespace {

const std::string& CoreDocument() {
  static const std::string doc = R"json({
  "openapi": "3.1.0",
  "info": {
    "title": "Shouhu API",
    "version": "1.0.0",
    "description": "守护: multi-agency prevention of and assistance for harm to minor girls. Errors use one shape; messages are Chinese by default and English with Accept-Language: en. State-changing requests need the X-CSRF-Token header of the session."
  },
  "servers": [{"url": "/"}],
  "components": {
    "securitySchemes": {
      "session": {"type": "apiKey", "in": "cookie", "name": "shouhu_session"},
      "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token"}
    },
    "schemas": {
      "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message", "fields"],
          "properties": {
            "code": {"type": "string", "description": "Stable machine-readable key, e.g. login_failed"},
            "message": {"type": "string", "description": "Localised message"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "Field name -> localised reason"},
            "field_codes": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "Field name -> stable reason code (required, unknown_value, in_future, ...); present when fields is not empty"},
            "approval_id": {"type": "integer", "description": "export_approval_required: the approval request filed for this export"}}}}
      },
      "User": {
        "type": "object",
        "required": ["id", "username", "display_name", "unit_id", "role", "disabled", "must_change_password", "locked", "created_at"],
        "properties": {
          "id": {"type": "integer"}, "username": {"type": "string"}, "display_name": {"type": "string"},
          "unit_id": {"type": "integer"},
          "role": {"type": "string", "enum": ["admin", "coordinator", "leader", "caseworker", "reporter", "volunteer", "auditor", "analyst"]},
          "disabled": {"type": "boolean"}, "must_change_password": {"type": "boolean"}, "locked": {"type": "boolean"},
          "approval_pending": {"type": "boolean", "description": "Created or reset by the administrator with a role that reads identity: cannot sign in until a coordinator or leader of the district approves (待审批)"},
          "created_at": {"type": "string", "format": "date-time"}}
      },
      "Me": {
        "type": "object", "required": ["id", "username", "unit_id", "role", "must_change_password"],
        "properties": {"id": {"type": "integer"}, "username": {"type": "string"}, "unit_id": {"type": "integer"},
                       "role": {"type": "string"}, "must_change_password": {"type": "boolean"}}
      },
      "Unit": {
        "type": "object", "required": ["id", "code", "name", "kind", "district_code", "parent_id", "created_at"],
        "properties": {
          "id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"},
          "kind": {"type": "string", "enum": ["leadership", "womens_federation", "police", "procuratorate", "court", "justice", "education", "community", "civil_affairs", "disability", "health", "market_supervision", "culture", "social_org"]},
          "district_code": {"type": "string", "pattern": "^[0-9]{6}$"},
          "parent_id": {"type": ["integer", "null"]}, "created_at": {"type": "string", "format": "date-time"}}
      },
      "Intake": {
        "type": "object", "additionalProperties": false, "required": ["child", "incident", "harm_types", "discovered_at"],
        "properties": {
          "child": {"type": "object", "additionalProperties": false, "required": ["district_code"],
            "properties": {"name": {"type": "string"}, "id_number": {"type": "string", "description": "GB 11643, 18 characters"},
              "birth_date": {"type": "string", "format": "date"}, "ethnicity": {"type": "string"}, "school": {"type": "string"},
              "grade": {"type": "string"}, "guardian": {"type": "string"}, "phone": {"type": "string"}, "address": {"type": "string"},
              "district_code": {"type": "string", "pattern": "^[0-9]{6}$"}, "vulnerability_classes": {"type": "array", "items": {"type": "string"}}}},
          "incident": {"type": "object", "additionalProperties": false, "required": ["occurred_on"],
            "properties": {"occurred_on": {"type": "string", "format": "date"}, "place_type": {"type": "string"},
              "district_code": {"type": "string"}, "online": {"type": "boolean"}, "perpetrator_relationship": {"type": "string"},
              "perpetrator_count": {"type": "integer", "minimum": 0}, "narrative": {"type": "string"}}},
          "harm_types": {"type": "array", "items": {"type": "string"}, "minItems": 1},
          "aggravating_flags": {"type": "array", "items": {"type": "string"}},
          "intake_channel": {"type": "string"}, "reporter_category": {"type": "string"},
          "situation_code": {"type": "string", "enum": ["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9"]},
          "discovered_at": {"type": "string", "format": "date-time"}, "reported_at": {"type": "string", "format": "date-time"},
          "legal_basis": {"type": "string", "enum": ["statutory_duty", "guardian_consent"]}}
      },
      "Case": {
        "type": "object", "required": ["id", "case_number", "status", "view", "version"],
        "description": "Fields depend on the caller's view: receipt (reporter), pseudonymous (volunteer), deidentified (leader, analyst), masked (coordinator, caseworker; clear after unmask).",
        "properties": {
          "id": {"type": "integer"}, "case_number": {"type": "string"}, "status": {"type": "string"},
          "view": {"type": "string", "enum": ["receipt", "pseudonymous", "deidentified", "masked"]},
          "version": {"type": "integer"}, "reported_at": {"type": "string", "format": "date-time"},
          "harm_types": {"type": "array", "items": {"type": "string"}}, "risk_level": {"type": "string"},
          "late": {"type": "boolean"}, "child": {"type": "object"}, "incidents": {"type": "array", "items": {"type": "object"}},
          "pseudonym": {"type": "string"}, "linked_existing_child": {"type": "boolean"},
          "duplicate_candidates": {"type": "array", "items": {"type": "string"}},
          "overdue": {"type": "boolean", "description": "an open task of the case is past its running deadline"},
          "allowed_actions": {"type": "array", "items": {"type": "string"}, "description": "lifecycle actions the caller may take now (GET /cases/{id})"}}
      },
      "CasePage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}}, "next_before": {"type": ["integer", "null"]}}},
      "Task": {"type": "object", "description": "A referral task (转介任务) with its clocks; note/outcome/reason are clear only for the task's unit and the case's coordinators", "properties": {"id": {"type": "integer"}, "case_id": {"type": "integer"}, "case_number": {"type": "string"}, "unit_id": {"type": "integer"}, "unit_name": {"type": "string"}, "task_type": {"type": "string"}, "state": {"type": "string", "enum": ["pending", "accepted", "completed", "returned"]}, "priority": {"type": "boolean"}, "risk_level": {"type": "string"}, "legal_basis": {"type": "string"}, "note": {"type": "string"}, "created_at": {"type": "string"}, "accept_due": {"type": "string"}, "done_due": {"type": "string"}, "accepted_at": {"type": ["string", "null"]}, "completed_at": {"type": ["string", "null"]}, "returned_at": {"type": ["string", "null"]}, "outcome": {"type": "string"}, "reason": {"type": "string"}, "overdue": {"type": "boolean"}, "overdue_kind": {"type": ["string", "null"], "enum": ["accept", "done", null]}, "version": {"type": "integer"}}},
      "TaskList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}}}},
      "Escalation": {"type": "object", "properties": {"id": {"type": "integer"}, "task_id": {"type": "integer"}, "case_id": {"type": "integer"}, "case_number": {"type": "string"}, "unit_id": {"type": "integer"}, "unit_name": {"type": "string"}, "task_type": {"type": "string"}, "kind": {"type": "string", "enum": ["accept_overdue", "done_overdue"]}, "state": {"type": "string", "enum": ["open", "closed"]}, "raised_at": {"type": "string"}, "closed_at": {"type": ["string", "null"]}, "closed_by_task": {"type": "boolean"}, "close_reason": {"type": "string"}, "comments": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "at": {"type": "string"}, "user_id": {"type": "integer"}, "username": {"type": "string"}, "text": {"type": "string"}}}}}},
      "Followup": {"type": "object", "properties": {"id": {"type": "integer"}, "case_id": {"type": "integer"}, "due_on": {"type": "string", "format": "date"}, "state": {"type": "string", "enum": ["due", "done", "missed"]}, "done_at": {"type": ["string", "null"]}, "note": {"type": "string"}}},
      "Assessment": {"type": "object", "properties": {"id": {"type": "integer"}, "case_id": {"type": "integer"}, "at": {"type": "string"}, "user_id": {"type": "integer"}, "risk_level": {"type": "string"}, "previous_risk_level": {"type": "string"}, "harm_types": {"type": "array", "items": {"type": "string"}}, "aggravating_flags": {"type": "array", "items": {"type": "string"}}, "vulnerability_classes": {"type": "array", "items": {"type": "string"}}, "reason": {"type": "string"}}},
      "StatsTable": {
        "type": "object", "required": ["id", "unit", "title", "definition", "recorded", "suppressed"],
        "description": "One statistics table. Cells are integers (yuan with two decimals when unit is yuan), or the string \"<5\" (below the configured threshold; for money: fewer cases than that) when suppressed; totals are null when the table has none. recorded=false: the system does not hold this data yet; not_recorded_reason says why and no numbers are given.",
        "properties": {
          "id": {"type": "string"}, "unit": {"type": "string", "enum": ["case", "girl", "incident", "task", "followup", "application", "service", "yuan"], "description": "The counting unit; yuan: a money table, cells in yuan (two decimals), a cell hidden when it sums fewer cases than the threshold"},
          "share_percent": {"type": "array", "items": {"type": ["number", "null"]}, "description": "mandatory_report_share, priority_targets: the first row's share of each column total, null when hidden"},
          "unit_label": {"type": "object"}, "title": {"type": "object"}, "definition": {"type": "object"},
          "recorded": {"type": "boolean"}, "suppressed": {"type": "boolean"}, "not_recorded_reason": {"type": "object"},
          "row_heading": {"type": "object"}, "columns": {"type": "array", "items": {"type": "object"}},
          "rows": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"}, "label": {"type": "object"},
            "cells": {"type": "array", "items": {"type": ["number", "string", "null"]}}, "total": {"type": ["number", "string", "null"]},
            "change_percent": {"type": ["number", "null"]}}}},
          "column_totals": {"type": ["array", "null"]}, "grand_total": {"type": ["number", "string", "null"]},
          "history": {"type": "array", "items": {"$ref": "#/components/schemas/StatsHistory"}},
          "notes": {"type": "array", "items": {"type": "object"}}}
      },
      "Approval": {
        "type": "object", "required": ["id", "kind", "district_code", "state", "requested_at", "case_count"],
        "description": "A change waiting for a second person (two-person rule): an account created or reset by the administrator (user.create, user.password_reset) or a clear export above the configured size (case.export_clear)",
        "properties": {"id": {"type": "integer"}, "kind": {"type": "string", "enum": ["user.create", "user.password_reset", "case.export_clear"]},
          "district_code": {"type": "string"}, "state": {"type": "string", "enum": ["pending", "approved", "rejected", "superseded"]},
          "requested_by": {"type": ["integer", "null"]}, "requested_by_username": {"type": "string"}, "requested_at": {"type": "string", "format": "date-time"},
          "user_id": {"type": ["integer", "null"]}, "case_count": {"type": "integer"},
          "decided_by": {"type": ["integer", "null"]}, "decided_at": {"type": ["string", "null"]}, "expires_at": {"type": ["string", "null"]},
          "mine": {"type": "boolean", "description": "the caller made this request and cannot decide it"},
          "user": {"type": "object", "properties": {"username": {"type": "string"}, "display_name": {"type": "string"}, "role": {"type": "string"}, "unit_code": {"type": "string"}}},
          "reason": {"type": "string"}, "scope": {"type": "string"}}
      },
      "StatsHistory": {
        "type": "object", "description": "A count recorded from paper before the system (marked historical)",
        "properties": {"id": {"type": "integer"}, "district_code": {"type": "string"}, "year": {"type": "integer"},
          "category": {"type": "string"}, "count": {"type": "integer"}, "source": {"type": "string"},
          "recorded_at": {"type": "string", "format": "date-time"}, "historical": {"type": "boolean"}}
      },
      "AuditEntry": {
        "type": "object",
        "properties": {
          "seq": {"type": "integer"}, "at": {"type": "string", "format": "date-time"},
          "user_id": {"type": ["integer", "null"]}, "unit_id": {"type": ["integer", "null"]},
          "action": {"type": "string"}, "object_type": {"type": "string"}, "object_id": {"type": "string"},
          "result": {"type": "string"}, "client_address": {"type": "string"}, "detail": {"type": "string"},
          "hash": {"type": "string"}}
      },
      "Clock": {
        "type": "object", "description": "A statutory clock: from the reference instant to the closing stage (or now while running). limit is calendar time in Asia/Shanghai. target_* is the 优先 target (half the limit by default), procuratorate and court stages only. status: met | missed (closed), running | overdue (open).",
        "properties": {"clock": {"type": "string", "enum": ["case_review", "arrest_review", "prosecution_review", "first_instance", "protection_order"]},
          "reference_at": {"type": "string", "format": "date-time"},
          "limit": {"type": "object", "properties": {"months": {"type": "integer"}, "days": {"type": "integer"}, "hours": {"type": "integer"}}},
          "due_at": {"type": "string", "format": "date-time"}, "target_due_at": {"type": ["string", "null"], "format": "date-time"},
          "elapsed_minutes": {"type": "integer"}, "elapsed_hours": {"type": "number"}, "closed": {"type": "boolean"},
          "met": {"type": "boolean"}, "target_met": {"type": ["boolean", "null"]}, "status": {"type": "string", "enum": ["met", "missed", "running", "overdue"]}}
      }
    },
    "responses": {
      "BadRequest": {"description": "Invalid input; fields names each offending field", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unauthenticated": {"description": "Not signed in or session expired", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Forbidden": {"description": "Role not allowed, CSRF check failed, or one-time password not yet changed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Conflict": {"description": "Already exists", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    }
  },
  "security": [{"session": []}],
  "paths": {
    "/healthz": {"get": {"summary": "Liveness", "security": [], "responses": {"200": {"description": "Alive"}}}},
    "/readyz": {"get": {"summary": "Readiness (database reachable)", "security": [], "responses": {"200": {"description": "Ready"}, "503": {"description": "Database unreachable"}}}},
    "/metrics": {"get": {"summary": "Prometheus metrics", "security": [], "responses": {"200": {"description": "Text exposition format", "content": {"text/plain": {}}}}}},
    "/api/v1/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.1"}}}},
    "/api/v1/auth/login": {"post": {
      "summary": "Sign in", "security": [],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["username", "password"], "properties": {"username": {"type": "string"}, "password": {"type": "string"}}}}}},
      "responses": {
        "200": {"description": "Signed in; sets the HttpOnly session cookie", "content": {"application/json": {"schema": {"type": "object", "required": ["user", "csrf_token"], "properties": {"user": {"$ref": "#/components/schemas/User"}, "csrf_token": {"type": "string"}}}}}},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "401": {"description": "Wrong username or password (the same answer for unknown users)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "403": {"description": "The right password of a disabled account (account_disabled)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "423": {"description": "Locked after repeated failures", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "429": {"description": "Too many attempts from this address; see Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/api/v1/auth/logout": {"post": {"summary": "Sign out", "security": [{"session": [], "csrf": []}], "responses": {"204": {"description": "Signed out"}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/auth/me": {"get": {"summary": "The signed-in user and the session's CSRF token", "responses": {
      "200": {"description": "Current user", "content": {"application/json": {"schema": {"type": "object", "required": ["user", "csrf_token"], "properties": {"user": {"$ref": "#/components/schemas/Me"}, "csrf_token": {"type": "string"}}}}}},
      "401": {"$ref": "#/components/responses/Unauthenticated"}}}},
    "/api/v1/auth/password": {"post": {
      "summary": "Change the signed-in user's password", "security": [{"session": [], "csrf": []}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["current_password", "new_password"], "properties": {"current_password": {"type": "string"}, "new_password": {"type": "string", "minLength": 12}}}}}},
      "responses": {"204": {"description": "Changed"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/units": {
      "get": {"summary": "List member units", "responses": {"200": {"description": "Units", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}}}}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}}},
      "post": {"summary": "Create a member unit (admin)", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["code", "name", "kind", "district_code"], "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"}, "district_code": {"type": "string"}, "parent_code": {"type": ["string", "null"]}}}}}},
        "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Unit"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}, "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/users": {
      "get": {"summary": "List user accounts (admin)",
        "parameters": [{"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}}],
        "responses": {"200": {"description": "A page of users", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}, "next_after": {"type": ["integer", "null"]}}}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}},
      "post": {"summary": "Create a user account (admin)", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["username", "display_name", "unit_code", "role"], "properties": {"username": {"type": "string"}, "display_name": {"type": "string"}, "unit_code": {"type": "string"}, "role": {"type": "string"}, "password": {"type": ["string", "null"], "description": "Omit to receive a one-time password"}}}}}},
        "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"type": "object", "properties": {"user": {"$ref": "#/components/schemas/User"}, "one_time_password": {"type": "string"}, "approval_id": {"type": "integer", "description": "A role that reads identity: the account waits for this approval (GET /api/v1/account-approvals)"}}}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}, "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/cases/search": {
      "post": {"summary": "The case list searched by a partial name (2+ characters, matched through blind indexes), sent in the body so that it is never in a URL; the other filters as in GET /api/v1/cases", "security": [{"session": [], "csrf": []}],
        "parameters": [{"name": "overdue", "in": "query", "schema": {"type": "integer", "enum": [0, 1]}}, {"name": "status", "in": "query", "schema": {"type": "string"}}, {"name": "risk_level", "in": "query", "schema": {"type": "string"}},
          {"name": "harm_type", "in": "query", "schema": {"type": "string"}}, {"name": "intake_channel", "in": "query", "schema": {"type": "string"}},
          {"name": "unit_id", "in": "query", "schema": {"type": "integer"}}, {"name": "district_code", "in": "query", "schema": {"type": "string"}},
          {"name": "reported_from", "in": "query", "schema": {"type": "string", "format": "date-time"}}, {"name": "reported_to", "in": "query", "schema": {"type": "string", "format": "date-time"}},
          {"name": "case_number", "in": "query", "schema": {"type": "string"}},
          {"name": "before", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["name"], "additionalProperties": false, "properties": {"name": {"type": "string"}}}}}},
        "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CasePage"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/users/{id}/disable": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Disable a user account (admin); its sessions end and sign-in is refused", "security": [{"session": [], "csrf": []}],
        "responses": {"200": {"description": "The account", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "No such user", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "409": {"description": "An administrator cannot disable her own account", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/api/v1/users/{id}/enable": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Enable a disabled user account (admin)", "security": [{"session": [], "csrf": []}],
        "responses": {"200": {"description": "The account", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "No such user", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/api/v1/users/{id}/password-reset": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Reset a user's password (admin); ends her sessions, lifts a lockout, and she must choose a new password at the next sign-in", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "properties": {"password": {"type": ["string", "null"], "minLength": 12, "description": "Omit to receive a one-time password, returned once"}}}}}},
        "responses": {"200": {"description": "Reset", "content": {"application/json": {"schema": {"type": "object", "required": ["user"], "properties": {"user": {"$ref": "#/components/schemas/User"}, "one_time_password": {"type": "string"}, "approval_id": {"type": "integer", "description": "A role that reads identity: the account cannot sign in until this approval"}}}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "No such user", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/api/v1/cases": {
      "get": {"summary": "Cases visible to the caller, newest first",
        "parameters": [{"name": "overdue", "in": "query", "schema": {"type": "integer", "enum": [0, 1]}}, {"name": "status", "in": "query", "schema": {"type": "string"}}, {"name": "risk_level", "in": "query", "schema": {"type": "string"}},
          {"name": "harm_type", "in": "query", "schema": {"type": "string"}}, {"name": "intake_channel", "in": "query", "schema": {"type": "string"}},
          {"name": "unit_id", "in": "query", "schema": {"type": "integer"}}, {"name": "district_code", "in": "query", "schema": {"type": "string"}},
          {"name": "reported_from", "in": "query", "schema": {"type": "string", "format": "date-time"}}, {"name": "reported_to", "in": "query", "schema": {"type": "string", "format": "date-time"}},
          {"name": "case_number", "in": "query", "schema": {"type": "string"}},
          {"name": "before", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
        "description": "A name is never accepted in the URL (400, field name): search by name with POST /api/v1/cases/search.",
        "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CasePage"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}},
      "post": {"summary": "Open a case (coordinator, caseworker)", "security": [{"session": [], "csrf": []}],
        "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 200}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Intake"}}}},
        "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}}, "200": {"description": "Replay of an earlier request with the same Idempotency-Key"}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "422": {"description": "Idempotency-Key reused with a different body"}}}},
    "/api/v1/reports/mandatory": {
      "get": {"summary": "The reporter's own reports and their status",
        "parameters": [{"name": "before", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "Receipts", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CasePage"}}}}, "403": {"$ref": "#/components/responses/Forbidden"}}},
      "post": {"summary": "File a mandatory report (reporter)", "security": [{"session": [], "csrf": []}],
        "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 200}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Intake"}}}},
        "responses": {"201": {"description": "Filed; the answer is a receipt", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "422": {"description": "Idempotency-Key reused with a different body"}}}},
    "/api/v1/hotline/calls": {
      "post": {"summary": "Log a 12338 hotline call, alone or opening a case (coordinator, caseworker)", "security": [{"session": [], "csrf": []}],
        "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 200}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["received_at", "district_code"],
          "properties": {"received_at": {"type": "string", "format": "date-time"}, "caller_category": {"type": "string"}, "district_code": {"type": "string"},
            "summary": {"type": "string", "description": "Encrypted at rest; required when no case is opened"}, "case": {"$ref": "#/components/schemas/Intake"}}}}}},
        "responses": {"201": {"description": "Logged", "content": {"application/json": {"schema": {"type": "object", "properties": {"call_id": {"type": "integer"}, "case": {"oneOf": [{"$ref": "#/components/schemas/Case"}, {"type": "null"}]}}}}}},
          "200": {"description": "Replay of an earlier request with the same Idempotency-Key"}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "422": {"description": "Idempotency-Key reused with a different body"}}}},
    "/api/v1/cases/{id}": {
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "One case in the caller's view (ETag: its version)", "responses": {"200": {"description": "The case", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}}, "404": {"description": "No such case, or not visible to the caller"}}},
      "patch": {"summary": "Edit a case", "security": [{"session": [], "csrf": []}],
        "parameters": [{"name": "If-Match", "in": "header", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "properties": {"harm_types": {"type": "array", "items": {"type": "string"}}, "aggravating_flags": {"type": "array", "items": {"type": "string"}}, "risk_level": {"type": "string"}, "intake_channel": {"type": "string"}, "reporter_category": {"type": "string"}, "situation_code": {"type": "string"}, "lead_unit_code": {"type": "string"}, "legal_basis": {"type": "string"}}}}}},
        "responses": {"200": {"description": "Updated", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"description": "Not visible"}, "412": {"description": "Stale version"}, "428": {"description": "If-Match missing"}}}},
    "/api/v1/cases/{id}/events": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "The case's timeline", "responses": {"200": {"description": "Events"}, "404": {"description": "Not visible"}}}},
    "/api/v1/cases/{id}/unmask": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Clear identity for this answer only; the reason is audited", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["reason"], "properties": {"reason": {"type": "string"}}}}}},
        "responses": {"200": {"description": "The case with clear identity", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}}}},
    "/api/v1/cases/{id}/grants": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Give a member unit access to the case (coordinator)", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["unit_code"], "properties": {"unit_code": {"type": "string"}, "reason": {"type": "string"}}}}}},
        "responses": {"204": {"description": "Granted"}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}}}},
    "/api/v1/cases/{id}/duplicates": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "Cases of girls with the same name and birth date (coordinator)", "responses": {"200": {"description": "Candidates"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}}}},
    "/api/v1/cases/{id}/links": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Confirm or reject a duplicate candidate (coordinator)", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["other_case_id", "decision"], "properties": {"other_case_id": {"type": "integer"}, "decision": {"type": "string", "enum": ["confirm", "reject"]}}}}}},
        "responses": {"204": {"description": "Resolved"}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/cases/{id}/transitions": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Move the case through its lifecycle (coordinator); 409 names the allowed actions", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["action"], "properties": {"action": {"type": "string", "enum": ["start_assessment", "start_handling", "start_assisting", "start_followup", "close", "reopen"]}, "reason": {"type": "string", "maxLength": 500}}}}}},
        "responses": {"200": {"description": "New status and allowed actions"}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}, "409": {"description": "Not allowed from the current state (error.current, error.allowed), or tasks still open"}}}},
    "/api/v1/cases/{id}/assessments": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "The case's assessments, oldest first", "responses": {"200": {"description": "Assessments", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Assessment"}}}}}}}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}}},
      "post": {"summary": "Record a triage (研判) and get the proposed protection plan (coordinator)", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["risk_level"], "properties": {"harm_types": {"type": "array", "items": {"type": "string"}}, "aggravating_flags": {"type": "array", "items": {"type": "string"}}, "vulnerability_classes": {"type": "array", "items": {"type": "string"}}, "risk_level": {"type": "string", "enum": ["high", "medium", "low", "no_intervention"]}, "reason": {"type": "string", "description": "required for a downgrade"}}}}}},
        "responses": {"201": {"description": "The assessment and proposed_plan: [{task_type, unit_kind, unit_id, unit_name, priority, rule}]"}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}, "409": {"description": "Case closed"}}}},
    "/api/v1/cases/{id}/referrals": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "The case's tasks with their clocks", "responses": {"200": {"description": "Tasks", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TaskList"}}}}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}}},
      "post": {"summary": "Send tasks to member units (coordinator); each task grants its unit access while open", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["tasks"], "properties": {"tasks": {"type": "array", "maxItems": 40, "items": {"type": "object", "additionalProperties": false, "required": ["unit_id", "task_type"], "properties": {"unit_id": {"type": "integer"}, "task_type": {"type": "string"}, "priority": {"type": "boolean"}, "note": {"type": "string", "maxLength": 2000}}}}, "legal_basis": {"type": "string", "enum": ["statutory_duty", "guardian_consent"]}}}}}},
        "responses": {"201": {"description": "Tasks created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TaskList"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}, "409": {"description": "Case closed"}}}},
    "/api/v1/cases/{id}/followups": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "Follow-up visits scheduled at closure", "responses": {"200": {"description": "Follow-ups", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Followup"}}}}}}}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}}},
      "post": {"summary": "Record a follow-up visit as done or missed", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["followup_id", "result"], "properties": {"followup_id": {"type": "integer"}, "result": {"type": "string", "enum": ["done", "missed"]}, "note": {"type": "string", "maxLength": 2000}}}}}},
        "responses": {"200": {"description": "Recorded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Followup"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}, "409": {"description": "Already recorded"}}}},
    "/api/v1/cases/{id}/sharings": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "Each sharing of the case with a unit and its legal basis (法定职责 or guardian consent)", "responses": {"200": {"description": "items: [{id, unit_id, unit_name, task_id, legal_basis, recorded_at, recorded_by}]"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}}}},
    "/api/v1/referrals": {"get": {"summary": "The caller's unit inbox: open tasks, earliest deadline (overdue) first",
      "parameters": [{"name": "state", "in": "query", "schema": {"type": "string", "enum": ["open", "pending", "accepted", "overdue", "done"]}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}, {"name": "after", "in": "query", "schema": {"type": "string"}}],
      "responses": {"200": {"description": "A page of tasks; next is the keyset of the following page", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}}, "next": {"type": ["string", "null"]}}}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/referrals/{id}/accept": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Sign for a task (签收), the task's unit only", "security": [{"session": [], "csrf": []}], "responses": {"200": {"description": "The task", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}}, "404": {"description": "Not the caller's unit's task"}, "409": {"description": "Not pending"}}}},
    "/api/v1/referrals/{id}/reject": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Return a task with a reason, the task's unit only", "security": [{"session": [], "csrf": []}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["reason"], "properties": {"reason": {"type": "string", "maxLength": 500}}}}}}, "responses": {"200": {"description": "The task", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"description": "Not the caller's unit's task"}, "409": {"description": "Already finished"}}}},
    "/api/v1/referrals/{id}/complete": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Complete a task with its outcome, the task's unit only", "security": [{"session": [], "csrf": []}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["outcome"], "properties": {"outcome": {"type": "string", "maxLength": 2000}}}}}}, "responses": {"200": {"description": "The task", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"description": "Not the caller's unit's task"}, "409": {"description": "Not accepted"}}}},
    "/api/v1/escalations": {"get": {"summary": "督办 escalations of the caller's district (leaders, coordinators)",
      "parameters": [{"name": "state", "in": "query", "schema": {"type": "string", "enum": ["open", "closed"]}}],
      "responses": {"200": {"description": "Escalations, newest first", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Escalation"}}}}}}}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/escalations/{id}/comments": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Comment on an escalation", "security": [{"session": [], "csrf": []}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["text"], "properties": {"text": {"type": "string", "maxLength": 1000}}}}}}, "responses": {"201": {"description": "The escalation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Escalation"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"description": "Not visible"}}}},
    "/api/v1/escalations/{id}/close": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Close an escalation with a reason", "security": [{"session": [], "csrf": []}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["reason"], "properties": {"reason": {"type": "string", "maxLength": 500}}}}}}, "responses": {"200": {"description": "The escalation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Escalation"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"description": "Not visible"}, "409": {"description": "Already closed"}}}},
    "/api/v1/notifications": {"get": {"summary": "The caller's notifications, newest first, with the unread count",
      "parameters": [{"name": "unread", "in": "query", "schema": {"type": "integer", "enum": [0, 1]}}, {"name": "before", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
      "responses": {"200": {"description": "items: [{id, kind (task_new|task_overdue|task_returned|escalation_raised|report_new|report_late), case_id, case_number, task_id, task_type, escalation_id, text_key, created_at, read_at}], unread"}, "400": {"$ref": "#/components/responses/BadRequest"}}}},
    "/api/v1/notifications/{id}/read": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Mark one notification read", "security": [{"session": [], "csrf": []}], "responses": {"204": {"description": "Read"}, "404": {"description": "Not the caller's"}}}},
    "/api/v1/notifications/read-all": {"post": {"summary": "Mark every notification read", "security": [{"session": [], "csrf": []}], "responses": {"204": {"description": "Read"}}}},
    "/api/v1/units/{id}/webhook": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "The unit's webhook (host only) and its delivery counts (admin)", "responses": {"200": {"description": "configured, format, url_host, deliveries {pending, delivered, failed}"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "No such unit"}}},
      "put": {"summary": "Set the unit's outbound webhook (admin): generic JSON, DingTalk or WeCom robot", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["url", "format"], "properties": {"url": {"type": "string", "maxLength": 500}, "format": {"type": "string", "enum": ["generic", "dingtalk", "wecom"]}, "secret": {"type": "string", "description": "DingTalk signing secret"}}}}}},
        "responses": {"204": {"description": "Set"}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "No such unit"}}},
      "delete": {"summary": "Remove the unit's webhook (admin)", "security": [{"session": [], "csrf": []}], "responses": {"204": {"description": "Removed"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "No webhook"}}}},
    "/api/v1/stats": {"get": {"summary": "The statistics tables and report layouts", "responses": {"200": {"description": "Names"}, "401": {"$ref": "#/components/responses/Unauthenticated"}}}},
    "/api/v1/stats/tables/{name}": {"parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "Reporting date from (Beijing time, inclusive); default 1 January this year"},
        {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "Reporting date to (inclusive); default today"},
        {"name": "district_code", "in": "query", "schema": {"type": "string"}, "description": "Coordinators: their own only; leaders and analysts: any, default all"}],
      "get": {"summary": "One statistics table (leader, analyst: suppressed; coordinator: own district)", "responses": {"200": {"description": "The table", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StatsTable"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "No such statistic"}}}},
    "/api/v1/stats/reports/{layout}": {"parameters": [{"name": "layout", "in": "path", "required": true, "schema": {"type": "string", "enum": ["white_paper", "girls_protection", "gbvims_monthly"]}},
        {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "district_code", "in": "query", "schema": {"type": "string"}}],
      "get": {"summary": "A report layout (white_paper, girls_protection, gbvims_monthly) in one call", "responses": {"200": {"description": "The report", "content": {"application/json": {"schema": {"type": "object", "properties": {"layout": {"type": "string"}, "title": {"type": "object"}, "scope": {"type": "object"}, "tables": {"type": "array", "items": {"$ref": "#/components/schemas/StatsTable"}}}}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "No such layout"}}}},
    "/api/v1/stats/history": {
      "get": {"summary": "Historical counts recorded from paper", "parameters": [{"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "district_code", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "Counts", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/StatsHistory"}}}}}}}, "403": {"$ref": "#/components/responses/Forbidden"}}},
      "post": {"summary": "Record (or correct) a historical count (coordinator for the own district, leader)", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["year", "count", "source"], "properties": {"district_code": {"type": "string"}, "year": {"type": "integer"}, "category": {"type": "string", "description": "all (default) or a harm-type code"}, "count": {"type": "integer", "minimum": 0}, "source": {"type": "string"}}}}}},
        "responses": {"201": {"description": "Recorded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StatsHistory"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/stats/history/import": {"post": {"summary": "Import historical counts from the first sheet of an XLSX file: a header row naming 年份/year, 数字/count, 来源/source and optionally 类别/category, then one row per count; all rows or none (errors name rows[N].field)", "security": [{"session": [], "csrf": []}],
      "parameters": [{"name": "district_code", "in": "query", "schema": {"type": "string"}, "description": "Default: the caller's district; coordinators only their own"}],
      "requestBody": {"required": true, "content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}}}},
      "responses": {"201": {"description": "Recorded", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/StatsHistory"}}}}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/exports/stats/{name}": {"parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["csv", "xlsx"], "default": "xlsx"}},
        {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "district_code", "in": "query", "schema": {"type": "string"}}],
      "get": {"summary": "A statistics table as CSV (UTF-8 with BOM, formula injection neutralised) or XLSX; always suppressed; audited", "responses": {"200": {"description": "The file", "content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "No such statistic"}}}},
    "/api/v1/exports/reports/{layout}": {"parameters": [{"name": "layout", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["csv", "xlsx"]}},
        {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "district_code", "in": "query", "schema": {"type": "string"}}],
      "get": {"summary": "A report layout as CSV or XLSX (one sheet per table); suppressed; audited", "responses": {"200": {"description": "The file"}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "No such layout"}}}},
    "/api/v1/exports/cases": {"parameters": [{"name": "format", "in": "query", "schema": {"type": "string", "enum": ["csv", "xlsx"], "default": "xlsx"}},
        {"name": "overdue", "in": "query", "schema": {"type": "integer", "enum": [0, 1]}}, {"name": "status", "in": "query", "schema": {"type": "string"}}, {"name": "risk_level", "in": "query", "schema": {"type": "string"}},
        {"name": "harm_type", "in": "query", "schema": {"type": "string"}}, {"name": "intake_channel", "in": "query", "schema": {"type": "string"}},
        {"name": "unit_id", "in": "query", "schema": {"type": "integer"}}, {"name": "district_code", "in": "query", "schema": {"type": "string"}},
        {"name": "reported_from", "in": "query", "schema": {"type": "string", "format": "date-time"}}, {"name": "reported_to", "in": "query", "schema": {"type": "string", "format": "date-time"}},
        {"name": "case_number", "in": "query", "schema": {"type": "string"}}],
      "get": {"summary": "The cases the caller may see (the filters of GET /api/v1/cases, except name: no names in URLs), identity masked (de-identified for leaders and analysts); CSV (UTF-8 with BOM, formula injection neutralised) or XLSX; at most 10000 rows; audited as a case-list read and an export", "responses": {"200": {"description": "The file", "content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}}},
      "post": {"summary": "The same list with the girls' identity in clear (coordinators, caseworkers: the rule of POST /cases/{id}/unmask); each case unmasked and audited with the reason", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["reason"], "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 500}, "approval_id": {"type": "integer", "description": "Above [stats] clear_export_approval_above cases (default 20): the approved request from the 409; single use, valid 24 h, for the same filters, format and reason"}}}}}},
        "responses": {"200": {"description": "The file", "content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"description": "unmask_not_allowed: the role may not see identity (audited)"}, "404": {"description": "approval_not_found: approval_id is not the caller's export request"}, "409": {"description": "export_approval_required (error.approval_id names the request filed), export_approval_pending, export_approval_rejected, export_approval_used, export_approval_mismatch, approval_expired", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "429": {"description": "export_daily_cap_reached: [stats] clear_export_daily_cap (default 200) cases per user and day", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/api/v1/exports/progress-report": {"parameters": [{"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}, {"name": "district_code", "in": "query", "schema": {"type": "string"}}],
      "get": {"summary": "Printable progress report for the leadership meeting (推进会): key figures, trends, unit scorecards, overdue items; suppressed; audited", "responses": {"200": {"description": "HTML with print CSS", "content": {"text/html": {}}}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/account-approvals": {"get": {"summary": "Pending account approval requests of the caller's district (coordinator, leader)",
      "responses": {"200": {"description": "Oldest first", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Approval"}}}}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/account-approvals/{id}/approve": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Approve a pending account request of the caller's district that she did not make and that is not about her own account (coordinator, leader; audited)", "security": [{"session": [], "csrf": []}],
        "responses": {"200": {"description": "The request as decided", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Approval"}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"description": "approval_own_request, approval_other_district, or a role that may not decide", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "404": {"description": "approval_not_found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "409": {"description": "approval_not_pending, approval_expired", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/api/v1/account-approvals/{id}/reject": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Reject a pending account request of the caller's district that she did not make and that is not about her own account (coordinator, leader; audited)", "security": [{"session": [], "csrf": []}],
        "responses": {"200": {"description": "The request as decided", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Approval"}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"description": "approval_own_request, approval_other_district, or a role that may not decide", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "404": {"description": "approval_not_found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "409": {"description": "approval_not_pending, approval_expired", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/api/v1/export-approvals": {"get": {"summary": "Pending clear export approval requests of the caller's district (coordinator, leader)",
      "responses": {"200": {"description": "Oldest first", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Approval"}}}}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/export-approvals/{id}/approve": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Approve a pending clear export request of the caller's district that she did not make and that is not about her own account (coordinator, leader; audited)", "security": [{"session": [], "csrf": []}],
        "responses": {"200": {"description": "The request as decided", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Approval"}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"description": "approval_own_request, approval_other_district, or a role that may not decide", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "404": {"description": "approval_not_found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "409": {"description": "approval_not_pending, approval_expired", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/api/v1/export-approvals/{id}/reject": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Reject a pending clear export request of the caller's district that she did not make and that is not about her own account (coordinator, leader; audited)", "security": [{"session": [], "csrf": []}],
        "responses": {"200": {"description": "The request as decided", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Approval"}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"description": "approval_own_request, approval_other_district, or a role that may not decide", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "404": {"description": "approval_not_found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "409": {"description": "approval_not_pending, approval_expired", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
    "/api/v1/audit": {"get": {"summary": "Audit log, newest first (auditor)",
      "parameters": [{"name": "before", "in": "query", "schema": {"type": "integer", "minimum": 0}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}}],
      "responses": {"200": {"description": "A page of entries", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}}, "next_before": {"type": ["integer", "null"]}}}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/audit/verify": {"get": {"summary": "Verify the audit hash chain (auditor)",
      "responses": {"200": {"description": "Verification report", "content": {"application/json": {"schema": {"type": "object", "properties": {"entries": {"type": "integer"}, "intact": {"type": "boolean"}, "first_broken_seq": {"type": ["integer", "null"]}, "reason": {"type": "string"}}}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}}}
  }
})json";
  return doc;
}

}  // namespace

const std::string& OpenApiDocument() {
  // The core document with every module's paths and schemas merged in, built once.
  static const std::string doc = [] {
    json::value core = json::parse(CoreDocument());
    json::object& paths = core.as_object()["paths"].as_object();
    json::object& schemas = core.as_object()["components"].as_object()["schemas"].as_object();
    for (const Module* module : Modules()) {
      if (module->openapi.empty()) continue;
      json::value part = json::parse(module->openapi);
      for (const auto& [k, v] : part.as_object()["paths"].as_object()) paths[k] = v;
      for (const auto& [k, v] : part.as_object()["schemas"].as_object()) schemas[k] = v;
    }
    return json::serialize(core);
  }();
  return doc;
}

}  // namespace shouhu::api
