#include "storage/sql_database.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <utility>

#include <spdlog/spdlog.h>

#include "storage/sql/migrations.h"
#include "storage/sql/statements.h"

namespace shouhu::storage {
namespace {

// Committed units of work between two refreshes of the planner's statistics (see
// Dialect::refresh_statistics): often enough to follow a table growing by orders of magnitude,
// rare enough to cost nothing measurable.
constexpr int64_t kStatisticsEveryJobs = 10'000;

// Set on the writer thread, so that a unit of work calling Write() is refused, not deadlocked.
thread_local const SqlDatabase* current_writer = nullptr;

// The Tx handed to one unit of work. After a statement fails, later statements fail with the
// same Status: PostgreSQL aborts the transaction at the first error, and the contract is kept
// the same on SQLite.
class UnitOfWorkTx final : public Tx {
 public:
  explicit UnitOfWorkTx(Tx& inner, std::optional<AuditChainTip>* tip = nullptr)
      : inner_(inner), tip_(tip) {}

  std::optional<AuditChainTip>* audit_tip() override { return tip_; }

  Result<std::vector<Row>> Query(std::string_view statement, const Params& params) override {
    if (!failure_.ok()) return failure_;
    auto rows = inner_.Query(statement, params);
    if (!rows.ok()) failure_ = rows.status();
    return rows;
  }

  Result<int64_t> Exec(std::string_view statement, const Params& params) override {
    if (!failure_.ok()) return failure_;
    auto changed = inner_.Exec(statement, params);
    if (!changed.ok()) failure_ = changed.status();
    return changed;
  }

  Result<std::vector<Row>> QueryGenerated(const sql::GeneratedQuery& query) override {
    if (!failure_.ok()) return failure_;
    auto rows = inner_.QueryGenerated(query);
    if (!rows.ok()) failure_ = rows.status();
    return rows;
  }

  // What the unit of work amounts to, given what `work` returned.
  Status Settle(Status work_result) const {
    if (work_result.ok() && !failure_.ok()) return failure_;
    return work_result;
  }

 private:
  Tx& inner_;
  std::optional<AuditChainTip>* tip_;
  Status failure_;
};

Status RunWork(const Database::Work& work, UnitOfWorkTx& tx) {
  try {
    return tx.Settle(work(tx));
  } catch (const std::exception& e) {
    spdlog::error("storage: unit of work threw: {}", e.what());
  } catch (...) {
    spdlog::error("storage: unit of work threw a non-standard exception");
  }
  return Status::Internal("unit_of_work_threw");
}

// A failure of the batch as a whole (BEGIN, SAVEPOINT, COMMIT) as every job of it sees it.
Status AsBatchError(const Status& st) {
  if (st.code() == StatusCode::kUnavailable || st.code() == StatusCode::kInternal) return st;
  return Status::Internal("commit_failed");
}

}  // namespace

SqlDatabase::SqlDatabase(Backend backend, ConnectionFactory factory, const DatabaseOptions& options,
                         const Clock& clock)
    : dialect_(sql::DialectFor(backend)),
      factory_(std::move(factory)),
      options_(options),
      clock_(clock) {}

Result<std::unique_ptr<Database>> SqlDatabase::Open(Backend backend, ConnectionFactory factory,
                                                    const DatabaseOptions& options,
                                                    const Clock& clock) {
  DatabaseOptions checked = options;
  checked.read_pool_size = std::max(1, options.read_pool_size);
  checked.max_batch_jobs = std::max(1, options.max_batch_jobs);
  checked.pool_wait_timeout_ms = std::max(0, options.pool_wait_timeout_ms);
  std::unique_ptr<SqlDatabase> db(new SqlDatabase(backend, std::move(factory), checked, clock));
  {
    // The writer opens first: on SQLite it is the connection that switches the file to WAL.
    std::lock_guard guard(db->writer_mu_);
    SHOUHU_RETURN_IF_ERROR(db->EnsureWriter());
  }
  for (int i = 0; i < checked.read_pool_size; ++i) {
    SHOUHU_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader,
                            db->factory_(ConnectionRole::kRead));
    db->idle_readers_.push_back(std::move(reader));
    ++db->readers_open_;
  }
  db->writer_ = std::thread([raw = db.get()] { raw->WriterLoop(); });
  return std::unique_ptr<Database>(std::move(db));
}

SqlDatabase::~SqlDatabase() {
  Close();
}

Result<std::unique_ptr<Connection>> SqlDatabase::BorrowReader() {
  std::unique_lock lock(read_mu_);
  const auto usable = [this] {
    return readers_closed_ || !idle_readers_.empty() || readers_open_ < options_.read_pool_size;
  };
  if (!usable()) {
    ++read_waits_;
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.pool_wait_timeout_ms);
    if (!read_cv_.wait_until(lock, deadline, usable)) {
      return Status::Unavailable("read_pool_exhausted");
    }
  }
  if (readers_closed_) return Status::Unavailable("database_closed");
  ++readers_lent_;
  if (!idle_readers_.empty()) {
    std::unique_ptr<Connection> conn = std::move(idle_readers_.back());
    idle_readers_.pop_back();
    return conn;
  }
  // Replaces a connection discarded earlier; opened outside the lock.
  ++readers_open_;
  lock.unlock();
  auto opened = factory_(ConnectionRole::kRead);
  if (opened.ok()) return opened;
  lock.lock();
  --readers_open_;
  --readers_lent_;
  read_cv_.notify_one();
  return opened.status();
}

void SqlDatabase::ReturnReader(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(read_mu_);
  --readers_lent_;
  if (readers_closed_ || conn == nullptr || conn->broken()) {
    --readers_open_;
  } else {
    idle_readers_.push_back(std::move(conn));
  }
  read_cv_.notify_one();
}

Status SqlDatabase::Read(const Work& work) {
  if (closed_.load()) return Status::Unavailable("database_closed");
  SHOUHU_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, BorrowReader());
  Status result = conn->Control(dialect_.begin_read);
  if (result.ok()) {
    UnitOfWorkTx tx(*conn);
    result = RunWork(work, tx);
    if (Status end = conn->Control(dialect_.rollback); !end.ok()) {
      // A connection stuck inside a transaction must not be lent again.
      spdlog::warn("storage: ending a read transaction failed: {}", end.message());
      conn.reset();
    }
  }
  ReturnReader(std::move(conn));
  return result;
}

Status SqlDatabase::Write(const Work& work) {
  if (current_writer == this) return Status::Internal("nested_write");
  WriteJob job;
  job.work = &work;
  std::unique_lock lock(queue_mu_);
  if (closing_) return Status::Unavailable("database_closed");
  queue_.push_back(&job);
  queue_cv_.notify_one();
  job.done_cv.wait(lock, [&job] { return job.done; });
  return job.result;
}

void SqlDatabase::WriteAsync(Work work, Done done) {
  if (current_writer == this) return done(Status::Internal("nested_write"));
  auto job = std::make_unique<WriteJob>();
  job->owned_work = std::move(work);
  job->work = &job->owned_work;
  job->on_done = std::move(done);
  {
    std::lock_guard lock(queue_mu_);
    if (!closing_) {
      queue_.push_back(job.release());
      queue_cv_.notify_one();
      return;
    }
  }
  job->on_done(Status::Unavailable("database_closed"));
}

void SqlDatabase::WriterLoop() {
  current_writer = this;
  for (;;) {
    std::vector<WriteJob*> batch;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [this] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;  // closing, and every queued job is done
      const size_t limit = static_cast<size_t>(options_.max_batch_jobs);
      while (!queue_.empty() && batch.size() < limit) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    RunBatch(batch);
    std::vector<std::unique_ptr<WriteJob>> settled;  // WriteAsync's jobs
    {
      // Notified under the lock: a caller cannot return (and free its job) before it is woken.
      std::lock_guard lock(queue_mu_);
      for (WriteJob* job : batch) {
        if (job->on_done) {
          settled.emplace_back(job);
          continue;
        }
        job->done = true;
        job->done_cv.notify_one();
      }
    }
    for (const auto& job : settled) job->on_done(job->result);
    RefreshStatisticsWhenDue();
  }
}

void SqlDatabase::RefreshStatisticsWhenDue() {
  if (dialect_.refresh_statistics.empty()) return;
  std::lock_guard guard(writer_mu_);
  if (write_jobs_.load() - jobs_at_statistics_ < kStatisticsEveryJobs) return;
  RefreshStatistics();
}

void SqlDatabase::RefreshStatistics() {
  if (dialect_.refresh_statistics.empty()) return;
  jobs_at_statistics_ = write_jobs_.load();
  const Status st = InWriteTransaction(
      [this](Connection& conn) { return conn.ExecScript(dialect_.refresh_statistics); });
  if (!st.ok()) spdlog::warn("storage: refreshing planner statistics failed: {}", st.message());
}

void SqlDatabase::RunBatch(const std::vector<WriteJob*>& batch) {
  std::lock_guard guard(writer_mu_);
  const auto fail_batch = [&](const Status& st) {
    // Jobs that already failed keep their own error; the rest were not committed.
    for (WriteJob* job : batch) {
      if (job->result.ok()) job->result = AsBatchError(st);
    }
    write_failures_ += static_cast<int64_t>(batch.size());
  };
  const auto abandon_transaction = [&] {
    audit_tip_.reset();
    if (writer_conn_ != nullptr && !writer_conn_->Control(dialect_.rollback).ok()) {
      writer_conn_.reset();  // reopened before the next batch
    }
  };

  if (Status st = EnsureWriter(); !st.ok()) return fail_batch(st);
  Connection& conn = *writer_conn_;
  if (Status st = conn.Control(dialect_.begin_write); !st.ok()) {
    abandon_transaction();
    return fail_batch(st);
  }
  // The audit chain's tip is kept between batches only while no other connection (another
  // process on the same SQLite file) has committed since: checked under the write lock.
  std::optional<AuditChainTip>* tip = nullptr;
  {
    auto mark = conn.ForeignChangeMark();
    if (!mark.ok()) {
      abandon_transaction();
      return fail_batch(mark.status());
    }
    if (mark->has_value()) {
      if (*mark != foreign_mark_) audit_tip_.reset();
      foreign_mark_ = *mark;
      tip = &audit_tip_;
    } else {
      audit_tip_.reset();
    }
  }
  int64_t committed = 0;
  for (WriteJob* job : batch) {
    if (Status st = conn.Control(dialect_.savepoint); !st.ok()) {
      abandon_transaction();
      return fail_batch(st);
    }
    const std::optional<AuditChainTip> tip_before = audit_tip_;
    UnitOfWorkTx tx(conn, tip);
    job->result = RunWork(*job->work, tx);
    if (!job->result.ok()) {
      audit_tip_ = tip_before;  // what the job appended is rolled back with it
      if (Status st = conn.Control(dialect_.rollback_to_savepoint); !st.ok()) {
        abandon_transaction();
        return fail_batch(st);
      }
    }
    if (Status st = conn.Control(dialect_.release_savepoint); !st.ok()) {
      abandon_transaction();
      return fail_batch(st);
    }
    if (job->result.ok()) ++committed;
  }
  const int64_t failed = static_cast<int64_t>(batch.size()) - committed;
  if (committed == 0) {
    abandon_transaction();
    write_failures_ += failed;
    return;
  }
  if (Status st = conn.Control(dialect_.commit); !st.ok()) {
    spdlog::error("storage: group commit of {} jobs failed: {}", batch.size(), st.message());
    abandon_transaction();
    return fail_batch(st);
  }
  ++write_batches_;
  write_jobs_ += committed;
  write_failures_ += failed;
}

Status SqlDatabase::EnsureWriter() {
  if (writer_conn_ != nullptr && !writer_conn_->broken()) return Status::Ok();
  writer_conn_.reset();
  audit_tip_.reset();
  foreign_mark_.reset();
  SHOUHU_ASSIGN_OR_RETURN(writer_conn_, factory_(ConnectionRole::kWrite));
  return Status::Ok();
}

Status SqlDatabase::InWriteTransaction(const std::function<Status(Connection&)>& body) {
  SHOUHU_RETURN_IF_ERROR(EnsureWriter());
  audit_tip_.reset();  // migrations and maintenance write outside the batches' bookkeeping
  Connection& conn = *writer_conn_;
  Status st = conn.Control(dialect_.begin_write);
  if (st.ok()) st = body(conn);
  if (st.ok()) st = conn.Control(dialect_.commit);
  if (!st.ok() && writer_conn_ != nullptr && !conn.Control(dialect_.rollback).ok()) {
    writer_conn_.reset();
  }
  return st;
}

Status SqlDatabase::Ping() {
  return Read([](Tx& tx) { return tx.QueryOne("schema.ping", {}).status(); });
}

Result<int> SqlDatabase::SchemaVersion() {
  int version = 0;
  SHOUHU_RETURN_IF_ERROR(Read([&version](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(std::optional<Row> table,
                            tx.QueryOne("schema.migrations_table_exists", {}));
    if (!table || table->Int(0) == 0) return Status::Ok();
    SHOUHU_ASSIGN_OR_RETURN(std::optional<Row> row, tx.QueryOne("schema.current_version", {}));
    if (row) version = static_cast<int>(row->Int(0));
    return Status::Ok();
  }));
  return version;
}

Status SqlDatabase::Migrate() {
  if (closed_.load()) return Status::Unavailable("database_closed");
  SHOUHU_RETURN_IF_ERROR(CheckSchema(*this));
  std::lock_guard guard(writer_mu_);
  if (closed_.load()) return Status::Unavailable("database_closed");
  return ApplyMigrations();
}

Status SqlDatabase::ApplyMigrations() {
  SHOUHU_RETURN_IF_ERROR(InWriteTransaction(
      [this](Connection& conn) { return conn.ExecScript(sql::MigrationsTableScript(dialect_)); }));
  for (const sql::Migration& migration : sql::Migrations()) {
    bool applied = false;
    const Status st = InWriteTransaction([&](Connection& conn) -> Status {
      // Checked inside the write transaction: another instance may have applied it meanwhile.
      SHOUHU_ASSIGN_OR_RETURN(
          std::optional<Row> row,
          conn.QueryOne("schema.migration_applied", {static_cast<int64_t>(migration.version)}));
      if (row && row->Int(0) > 0) return Status::Ok();
      SHOUHU_RETURN_IF_ERROR(conn.ExecScript(sql::RenderMigration(migration, dialect_)));
      applied = true;
      return conn
          .Exec("schema.record_migration",
                {static_cast<int64_t>(migration.version), clock_.NowMillis()})
          .status();
    });
    if (!st.ok()) {
      spdlog::error("storage: migration {} failed: {}", migration.name, st.message());
      return st;
    }
    if (applied) spdlog::info("storage: applied migration {}", migration.name);
  }
  // Migrate runs at every start: the planner begins with statistics of the data as it is now.
  RefreshStatistics();
  return Status::Ok();
}

PoolStats SqlDatabase::Stats() const {
  PoolStats stats;
  {
    std::lock_guard lock(read_mu_);
    stats.read_connections = readers_open_;
    stats.read_in_use = readers_lent_;
    stats.read_waits = read_waits_;
  }
  stats.write_batches = write_batches_.load();
  stats.write_jobs = write_jobs_.load();
  stats.write_failures = write_failures_.load();
  return stats;
}

bool SqlDatabase::ReaderFree() const {
  std::lock_guard lock(read_mu_);
  return !readers_closed_ && (!idle_readers_.empty() || readers_open_ < options_.read_pool_size);
}

void SqlDatabase::Close() {
  if (current_writer == this) {
    spdlog::error("storage: Close() called from inside a unit of work; ignored");
    return;
  }
  std::lock_guard close_guard(close_mu_);
  if (closed_.exchange(true)) return;
  {
    std::lock_guard lock(queue_mu_);
    closing_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();  // the writer drains the queue first
  {
    std::lock_guard lock(writer_mu_);
    writer_conn_.reset();
  }
  std::vector<std::unique_ptr<Connection>> idle;
  {
    std::lock_guard lock(read_mu_);
    readers_closed_ = true;
    readers_open_ -= static_cast<int>(idle_readers_.size());
    idle.swap(idle_readers_);
  }
  read_cv_.notify_all();
}

}  // namespace shouhu::storage
