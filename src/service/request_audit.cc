#include "service/request_audit.h"

#include "service/actor.h"

namespace shouhu::service {
namespace {

constexpr size_t kMaxDetail = 2000;

}  // namespace

RequestAudit::RequestAudit(std::string action, std::string route, std::string object_type,
                           std::string path_id)
    : action_(std::move(action)), object_id_(std::move(route)) {
  if (!path_id.empty() && !object_type.empty()) {
    route_ = object_id_;
    object_type_ = std::move(object_type);
    object_id_ = std::move(path_id);
  }
}

void RequestAudit::AddDetail(std::string_view text) {
  if (text.empty() || detail_.find(text) != std::string::npos) return;  // once is enough
  if (!detail_.empty()) detail_ += "; ";
  detail_ += text;
  if (detail_.size() > kMaxDetail) detail_.resize(kMaxDetail);
}

void RequestAudit::Deny(std::string reason) {
  denied_ = true;
  deny_reason_ = std::move(reason);
}

audit::Event RequestAudit::EventFor(const Actor& actor, const std::string& result) const {
  std::string detail = detail_;
  // The route, when the row names only the id of its path (no use case named the object).
  if (!has_object_ && !route_.empty()) detail = detail.empty() ? route_ : route_ + "; " + detail;
  if (denied_ && !deny_reason_.empty())
    detail = detail.empty() ? deny_reason_ : deny_reason_ + "; " + detail;
  audit::Event e{.user_id = actor.user_id,
                 .action = action_,
                 .object_type = object_type_,
                 .object_id = object_id_,
                 .result = result,
                 .client_address = actor.client_address,
                 .detail = std::move(detail)};
  if (!actor.is_command_line()) e.unit_id = actor.unit_id;
  return e;
}

Status RequestAudit::AppendOk(storage::Tx& tx, const Clock& clock, const Actor& actor) {
  if (written_ || held_ > 0) return Status::Ok();
  SHOUHU_RETURN_IF_ERROR(audit::Append(tx, clock, EventFor(actor, "ok")));
  // A transaction that fails after this point rolls the row back; Finish then writes the
  // request's true result (the handler returns that failure).
  written_ = true;
  return Status::Ok();
}

ComposedRequest::ComposedRequest(const Actor& actor, std::string object_type, std::string object_id)
    : request_(actor.request.get()) {
  if (request_ == nullptr) return;
  request_->SetObject(std::move(object_type), std::move(object_id));
  request_->Hold();
}

ComposedRequest::~ComposedRequest() {
  Release();
}

void ComposedRequest::Release() {
  if (request_ != nullptr) request_->Release();
  request_ = nullptr;
}

std::string AuditResultFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
      return "denied";
    default:
      return "failed";
  }
}

std::optional<audit::Event> RequestAudit::PendingRow(const Actor& actor, const Status& outcome) {
  if (written_ && outcome.ok()) return std::nullopt;
  std::string result = denied_ ? "denied" : AuditResultFor(outcome);
  if (written_ && result == "ok") return std::nullopt;
  if (!outcome.ok() && !denied_) AddDetail(outcome.message());
  written_ = false;  // an ok row written in a transaction that then failed was rolled back
  return EventFor(actor, result);
}

Status RequestAudit::Finish(storage::Database& db, const Clock& clock, const Actor& actor,
                            const Status& outcome) {
  std::optional<audit::Event> event = PendingRow(actor, outcome);
  if (!event) return Status::Ok();
  SHOUHU_RETURN_IF_ERROR(
      db.Write([&](storage::Tx& tx) { return audit::Append(tx, clock, *event); }));
  written_ = true;
  return Status::Ok();
}

void RequestAudit::FinishAsync(storage::Database& db, const Clock& clock, const Actor& actor,
                               const Status& outcome, storage::Database::Done done) {
  std::optional<audit::Event> event = PendingRow(actor, outcome);
  if (!event) return done(Status::Ok());
  // The request ends here: no later call may write a second row, whatever the commit's outcome
  // (a failure answers 503, as Finish's caller does).
  written_ = true;
  db.WriteAsync([&clock, event = std::move(*event)](
                    storage::Tx& tx) { return audit::Append(tx, clock, event); },
                std::move(done));
}

Status Record(storage::Tx& tx, const Clock& clock, const Actor& actor, audit::Event event) {
  if (actor.request) {
    if (!event.object_type.empty()) actor.request->SetObject(event.object_type, event.object_id);
    if (event.result == "ok") {
      actor.request->AddDetail(event.detail);
      return actor.request->AppendOk(tx, clock, actor);
    }
    if (event.result == "denied") {
      actor.request->Deny(event.detail);
    } else {
      actor.request->AddDetail(event.result);
      actor.request->AddDetail(event.detail);
    }
    return Status::Ok();
  }
  return audit::Append(tx, clock, event);
}

Status RecordRead(storage::Database& db, const Clock& clock, const Actor& actor,
                  audit::Event event) {
  if (actor.request) {
    if (!event.object_type.empty()) actor.request->SetObject(event.object_type, event.object_id);
    actor.request->AddDetail(event.detail);
    return Status::Ok();
  }
  return db.Write([&](storage::Tx& tx) { return audit::Append(tx, clock, event); });
}

Status RecordDenied(storage::Database& db, const Clock& clock, const Actor& actor,
                    audit::Event event, const Status& refusal) {
  if (actor.request) {
    if (!event.object_type.empty()) actor.request->SetObject(event.object_type, event.object_id);
    actor.request->Deny(event.detail.empty() ? std::string(refusal.message()) : event.detail);
    return refusal;
  }
  event.result = "denied";
  SHOUHU_RETURN_IF_ERROR(
      db.Write([&](storage::Tx& tx) { return audit::Append(tx, clock, event); }));
  return refusal;
}

}  // namespace shouhu::service
