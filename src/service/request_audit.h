// The one audit row of a request. The session guard opens a RequestAudit for every signed-in
// request and hands it to the use case inside the Actor; the use case (through the gate) says
// what the row is about, and either writes it inside its own write transaction (RecordOk) or lets
// the guard write it after the handler returns, with the request's true result: "ok", "denied"
// (the policy or the gate refused) or "failed" (bad input, a conflict, a fault). Later attempts to
// write a second row in the same request are no-ops. Used by one request's thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "audit/audit_log.h"
#include "core/clock.h"
#include "core/status.h"
#include "storage/database.h"

namespace shouhu::service {

struct Actor;

class RequestAudit {
 public:
  // `route` ("GET /api/v1/cases/{id}") names the row's object until the use case names one; with
  // `path_id` (the {id} of the path) the object is that id of `object_type` ("case") and the route
  // goes into the detail.
  RequestAudit(std::string action, std::string route, std::string object_type = "",
               std::string path_id = "");

  const std::string& action() const { return action_; }

  // What the row is about; the first call wins (a use case calling another names its own object
  // first).
  void SetObject(std::string type, std::string id) {
    if (has_object_) return;
    has_object_ = true;
    object_type_ = std::move(type);
    object_id_ = std::move(id);
  }
  bool has_object() const { return has_object_; }
  // Appended to the row's detail ("; " between parts, at most 2 000 bytes in all).
  void AddDetail(std::string_view text);
  // The gate refused: the row says "denied" with this reason, whatever the answer's status.
  void Deny(std::string reason);
  bool denied() const { return denied_; }

  // Inside a write transaction: appends the row with result "ok" (once per request).
  Status AppendOk(storage::Tx& tx, const Clock& clock, const Actor& actor);
  // After the handler: appends the row in a transaction of its own unless it was written, with
  // the result `outcome` stands for.
  Status Finish(storage::Database& db, const Clock& clock, const Actor& actor,
                const Status& outcome);
  // Finish without waiting: `done` receives what Finish would have returned, once the row is
  // durable (or at once when there is nothing to write), on the thread that learns it (the
  // database's writer; see Database::WriteAsync).
  void FinishAsync(storage::Database& db, const Clock& clock, const Actor& actor,
                   const Status& outcome, storage::Database::Done done);

  bool written() const { return written_; }

  // While held (a use case made of others: an export reading a table or the case list), the
  // nested use cases only add to the row; the composite writes it at the end.
  void Hold() { ++held_; }
  void Release() { --held_; }
  // The event the row will hold, with `result`.
  audit::Event EventFor(const Actor& actor, const std::string& result) const;

 private:
  // The row Finish still has to write for `outcome`, or nullopt when it was written.
  std::optional<audit::Event> PendingRow(const Actor& actor, const Status& outcome);

  std::string action_;
  std::string object_type_ = "route";
  std::string object_id_;
  std::string detail_;
  std::string deny_reason_;
  std::string route_;  // set when the object is the path's id
  bool has_object_ = false;
  bool denied_ = false;
  bool written_ = false;
  int held_ = 0;
};

// Names the request's object and holds its row for the scope of a composite use case.
class ComposedRequest {
 public:
  ComposedRequest(const Actor& actor, std::string object_type, std::string object_id);
  ~ComposedRequest();
  ComposedRequest(const ComposedRequest&) = delete;
  ComposedRequest& operator=(const ComposedRequest&) = delete;
  // Ends the hold early, before the composite writes its row.
  void Release();

 private:
  RequestAudit* request_;
};

// The result a request's audit row records for the status its handler returned.
std::string AuditResultFor(const Status& status);

// For use cases: the request's row, or — for a caller with no request (the command line, direct
// service calls in tests) — `event` as given. Record inside a write transaction: an "ok" event
// appends the request's row there (so it commits with the change it records); a "denied" one
// marks the request denied; any other result is noted for the guard's row. RecordRead and
// RecordDenied write now only when there is no request (the guard writes the request's row).
Status Record(storage::Tx& tx, const Clock& clock, const Actor& actor, audit::Event event);
Status RecordRead(storage::Database& db, const Clock& clock, const Actor& actor,
                  audit::Event event);
// Returns `refusal` after noting (or, without a request, writing) the denial.
Status RecordDenied(storage::Database& db, const Clock& clock, const Actor& actor,
                    audit::Event event, const Status& refusal);

}  // namespace shouhu::service
