#include <spdlog/async.h>
#include <spdlog/formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <chrono>

#include "app/runtime.h"
#include "core/clock.h"

namespace shouhu {
namespace {

namespace json = boost::json;

// Formats every record as one JSON line: {"time","level","logger","data":{...}} when the message
// is itself a JSON object (structured events), else {"time","level","logger","msg":"..."} with the
// text escaped. Call sites log event names, ids and codes only — never personal data.
class JsonLineFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    json::object line{{"time", FormatUtc(millis)},
                      {"level", std::string_view(spdlog::level::to_string_view(msg.level).data(),
                                                 spdlog::level::to_string_view(msg.level).size())}};
    boost::system::error_code ec;
    json::value data;
    if (!payload.empty() && payload.front() == '{') data = json::parse(payload, ec);
    if (!ec && data.is_object()) {
      line["data"] = std::move(data);
    } else {
      line["msg"] = payload;
    }
    const std::string text = json::serialize(line);
    dest.append(text.data(), text.data() + text.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonLineFormatter>();
  }
};

}  // namespace

void SetUpLogging(const Config& config) {
  // Asynchronous, so a request never waits on the terminal or the disk; the queue blocks rather
  // than drops when full, so no line is lost.
  constexpr size_t kQueue = 8192;
  spdlog::init_thread_pool(kQueue, 1);
  std::shared_ptr<spdlog::logger> logger;
  if (config.log_file.empty()) {
    logger = spdlog::stderr_logger_mt<spdlog::async_factory>("shouhu");
  } else {
    logger = spdlog::basic_logger_mt<spdlog::async_factory>("shouhu", config.log_file);
  }
  logger->set_formatter(std::make_unique<JsonLineFormatter>());
  logger->set_level(spdlog::level::from_str(config.log_level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace shouhu
