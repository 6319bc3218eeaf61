// The API contract. api_unit_test checks that every route the router knows appears here with its
// method, so the document cannot drift from the code.
#include "api/endpoint.h"

namespace shouhu::api {

const std::string& OpenApiDocument() {
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
                       "description": "Field name -> localised reason"}}}}
      },
      "User": {
        "type": "object",
        "required": ["id", "username", "display_name", "unit_id", "role", "disabled", "must_change_password", "locked", "created_at"],
        "properties": {
          "id": {"type": "integer"}, "username": {"type": "string"}, "display_name": {"type": "string"},
          "unit_id": {"type": "integer"},
          "role": {"type": "string", "enum": ["admin", "coordinator", "leader", "caseworker", "reporter", "volunteer", "auditor", "analyst"]},
          "disabled": {"type": "boolean"}, "must_change_password": {"type": "boolean"}, "locked": {"type": "boolean"},
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
          "duplicate_candidates": {"type": "array", "items": {"type": "string"}}}
      },
      "CasePage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}}, "next_before": {"type": ["integer", "null"]}}},
      "AuditEntry": {
        "type": "object",
        "properties": {
          "seq": {"type": "integer"}, "at": {"type": "string", "format": "date-time"},
          "user_id": {"type": ["integer", "null"]}, "unit_id": {"type": ["integer", "null"]},
          "action": {"type": "string"}, "object_type": {"type": "string"}, "object_id": {"type": "string"},
          "result": {"type": "string"}, "client_address": {"type": "string"}, "detail": {"type": "string"},
          "hash": {"type": "string"}}
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
        "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"type": "object", "properties": {"user": {"$ref": "#/components/schemas/User"}, "one_time_password": {"type": "string"}}}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}, "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/cases": {
      "get": {"summary": "Cases visible to the caller, newest first",
        "parameters": [{"name": "status", "in": "query", "schema": {"type": "string"}}, {"name": "risk_level", "in": "query", "schema": {"type": "string"}},
          {"name": "harm_type", "in": "query", "schema": {"type": "string"}}, {"name": "intake_channel", "in": "query", "schema": {"type": "string"}},
          {"name": "unit_id", "in": "query", "schema": {"type": "integer"}}, {"name": "district_code", "in": "query", "schema": {"type": "string"}},
          {"name": "reported_from", "in": "query", "schema": {"type": "string", "format": "date-time"}}, {"name": "reported_to", "in": "query", "schema": {"type": "string", "format": "date-time"}},
          {"name": "case_number", "in": "query", "schema": {"type": "string"}}, {"name": "name", "in": "query", "schema": {"type": "string"}, "description": "Partial name (2+ characters), matched through blind indexes"},
          {"name": "before", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
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
    "/api/v1/audit": {"get": {"summary": "Audit log, newest first (auditor)",
      "parameters": [{"name": "before", "in": "query", "schema": {"type": "integer", "minimum": 0}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}}],
      "responses": {"200": {"description": "A page of entries", "content": {"application/json": {"schema": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}}, "next_before": {"type": ["integer", "null"]}}}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/audit/verify": {"get": {"summary": "Verify the audit hash chain (auditor)",
      "responses": {"200": {"description": "Verification report", "content": {"application/json": {"schema": {"type": "object", "properties": {"entries": {"type": "integer"}, "intact": {"type": "boolean"}, "first_broken_seq": {"type": ["integer", "null"]}, "reason": {"type": "string"}}}}}}, "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}}}
  }
})json";
  return doc;
}

}  // namespace shouhu::api
