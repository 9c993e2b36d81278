// capplan sweep, the grid: --set specs (DOC:POINTER=FROM:TO:STEP), the points of their grid,
// what the dual of each swept number is, --shard and the inputs of one point.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <set>

#include "capplan/sweep.hpp"
#include "json_util.hpp"

namespace capplan {

namespace {

constexpr const char* kSetForm =
    "expected DOC:POINTER=FROM:TO:STEP with DOC catalog, demand or policy, e.g. "
    "policy:/provider_share/aws/max=0.4:0.8:0.05";

// `v` rounded to 12 significant digits, through text so the result is the double nearest to
// the decimal (0.1·3 gives 0.3).
double round12(double v) {
  char buffer[64];
  const auto written =
      std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::general, 12);
  double rounded = v;
  std::from_chars(buffer, written.ptr, rounded);
  return rounded == 0.0 ? 0.0 : rounded;  // no -0
}

std::optional<double> parse_number(const std::string& text) {
  double v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

// A step index token ("0", "12"), or -1.
int step_index(const std::string& token) {
  int k = -1;
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, k);
  return !token.empty() && ec == std::errc() && ptr == end && k >= 0 ? k : -1;
}

struct DualTarget {
  SweepDualKind kind = SweepDualKind::kNone;
  std::string entity;
  int step = -1;
};

DualTarget classify(const SweepAxis& axis) {
  const std::vector<std::string> t =
      pointer_tokens(axis.pointer).value_or(std::vector<std::string>{});
  if (axis.document == "policy" && t.size() == 3 && t[0] == "provider_share") {
    if (t[2] == "max") return {SweepDualKind::kShareMax, t[1], -1};
    if (t[2] == "min") return {SweepDualKind::kShareMin, t[1], -1};
    return {};
  }
  if (axis.document != "catalog" || t.size() < 3) return {};
  // NAME or NAME/K/value: a whole (constant) schedule, or one of its steps.
  int step = -1;
  if (t.size() == 5 && t[4] == "value") {
    step = step_index(t[3]);
    if (step < 0) return {};
  } else if (t.size() != 3) {
    return {};
  }
  if (t[0] == "regions" && t[2] == "power_mw") return {SweepDualKind::kRegionPower, t[1], step};
  if (t[0] == "commitments" && t[2] == "power_mw")
    return {SweepDualKind::kCommitmentPower, t[1], step};
  if (t[0] == "offerings" && t[2] == "price_per_chip_hour")
    return {SweepDualKind::kPrice, t[1], step};
  return {};
}

std::string set_error(const std::string& text, const std::string& what) {
  return "--set \"" + text + "\": " + what;
}

}  // namespace

std::string SweepAxis::target() const { return document + ":" + pointer; }

std::size_t SweepAxis::size() const {
  if (!(step > 0) || from > to) return 0;
  const double steps = std::floor((to - from) / step + 1e-9);
  if (!(steps < static_cast<double>(kMaxSweepPoints))) return kMaxSweepPoints + 1;
  return static_cast<std::size_t>(steps) + 1;
}

std::vector<double> SweepAxis::values() const {
  std::vector<double> out;
  const std::size_t n = size();
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k) out.push_back(round12(from + static_cast<double>(k) * step));
  return out;
}

SweepDualKind SweepAxis::dual_kind() const { return classify(*this).kind; }
std::string SweepAxis::dual_entity() const { return classify(*this).entity; }
int SweepAxis::dual_step() const { return classify(*this).step; }

const char* SweepAxis::dual_unit() const {
  switch (dual_kind()) {
    case SweepDualKind::kShareMax:
    case SweepDualKind::kShareMin:
      return "usd_per_pp";
    case SweepDualKind::kRegionPower:
    case SweepDualKind::kCommitmentPower:
      return "usd_per_mw";
    case SweepDualKind::kPrice:
      return "chip_hours";
    case SweepDualKind::kNone:
      break;
  }
  return "";
}

SweepAxis parse_sweep_axis(const std::string& text) {
  const std::size_t colon = text.find(':');
  const std::size_t equals = text.rfind('=');
  if (colon == std::string::npos || equals == std::string::npos || equals < colon)
    throw UsageError(set_error(text, kSetForm));
  SweepAxis axis;
  axis.document = text.substr(0, colon);
  axis.pointer = text.substr(colon + 1, equals - colon - 1);
  const std::string range = text.substr(equals + 1);
  if (axis.document != "catalog" && axis.document != "demand" && axis.document != "policy")
    throw UsageError(set_error(text, "unknown document \"" + axis.document + "\"; " + kSetForm));
  if (axis.pointer.empty() || axis.pointer[0] != '/')
    throw UsageError(set_error(
        text, "POINTER must be a JSON pointer starting with \"/\"; " + std::string(kSetForm)));
  std::vector<std::string> parts;
  for (std::size_t pos = 0;;) {
    const std::size_t next = range.find(':', pos);
    parts.push_back(range.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  if (parts.size() != 3) throw UsageError(set_error(text, kSetForm));
  const char* names[] = {"FROM", "TO", "STEP"};
  double numbers[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    const auto v = parse_number(parts[i]);
    if (!v)
      throw UsageError(set_error(
          text, std::string(names[i]) + " \"" + parts[i] + "\" is not a number; " + kSetForm));
    numbers[i] = *v;
  }
  axis.from = numbers[0];
  axis.to = numbers[1];
  axis.step = numbers[2];
  if (axis.step <= 0)
    throw UsageError(
        set_error(text, "STEP must be greater than 0, got " + format_number(axis.step)));
  if (axis.from > axis.to)
    throw UsageError(set_error(text, "FROM (" + format_number(axis.from) +
                                         ") is greater than TO (" + format_number(axis.to) + ")"));
  return axis;
}

std::size_t SweepSpec::point_count() const {
  if (axes.empty()) return 0;
  std::size_t n = 1;
  for (const SweepAxis& a : axes) {
    const std::size_t size = a.size();
    if (size == 0) return 0;
    if (n > kMaxSweepPoints / size) return kMaxSweepPoints + 1;
    n *= size;
  }
  return n;
}

std::vector<double> SweepSpec::point_values(std::size_t point) const {
  std::vector<double> out(axes.size());
  for (std::size_t i = axes.size(); i-- > 0;) {
    const std::size_t size = axes[i].size();
    const std::size_t k = point % size;
    point /= size;
    out[i] = round12(axes[i].from + static_cast<double>(k) * axes[i].step);
  }
  return out;
}

SweepSpec make_sweep_spec(const std::vector<std::string>& sets) {
  if (sets.empty()) throw UsageError("--set: at least one is required; " + std::string(kSetForm));
  SweepSpec spec;
  std::set<std::string> targets;
  for (const std::string& text : sets) {
    SweepAxis axis = parse_sweep_axis(text);
    if (!targets.insert(axis.target()).second)
      throw UsageError("--set " + axis.target() + ": given more than once");
    spec.axes.push_back(std::move(axis));
  }
  const std::size_t n = spec.point_count();
  if (n > kMaxSweepPoints)
    throw UsageError(
        fmt::format("--set: the sweep has more than {} points; use larger steps", kMaxSweepPoints));
  return spec;
}

SweepShard parse_sweep_shard(const std::string& text) {
  const std::string form = "--shard \"" + text + "\": expected I/N with 1 <= I <= N, e.g. 2/8";
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) throw UsageError(form);
  SweepShard shard;
  const std::string i = text.substr(0, slash), n = text.substr(slash + 1);
  const auto [pi, ei] = std::from_chars(i.data(), i.data() + i.size(), shard.index);
  const auto [pn, en] = std::from_chars(n.data(), n.data() + n.size(), shard.count);
  if (i.empty() || n.empty() || ei != std::errc() || en != std::errc() ||
      pi != i.data() + i.size() || pn != n.data() + n.size() || shard.index < 1 ||
      shard.count < shard.index)
    throw UsageError(form);
  return shard;
}

InputSources sweep_point_sources(const InputSources& base, const SweepSpec& spec,
                                 std::size_t point) {
  InputSources sources = base;
  const std::vector<double> values = spec.point_values(point);
  for (std::size_t i = 0; i < spec.axes.size(); ++i) {
    const SweepAxis& a = spec.axes[i];
    sources.overrides.push_back({a.document, a.pointer, values[i], "--set " + a.target()});
  }
  return sources;
}

}  // namespace capplan
