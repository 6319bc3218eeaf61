// Clock: the one source of "now" for deadlines, sessions and audit times. Injected everywhere so
// tests use SettableClock. SystemClock and SettableClock are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace shouhu {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  int64_t NowMillis() const { return Now().time_since_epoch().count(); }
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
  }
};

// A clock tests move by hand.
class SettableClock final : public Clock {
 public:
  explicit SettableClock(int64_t millis = 1'767'225'600'000) : millis_(millis) {}  // 2026-01-01
  TimePoint Now() const override { return TimePoint(std::chrono::milliseconds(millis_.load())); }
  void Set(int64_t millis) { millis_.store(millis); }
  void Advance(std::chrono::milliseconds d) { millis_.fetch_add(d.count()); }

 private:
  std::atomic<int64_t> millis_;
};

// "2026-01-01T00:00:00.000Z"
std::string FormatUtc(int64_t millis);

}  // namespace shouhu
