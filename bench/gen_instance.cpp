// capplan_gen: writes a synthetic planning instance (catalog.json, demand.json, policy.json)
// of a named size to a directory, for bench/run.sh.
//
//   capplan_gen --size S|M|L --out DIR [--seed N] [--months N] [--survive F]
//               [--onboarding-hours H]
//
// --months overrides the size's horizon; --survive sets survive_provider_loss (contingency
// routing for the loss of each provider) and --onboarding-hours the policy's onboarding_hours
// (couples consecutive periods); both are off by default.
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>

#include "instance_gen.hpp"

namespace {

bool preset(const std::string& name, capplan::instances::InstanceSize* s) {
  if (name == "S") {
    *s = capplan::instances::InstanceSize{};
    return true;
  }
  if (name == "M") {  // ≈ 100k columns
    s->providers = 5, s->regions_per_provider = 4, s->accelerators = 6, s->offerings_per_region = 5;
    s->models = 4, s->geos = 3, s->slices_per_model_geo = 4, s->months = 36;
    return true;
  }
  if (name == "L") {  // ≈ 1M columns
    s->providers = 8, s->regions_per_provider = 6, s->accelerators = 8, s->offerings_per_region = 6;
    s->models = 5, s->geos = 4, s->slices_per_model_geo = 4, s->months = 72;
    return true;
  }
  return false;
}

bool write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  std::string size = "S", dir;
  capplan::instances::InstanceSize s;
  unsigned long long seed = 1;
  int months = 0;
  double survive = 0.0, onboarding_hours = 0.0;
  bool ok = argc % 2 == 1;
  try {
    for (int i = 1; ok && i + 1 < argc; i += 2) {
      if (std::strcmp(argv[i], "--size") == 0)
        size = argv[i + 1];
      else if (std::strcmp(argv[i], "--out") == 0)
        dir = argv[i + 1];
      else if (std::strcmp(argv[i], "--seed") == 0)
        seed = std::stoull(argv[i + 1]);
      else if (std::strcmp(argv[i], "--months") == 0)
        months = std::stoi(argv[i + 1]);
      else if (std::strcmp(argv[i], "--survive") == 0)
        survive = std::stod(argv[i + 1]);
      else if (std::strcmp(argv[i], "--onboarding-hours") == 0)
        onboarding_hours = std::stod(argv[i + 1]);
      else
        ok = false;
    }
  } catch (const std::exception&) {
    ok = false;
  }
  if (!ok || dir.empty() || !preset(size, &s) || months < 0 || survive < 0.0 || survive > 1.0 ||
      onboarding_hours < 0.0) {
    std::cerr << "usage: capplan_gen --size S|M|L --out DIR [--seed N] [--months N] "
                 "[--survive F] [--onboarding-hours H]\n";
    return 2;
  }
  s.seed = seed;
  if (months > 0) s.months = months;
  s.survive_provider_loss = survive;
  s.onboarding_hours = onboarding_hours;
  const capplan::instances::InstanceDocs docs = capplan::instances::generate_instance(s);
  if (!write(dir + "/catalog.json", docs.catalog) || !write(dir + "/demand.json", docs.demand) ||
      !write(dir + "/policy.json", docs.policy)) {
    std::cerr << "capplan_gen: cannot write to " << dir << "\n";
    return 5;
  }
  return 0;
}
