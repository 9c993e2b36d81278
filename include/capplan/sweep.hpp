// A sweep re-plans the same inputs with one or more numbers set to each value of a grid
// (`capplan sweep --set DOC:POINTER=FROM:TO:STEP`) and reports, per point, the objective,
// unmet tokens, provider shares and the dual of each swept limit. Points are numbered from 0
// in grid order, the first axis varying slowest.
//
// Determinism: every point is solved from the same start, whatever the thread count or shard:
// point 0 from scratch, every other point warm-started from point 0's bases (or from scratch
// with `warm_start = false`). The result of a point is therefore a function of the point
// alone, bit for bit, and shards merge into exactly the unsharded result. (Chaining warm
// starts from point to point would be faster but lands on different ones of several equally
// cheap plans depending on where a chain begins, so shares would depend on -j and shards.)
//
// Units: objective_usd (USD), unmet_tokens (tokens over the horizon), share_fractions (of
// served tokens over the horizon); duals in the unit `dual_unit()` names.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "capplan/error.hpp"
#include "capplan/inputs.hpp"
#include "capplan/render.hpp"

namespace capplan {

// What the dual of a swept number is, read from its pointer.
enum class SweepDualKind {
  kNone,             // no limit the plan reports a dual for
  kShareMax,         // policy /provider_share/P/max: USD per percentage point raised
  kShareMin,         // policy /provider_share/P/min: USD per percentage point lowered
  kRegionPower,      // catalog /regions/R/power_mw[/K/value]: USD per MW
  kCommitmentPower,  // catalog /commitments/C/power_mw[/K/value]: USD per MW
  // catalog /offerings/O/price_per_chip_hour[/K/value]: chip-hours used (USD per $1/chip-hour);
  // none when the offering's take-or-pay usage sits at its minimum in a year it is used.
  kPrice,
};

// One --set: the number at `pointer` in `document` takes FROM, FROM+STEP, ... up to TO.
struct SweepAxis {
  std::string document;  // catalog | demand | policy
  std::string pointer;   // RFC 6901
  double from = 0, to = 0, step = 0;

  std::string target() const;  // "policy:/provider_share/aws/max"
  // FROM + k·STEP for k = 0, 1, ... while k ≤ (TO−FROM)/STEP + 1e-9, each rounded to 12
  // significant digits (so 0.1 steps read 0.3, not 0.30000000000000004).
  std::vector<double> values() const;
  std::size_t size() const;

  SweepDualKind dual_kind() const;
  const char* dual_unit() const;    // "usd_per_pp" | "usd_per_mw" | "chip_hours" | "" (none)
  std::string dual_entity() const;  // P, R, C or O of the pointer; "" when none
  int dual_step() const;            // K of a /K/value pointer, -1 for the whole schedule

  bool operator==(const SweepAxis& other) const = default;
};

// Parses DOC:POINTER=FROM:TO:STEP. Throws UsageError saying the expected form, when STEP ≤ 0
// or FROM > TO.
SweepAxis parse_sweep_axis(const std::string& text);

inline constexpr std::size_t kMaxSweepPoints = 1000000;

struct SweepSpec {
  std::vector<SweepAxis> axes;

  std::size_t point_count() const;                            // product of the axes' sizes
  std::vector<double> point_values(std::size_t point) const;  // one per axis

  bool operator==(const SweepSpec& other) const = default;
};

// The axes of several --set. Throws UsageError when none is given, a target is set twice or
// the grid has more than kMaxSweepPoints points.
SweepSpec make_sweep_spec(const std::vector<std::string>& sets);

// Shard I of N (1 ≤ I ≤ N) holds the points with point % N == I − 1.
struct SweepShard {
  int index = 1;
  int count = 1;
  bool holds(std::size_t point) const {
    return point % static_cast<std::size_t>(count) == static_cast<std::size_t>(index - 1);
  }
  bool operator==(const SweepShard& other) const = default;
};

// Parses "I/N". Throws UsageError.
SweepShard parse_sweep_shard(const std::string& text);

// `base` with one ValueOverride per axis for the point (origin "--set DOC:POINTER").
InputSources sweep_point_sources(const InputSources& base, const SweepSpec& spec,
                                 std::size_t point);

struct SweepRow {
  std::size_t point = 0;
  std::vector<double> values;                // one per axis
  PlanStatus status = PlanStatus::kOptimal;  // kOptimal | kInfeasible
  // Absent when infeasible.
  std::optional<double> objective_usd;
  // Real tokens not served over the horizon (plan_figures): the tokens the unmet penalty is
  // charged for, the same total allocate and compare report.
  std::optional<double> unmet_tokens;
  std::map<std::string, double> share_fractions;  // provider -> of served tokens over the horizon
  // One per axis: what relaxing the swept limit by one unit is worth over the horizon (see
  // SweepDualKind), absent when the axis has no dual or the point is infeasible.
  std::vector<std::optional<double>> duals;

  bool operator==(const SweepRow& other) const = default;
};

struct SweepResult {
  SweepSpec spec;
  std::string scenario = "base";
  std::map<std::string, std::string> input_hashes;  // of the inputs before the sweep's --set
  std::vector<std::string> providers;               // catalog providers, in id order
  std::optional<SweepShard> shard;                  // set in a shard file
  std::vector<SweepRow> rows;                       // ascending point

  bool operator==(const SweepResult& other) const = default;
};

struct SweepOptions {
  int threads = 0;          // 0 = hardware concurrency; points are split into contiguous chunks
  bool warm_start = true;   // warm-start each point from point 0's bases
  double time_limit_s = 0;  // per plan, 0 = none
  std::optional<SweepShard> shard;
  // Called after each solved point with (points done, points to do); calls are serialised.
  std::function<void(std::size_t, std::size_t)> progress;
};

// Loads the inputs without the sweep (their warnings go to *warnings), checks the --set
// pointers on the first point and on every corner of the grid (InputError naming the --set),
// then solves the points (all, or the shard's). An infeasible point is a row with status
// "infeasible". Throws SolverError, naming the point, when the solver fails or a plan fails
// verification.
SweepResult run_sweep(const InputSources& base, const SweepSpec& spec, const SweepOptions& options,
                      std::vector<Diagnostic>* warnings = nullptr);

// JSON (schema capplan.sweep/v1), deterministic bytes; numbers in shortest round-trip form.
std::string sweep_to_json(const SweepResult& result);
// Reads what sweep_to_json wrote. Throws InputError naming `file_name` and the pointer.
SweepResult sweep_from_json(const std::string& text, const std::string& file_name);

// Merges shard files (name, content) of one sweep into the unsharded result. Throws
// InputError naming the file that belongs to another sweep (spec, scenario, providers or
// input hashes differ), or listing the points missing or held more than once.
SweepResult merge_sweeps(const std::vector<std::pair<std::string, SweepResult>>& parts);

// table | markdown | csv | json. The same result always gives the same bytes.
void render_sweep(const SweepResult& result, Format format, std::ostream& out);

}  // namespace capplan
