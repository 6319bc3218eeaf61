#include "audit/audit_log.h"

#include <fmt/format.h>

#include "core/random.h"
#include "storage/stores.h"

namespace shouhu::audit {
namespace {

void Put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

std::string OptInt(const std::optional<int64_t>& v) {
  return v ? std::to_string(*v) : "-";
}

constexpr int kVerifyPage = 1000;

}  // namespace

std::string ChainHash(const storage::AuditRecord& e) {
  std::string buf;
  buf.reserve(256);
  Put(buf, e.prev_hash);
  Put(buf, std::to_string(e.seq));
  Put(buf, std::to_string(e.at));
  Put(buf, OptInt(e.user_id));
  Put(buf, OptInt(e.unit_id));
  Put(buf, e.action);
  Put(buf, e.object_type);
  Put(buf, e.object_id);
  Put(buf, e.result);
  Put(buf, e.client_address);
  Put(buf, e.detail);
  return Sha256Hex(buf);
}

Status Append(storage::Tx& tx, const Clock& clock, const Event& event) {
  // The writer's memory of the newest entry when it has one (SQLite, one writer per file and no
  // other connection committed since); otherwise the newest row, read under the write lock.
  std::optional<storage::AuditChainTip>* tip = tx.audit_tip();
  storage::AuditRecord rec;
  if (tip != nullptr && tip->has_value()) {
    rec.seq = (*tip)->seq + 1;
    rec.prev_hash = (*tip)->hash;
  } else {
    SHOUHU_ASSIGN_OR_RETURN(auto last, storage::audit_store::Last(tx));
    rec.seq = last ? last->seq + 1 : 1;
    rec.prev_hash = last ? last->hash : std::string();
  }
  rec.at = clock.NowMillis();
  rec.user_id = event.user_id;
  rec.unit_id = event.unit_id;
  rec.action = event.action;
  rec.object_type = event.object_type;
  rec.object_id = event.object_id;
  rec.result = event.result;
  rec.client_address = event.client_address;
  rec.detail = event.detail;
  rec.hash = ChainHash(rec);
  if (tip != nullptr) tip->reset();  // until the insert is known to have succeeded
  SHOUHU_RETURN_IF_ERROR(storage::audit_store::Append(tx, rec));
  if (tip != nullptr) *tip = storage::AuditChainTip{.seq = rec.seq, .hash = rec.hash};
  return Status::Ok();
}

Result<VerifyReport> Verify(storage::Database& db) {
  VerifyReport report;
  int64_t after = 0;
  std::string prev_hash;
  bool done = false;
  while (!done) {
    std::vector<storage::AuditRecord> page;
    SHOUHU_RETURN_IF_ERROR(db.Read([&](storage::Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(page, storage::audit_store::Scan(tx, after, kVerifyPage));
      return Status::Ok();
    }));
    for (const auto& e : page) {
      ++report.entries;
      const char* reason = nullptr;
      if (e.seq != after + 1) {
        reason = "seq_gap";
      } else if (e.prev_hash != prev_hash) {
        reason = "prev_hash_mismatch";
      } else if (ChainHash(e) != e.hash) {
        reason = "hash_mismatch";
      }
      if (reason != nullptr) {
        report.first_broken_seq = after + 1 == e.seq ? e.seq : after + 1;
        report.reason = reason;
        return report;
      }
      after = e.seq;
      prev_hash = e.hash;
    }
    done = static_cast<int>(page.size()) < kVerifyPage;
  }
  return report;
}

}  // namespace shouhu::audit
