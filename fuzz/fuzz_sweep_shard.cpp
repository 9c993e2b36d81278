// Fuzz target: a sweep file or shard (capplan.sweep/v1) as `capplan sweep --merge` reads it.
// sweep_from_json may throw only InputError; a file it accepts must render in every format,
// and merging it alone may fail only with InputError (points missing from a shard).
#include <sstream>
#include <utility>
#include <vector>

#include "capplan/render.hpp"
#include "capplan/sweep.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace capplan;
  SweepResult result;
  try {
    result = sweep_from_json(fuzz::text_of(data, size), "shard.json");
  } catch (const InputError&) {
    return 0;
  }
  std::ostringstream out;
  for (Format format : {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown})
    render_sweep(result, format, out);
  try {
    (void)merge_sweeps({{"shard.json", result}});
  } catch (const InputError&) {
  }
  return 0;
}
