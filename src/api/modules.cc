#include "api/module.h"

#include <array>
#include <mutex>

namespace shouhu::api {

std::span<const Module* const> Modules() {
  // Register a module here, once.
  static const std::array<const Module*, 2> modules = {&AssistanceModule(), &PreventionModule()};
  return modules;
}

void InstallModules() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const Module* m : Modules()) {
      RegisterRouteActions(m->route_actions);
      security::RegisterPolicyRows(m->policy_rows);
    }
  });
}

const ErrorText* ModuleErrorText(std::string_view code) {
  for (const Module* m : Modules()) {
    for (const ErrorText& t : m->error_texts) {
      if (t.code == code) return &t;
    }
  }
  return nullptr;
}

}  // namespace shouhu::api
