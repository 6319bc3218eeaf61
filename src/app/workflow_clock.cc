#include "app/workflow_clock.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

namespace shouhu {
namespace {

size_t Discard(char*, size_t size, size_t n, void*) {
  return size * n;
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

}  // namespace

Result<int> PostWebhook(const std::string& url, const std::string& body) {
  static const CurlGlobal global;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Status::Internal("curl_init_failed");
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json; charset=utf-8");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Discard);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  switch (rc) {
    case CURLE_OK:
      return static_cast<int>(status);
    case CURLE_OPERATION_TIMEDOUT:
      return Status::Unavailable("timeout");
    case CURLE_COULDNT_CONNECT:
      return Status::Unavailable("connect_failed");
    case CURLE_COULDNT_RESOLVE_HOST:
      return Status::Unavailable("resolve_failed");
    default:
      return Status::Unavailable("send_failed");
  }
}

WorkflowClock::WorkflowClock(service::WorkflowService& workflow, std::function<void()> every_sweep)
    : workflow_(workflow), every_sweep_(std::move(every_sweep)) {}

WorkflowClock::~WorkflowClock() {
  Stop();
}

void WorkflowClock::Start() {
  thread_ = std::thread([this] { Run(); });
}

void WorkflowClock::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
    if (every_sweep_) every_sweep_();
  }
}

void WorkflowClock::Run() {
  using namespace std::chrono;
  const milliseconds sweep_every(workflow_.options().clocks.sweep_interval_ms);
  const milliseconds tick = std::min<milliseconds>(sweep_every, seconds(1));
  auto next_sweep = steady_clock::now();
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    if (steady_clock::now() >= next_sweep) {
      next_sweep = steady_clock::now() + sweep_every;
      if (every_sweep_) every_sweep_();
      auto swept = workflow_.Sweep();
      if (!swept.ok()) {
        spdlog::error(R"({{"event":"sweep_failed","reason":"{}"}})", swept.status().message());
      } else if (swept->accept_overdue + swept->done_overdue > 0) {
        spdlog::info(R"({{"event":"tasks_overdue","accept":{},"done":{}}})", swept->accept_overdue,
                     swept->done_overdue);
      }
    }
    auto delivered = workflow_.DeliverWebhooks(&PostWebhook);
    if (!delivered.ok())
      spdlog::error(R"({{"event":"webhook_delivery_failed","reason":"{}"}})",
                    delivered.status().message());
    lock.lock();
    cv_.wait_for(lock, tick, [this] { return stopping_; });
  }
}

}  // namespace shouhu
