// WorkflowClock: the server's background thread for the workflow's clocks. It runs the overdue
// sweep every clocks.sweep_interval_ms and delivers due webhook messages every second (libcurl,
// HTTP and HTTPS, 10 s timeout, no redirects). Start once; Stop (or the destructor) joins.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/status.h"
#include "service/workflow_service.h"

namespace shouhu {

// POSTs `body` as application/json; the HTTP status, or an error naming what failed
// ("connect_failed", "timeout", ...), never the URL (it carries a robot's access token).
Result<int> PostWebhook(const std::string& url, const std::string& body);

class WorkflowClock {
 public:
  // `every_sweep` also runs at each sweep (the anonymous-refusal summary) and once at Stop().
  explicit WorkflowClock(service::WorkflowService& workflow,
                         std::function<void()> every_sweep = {});
  ~WorkflowClock();
  WorkflowClock(const WorkflowClock&) = delete;
  WorkflowClock& operator=(const WorkflowClock&) = delete;

  void Start();
  void Stop();

 private:
  void Run();

  service::WorkflowService& workflow_;
  std::function<void()> every_sweep_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace shouhu
