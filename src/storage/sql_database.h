// SqlDatabase: the one Database implementation, written once over the backend Connection
// interface: a pool of read connections, one writer thread doing group commit, and migrations.
// Thread-safe: Read, Write and the rest may be called from any number of threads.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "storage/connection.h"
#include "storage/database.h"
#include "storage/sql/dialect.h"

namespace shouhu::storage {

class SqlDatabase final : public Database {
 public:
  // Opens the writer and every read connection up front, so a bad URL or weak durability
  // settings fail here. `clock` stamps applied migrations and must outlive the database.
  static Result<std::unique_ptr<Database>> Open(Backend backend, ConnectionFactory factory,
                                                const DatabaseOptions& options, const Clock& clock);
  ~SqlDatabase() override;

  Status Read(const Work& work) override;
  Status Write(const Work& work) override;
  void WriteAsync(Work work, Done done) override;
  Status Ping() override;
  Result<int> SchemaVersion() override;
  Status Migrate() override;
  PoolStats Stats() const override;
  bool ReaderFree() const override;
  Backend backend() const override { return dialect_.backend; }
  void Close() override;

 private:
  // One queued unit of work. Write()'s lives on the caller's stack until `done`; WriteAsync's is
  // owned by the queue and freed after its `on_done` ran.
  struct WriteJob {
    const Work* work = nullptr;
    Status result;
    bool done = false;
    std::condition_variable done_cv;  // only this caller waits on it (queue_mu_)
    Work owned_work;                  // WriteAsync: the work, kept alive here
    Done on_done;                     // WriteAsync: called with `result` after the batch
  };

  SqlDatabase(Backend backend, ConnectionFactory factory, const DatabaseOptions& options,
              const Clock& clock);

  Result<std::unique_ptr<Connection>> BorrowReader();
  void ReturnReader(std::unique_ptr<Connection> conn);
  void WriterLoop();
  void RunBatch(const std::vector<WriteJob*>& batch);
  // Requires writer_mu_. Replaces a missing or broken writer connection.
  Status EnsureWriter();
  // Requires writer_mu_. Runs `body` in one write transaction on the writer connection.
  Status InWriteTransaction(const std::function<Status(Connection&)>& body);
  Status ApplyMigrations();
  // Requires writer_mu_. Runs the dialect's refresh_statistics in its own write transaction;
  // a failure is logged, never fatal (queries stay correct, only plans may be worse).
  void RefreshStatistics();
  // Called by the writer thread between batches: refreshes statistics once enough units of work
  // have committed since the last refresh.
  void RefreshStatisticsWhenDue();

  const sql::Dialect& dialect_;
  const ConnectionFactory factory_;
  const DatabaseOptions options_;
  const Clock& clock_;

  // Read pool.
  mutable std::mutex read_mu_;
  std::condition_variable read_cv_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  int readers_open_ = 0;  // idle + lent out
  int readers_lent_ = 0;
  int64_t read_waits_ = 0;
  bool readers_closed_ = false;

  // Write queue; each caller waits on its own job's done_cv, so a commit wakes only its batch.
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<WriteJob*> queue_;
  bool closing_ = false;

  // The writer connection, used by the writer thread and by Migrate().
  std::mutex writer_mu_;
  std::unique_ptr<Connection> writer_conn_;
  int64_t jobs_at_statistics_ = 0;  // write_jobs_ at the last refresh; guarded by writer_mu_
  // The audit chain's newest committed entry as this writer wrote it (see Tx::audit_tip), and
  // the writer connection's ForeignChangeMark when it was last right; guarded by writer_mu_.
  // Forgotten on any rollback, a new writer connection, another connection's commit, and any
  // write outside a batch.
  std::optional<AuditChainTip> audit_tip_;
  std::optional<int64_t> foreign_mark_;
  std::thread writer_;

  std::mutex close_mu_;
  std::atomic<bool> closed_{false};
  std::atomic<int64_t> write_batches_{0};
  std::atomic<int64_t> write_jobs_{0};
  std::atomic<int64_t> write_failures_{0};
};

}  // namespace shouhu::storage
