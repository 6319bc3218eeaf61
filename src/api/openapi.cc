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
