#include "core/util/crash_point.h"

#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace certkeep {
namespace {

struct Plan {
  long kill_at = 0;  // 0: never
  bool trace = false;
};

Plan read_plan() {
  Plan plan;
  if (const char* at = std::getenv("CERTKEEP_CRASH_AT")) plan.kill_at = std::strtol(at, nullptr, 10);
  if (const char* trace = std::getenv("CERTKEEP_CRASH_TRACE")) plan.trace = std::string(trace) == "1";
  return plan;
}

}  // namespace

void crash_point(const char* name) {
  static const Plan plan = read_plan();
  static std::atomic<long> count{0};
  if (plan.kill_at == 0 && !plan.trace) return;
  const long n = ++count;
  if (plan.trace) (void)std::fprintf(stderr, "crash point %ld: %s\n", n, name);
  if (n == plan.kill_at) (void)::raise(SIGKILL);
}

}  // namespace certkeep
