#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "app/runtime.h"

namespace shouhu {

// Every log line is one JSON object: {"time","level","data":{...}}. Messages are written as JSON
// objects by their call sites and carry event names, ids and codes only — never personal data.
void SetUpLogging(const Config& config) {
  std::shared_ptr<spdlog::logger> logger;
  if (config.log_file.empty()) {
    logger = spdlog::stderr_logger_mt("shouhu");
  } else {
    logger = spdlog::basic_logger_mt("shouhu", config.log_file);
  }
  logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","data":%v})",
                      spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(config.log_level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace shouhu
