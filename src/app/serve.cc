// `shouhu serve`: wires the router, metrics and HTTP server to the runtime and runs until SIGTERM.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <thread>

#include "api/endpoint.h"
#include "api/errors.h"
#include "app/runtime.h"
#include "app/workflow_clock.h"
#include "http/server.h"

namespace shouhu {
namespace {

std::string PoolMetrics(const storage::Database& db) {
  const storage::PoolStats s = db.Stats();
  return fmt::format(
      "# HELP shouhu_db_read_connections Open read connections.\n"
      "# TYPE shouhu_db_read_connections gauge\nshouhu_db_read_connections {}\n"
      "# HELP shouhu_db_read_in_use Read connections lent out.\n"
      "# TYPE shouhu_db_read_in_use gauge\nshouhu_db_read_in_use {}\n"
      "# HELP shouhu_db_read_waits_total Times a reader waited for a connection.\n"
      "# TYPE shouhu_db_read_waits_total counter\nshouhu_db_read_waits_total {}\n"
      "# HELP shouhu_db_write_batches_total Group commits performed.\n"
      "# TYPE shouhu_db_write_batches_total counter\nshouhu_db_write_batches_total {}\n"
      "# HELP shouhu_db_write_jobs_total Units of work committed.\n"
      "# TYPE shouhu_db_write_jobs_total counter\nshouhu_db_write_jobs_total {}\n"
      "# HELP shouhu_db_write_failures_total Units of work that failed.\n"
      "# TYPE shouhu_db_write_failures_total counter\nshouhu_db_write_failures_total {}\n",
      s.read_connections, s.read_in_use, s.read_waits, s.write_batches, s.write_jobs,
      s.write_failures);
}

}  // namespace

sigset_t TerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

void BlockTerminationSignals() {
  const sigset_t signals = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int Serve(Runtime& rt) {
  // SIGTERM and SIGINT are taken by a dedicated thread (sigwait); main() has blocked them before
  // any thread (database pool, writer) started, so no other thread receives them.
  const sigset_t signals = TerminationSignals();

  if (!rt.cases) {
    spdlog::error(
        R"({"event":"key_file_required","hint":"set SHOUHU_KEY_FILE or [data] key_file; shouhu keys init --file PATH creates one"})");
    std::fprintf(stderr,
                 "error: a key file is required to serve (SHOUHU_KEY_FILE); create one with "
                 "`shouhu keys init --file PATH`\n");
    return 1;
  }
  http::Metrics metrics;
  metrics.SetExtra([&rt] { return PoolMetrics(*rt.db); });
  api::ApiServices services{.auth = *rt.auth,
                            .accounts = *rt.accounts,
                            .audit = *rt.audit,
                            .cases = rt.cases.get(),
                            .workflow = rt.workflow.get(),
                            .assistance = rt.assistance.get(),
                            .ready = [&rt]() -> Status {
                              SHOUHU_RETURN_IF_ERROR(rt.db->Ping());
                              return storage::CheckSchema(*rt.db);
                            },
                            .metrics = metrics,
                            .tls = rt.config.server.tls,
                            .stats = rt.stats.get(),
                            .prevention = rt.prevention.get()};
  http::Router router;
  api::RegisterAllRoutes(router, services);

  http::ServerOptions server_options = rt.config.server;
  // On SQLite a read is work on this machine's CPU, not a wait: the routes that only read (their
  // audit row settles after they return) run on the I/O thread while a read connection is free.
  // On PostgreSQL every statement is a round trip, which must not hold an I/O thread.
  if (rt.db->backend() == storage::Backend::kSqlite) {
    server_options.inline_ready = [&rt] { return rt.db->ReaderFree(); };
  }
  http::Server server(std::move(server_options), router, metrics, api::ErrorResponse);
  if (Status bound = server.Bind(); !bound.ok()) {
    spdlog::error(R"({{"event":"listen_failed","reason":"{}"}})", bound.message());
    return 1;
  }
  spdlog::info(R"({{"event":"listening","address":"{}:{}","database":"{}"}})",
               rt.config.server.host, server.port(),
               rt.db->backend() == storage::Backend::kSqlite ? "sqlite" : "postgresql");
  std::fprintf(stdout, "shouhu: serving on http://%s:%u\n", rt.config.server.host.c_str(),
               server.port());
  std::fflush(stdout);

  WorkflowClock workflow_clock(*rt.workflow, [&rt] {
    auto flushed = rt.auth->FlushAnonymousRefusals();
    if (!flushed.ok())
      spdlog::error(R"({{"event":"anonymous_refusals_flush_failed","reason":"{}"}})",
                    flushed.status().message());
    if (rt.prevention) {
      auto raised = rt.prevention->Sweep();
      if (!raised.ok()) {
        spdlog::error(R"({{"event":"registry_sweep_failed","reason":"{}"}})",
                      raised.status().message());
      } else if (*raised > 0) {
        spdlog::info(R"({{"event":"registry_visits_overdue","escalations":{}}})", *raised);
      }
    }
  });
  workflow_clock.Start();

  std::thread signal_thread([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info(R"({{"event":"shutdown","signal":{}}})", sig);
    server.Stop();
  });
  server.Run();
  // Run() also returns if the server stopped for another reason: release the signal thread.
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  workflow_clock.Stop();
  rt.db->Close();
  spdlog::info(R"({"event":"stopped"})");
  return 0;
}

}  // namespace shouhu
