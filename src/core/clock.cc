#include "core/clock.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace shouhu {

std::string FormatUtc(int64_t millis) {
  const TimePoint tp{std::chrono::milliseconds(millis)};
  const auto secs = std::chrono::floor<std::chrono::seconds>(tp);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", secs, static_cast<int>(millis % 1000));
}

}  // namespace shouhu
