// capplan catalog [accelerators|offerings|commitments]: what can be bought, with the figures a
// planner compares — $/chip-hour, $ per 1M tokens per model class, tokens/s per facility MW,
// chips per GW — in the style of `sky show-gpus`.
//
// Derived figures (computed here from the catalog alone, independent of the planner):
//   kw_facility_per_chip = all_in_kw(accelerator) × pue(region)
//   chips_per_gw         = 1e6 / kw_facility_per_chip
//   usd_per_mtok         = price_per_chip_hour / (tokens_per_s × 3600) × 1e6   (full throughput)
//   usd_per_mtok_planned = usd_per_mtok / utilization_target                  (as plans run)
//   tokens_per_s_per_mw  = tokens_per_s × 1000 / kw_facility_per_chip
// A price is read at --at (default: the demand start); an offering not offered yet at that
// month shows its first price and the month it starts (FROM). A figure that rests on an
// estimate is marked; an unknown one is absent (null in JSON, empty in CSV, "—" in tables),
// never 0.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "capplan/inputs.hpp"
#include "capplan/text_table.hpp"
#include "cli/app.hpp"
#include "cli/cli_util.hpp"

namespace capplan::cli {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kAbsent = "—";

// --- Estimates and their notes -----------------------------------------------------------------

// Where an estimate comes from. Price and commitment notes are printed in full under a table;
// the others are summarised by id unless --notes is given.
enum class NoteKind { kPrice, kCommitment, kThroughput, kAcceleratorPower, kPue, kSpec };

struct Note {
  NoteKind kind;
  std::string subject;  // "offering azure-cus-maia200"
  std::string id;       // "azure-cus-maia200" (for a throughput entry: the accelerator id)
  std::string text;     // the provenance note
  std::string line() const { return subject + ": " + text; }
};

// Which output fields of one row rest on an estimate, and the notes that explain them.
struct Marks {
  std::vector<std::string> fields;
  std::vector<Note> notes;

  void field(const std::string& name) {
    if (!has(name)) fields.push_back(name);
  }
  void mark(const std::string& name, NoteKind kind, const std::string& subject_kind,
            const std::string& id, const Provenance& p) {
    field(name);
    Note note{kind, subject_kind + " " + id, id, p.note.empty() ? "(no note given)" : p.note};
    for (const Note& n : notes) {
      if (n.subject == note.subject) return;
    }
    notes.push_back(std::move(note));
  }
  bool has(const std::string& name) const {
    return std::find(fields.begin(), fields.end(), name) != fields.end();
  }
};

bool estimated_any(const Provenance& p, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (p.is_estimated(name)) return true;
  }
  return false;
}

bool price_estimated(const Offering& o) {
  return estimated_any(o.provenance, {"price_per_chip_hour", "price_usd_per_chip_hour"});
}
bool power_estimated(const Accelerator& a) { return estimated_any(a.provenance, {"all_in_kw"}); }
bool pue_estimated(const Region& r) { return estimated_any(r.provenance, {"pue"}); }

// --- Derived figures ---------------------------------------------------------------------------

struct PriceAt {
  std::optional<double> usd_per_chip_hour;
  std::optional<Month> from;  // set when not offered at the month asked: the first price's month
};

PriceAt price_at(const Schedule& schedule, Month at) {
  if (const auto value = schedule.at(at)) return {*value, std::nullopt};
  if (!schedule.is_constant && !schedule.steps.empty() && at < schedule.steps.front().from) {
    return {schedule.steps.front().value, schedule.steps.front().from};
  }
  return {};
}

const Throughput* find_throughput(const Catalog& catalog, int accelerator, int model) {
  for (const Throughput& t : catalog.throughput) {
    if (t.accelerator == accelerator && t.model == model) return &t;
  }
  return nullptr;
}

struct ModelFigures {
  std::optional<double> tokens_per_s;
  std::optional<double> usd_per_mtok;
  std::optional<double> usd_per_mtok_planned;
  std::optional<double> tokens_per_s_per_mw;
};

// What the per-model figures of one row are computed from.
struct Basis {
  int accelerator = -1;
  std::optional<double> price;           // $/chip-hour, absent when not offered
  const Offering* priced_by = nullptr;   // the offering the price is read from
  std::optional<double> kw_facility;     // per chip; absent when no region offers it
  bool kw_estimated = false;             // all_in_kw or PUE is an estimate
};

// Per model class figures; estimates are marked under "<model>.<field>".
std::vector<ModelFigures> model_figures(const Inputs& inputs, const Basis& basis, Marks* marks) {
  const Catalog& catalog = inputs.catalog;
  const bool price_estimate = basis.priced_by != nullptr && price_estimated(*basis.priced_by);
  std::vector<ModelFigures> out(catalog.models.size());
  for (std::size_t m = 0; m < catalog.models.size(); ++m) {
    const Throughput* t = find_throughput(catalog, basis.accelerator, static_cast<int>(m));
    if (t == nullptr || t->tokens_per_s <= 0) continue;
    const std::string& model = catalog.models[m].id;
    const bool tps_estimate = !t->provenance.estimated.empty();
    auto mark_tps = [&](const std::string& field) {
      marks->mark(model + "." + field, NoteKind::kThroughput, "throughput",
                  catalog.accelerators[basis.accelerator].id + "/" + model, t->provenance);
    };
    ModelFigures& f = out[m];
    f.tokens_per_s = t->tokens_per_s;
    if (tps_estimate) mark_tps("tokens_per_s");
    if (basis.price) {
      f.usd_per_mtok = *basis.price / (t->tokens_per_s * 3600.0) * 1e6;
      if (inputs.policy.utilization_target > 0) {
        f.usd_per_mtok_planned = *f.usd_per_mtok / inputs.policy.utilization_target;
      }
      if (tps_estimate) mark_tps("usd_per_mtok");
      if (price_estimate) {
        marks->mark(model + ".usd_per_mtok", NoteKind::kPrice, "offering", basis.priced_by->id,
                    basis.priced_by->provenance);
      }
      if (tps_estimate || price_estimate) marks->field(model + ".usd_per_mtok_planned");
    }
    if (basis.kw_facility && *basis.kw_facility > 0) {
      f.tokens_per_s_per_mw = t->tokens_per_s * 1000.0 / *basis.kw_facility;
      if (tps_estimate) mark_tps("tokens_per_s_per_mw");
      if (basis.kw_estimated) marks->field(model + ".tokens_per_s_per_mw");
    }
  }
  return out;
}

// Marks the accelerator's power and the regions' PUE when they are estimates; true if any is.
bool mark_power(const Catalog& catalog, int a, const std::set<int>& regions,
                const std::string& field, Marks* marks) {
  const Accelerator& acc = catalog.accelerators[a];
  bool estimate = false;
  if (power_estimated(acc)) {
    marks->mark(field, NoteKind::kAcceleratorPower, "accelerator", acc.id, acc.provenance);
    estimate = true;
  }
  for (const int r : regions) {
    if (!pue_estimated(catalog.regions[r])) continue;
    marks->mark(field, NoteKind::kPue, "region", catalog.regions[r].id,
                catalog.regions[r].provenance);
    estimate = true;
  }
  return estimate;
}

struct AcceleratorRow {
  int index = -1;
  std::optional<double> typical_pue;
  std::optional<double> kw_facility;
  std::optional<double> chips_per_gw;
  int cheapest_offering = -1;
  PriceAt price;
  std::vector<ModelFigures> models;
  Marks marks;
};

// The offering of accelerator `a` to price it by: the cheapest at `at` among those that can be
// bought then (on demand, or under a commitment active at `at`); failing that, the cheapest
// priced at `at` under a commitment not active then; failing that, the lowest first price among
// those offered later. Ties go to the lower id.
int cheapest_offering(const Catalog& catalog, int a, Month at) {
  int best = -1;
  int best_tier = 0;
  double best_price = 0;
  for (std::size_t o = 0; o < catalog.offerings.size(); ++o) {
    const Offering& offering = catalog.offerings[o];
    if (offering.accelerator != a) continue;
    const PriceAt p = price_at(offering.price_usd_per_chip_hour, at);
    if (!p.usd_per_chip_hour) continue;
    const bool buyable =
        offering.commitment < 0 || catalog.commitments[offering.commitment].active_at(at);
    const int tier = p.from ? 2 : (buyable ? 0 : 1);
    if (best < 0 || tier < best_tier ||
        (tier == best_tier && *p.usd_per_chip_hour < best_price)) {
      best = static_cast<int>(o);
      best_tier = tier;
      best_price = *p.usd_per_chip_hour;
    }
  }
  return best;
}

AcceleratorRow accelerator_row(const Inputs& inputs, int a, Month at) {
  const Catalog& catalog = inputs.catalog;
  const Accelerator& acc = catalog.accelerators[a];
  AcceleratorRow row;
  row.index = a;
  if (power_estimated(acc)) {
    row.marks.mark("all_in_kw", NoteKind::kAcceleratorPower, "accelerator", acc.id,
                   acc.provenance);
  }
  if (estimated_any(acc.provenance, {"hbm_gb"})) {
    row.marks.mark("hbm_gb", NoteKind::kSpec, "accelerator", acc.id, acc.provenance);
  }
  if (estimated_any(acc.provenance, {"peak_tflops", "peak_tflops.fp8", "peak_tflops/fp8"})) {
    row.marks.mark("peak_fp8_tflops", NoteKind::kSpec, "accelerator", acc.id, acc.provenance);
  }

  // Typical PUE: the mean over the distinct regions that offer the accelerator.
  std::set<int> regions;
  for (const Offering& o : catalog.offerings) {
    if (o.accelerator == a) regions.insert(o.region);
  }
  Basis basis;
  basis.accelerator = a;
  if (!regions.empty()) {
    double sum = 0;
    for (const int r : regions) sum += catalog.regions[r].pue;
    row.typical_pue = sum / static_cast<double>(regions.size());
    for (const int r : regions) {
      if (pue_estimated(catalog.regions[r])) {
        row.marks.mark("typical_pue", NoteKind::kPue, "region", catalog.regions[r].id,
                       catalog.regions[r].provenance);
      }
    }
  }
  if (row.typical_pue && acc.all_in_kw > 0) {
    row.kw_facility = acc.all_in_kw * *row.typical_pue;
    row.chips_per_gw = 1e6 / *row.kw_facility;
    basis.kw_facility = row.kw_facility;
    basis.kw_estimated = mark_power(catalog, a, regions, "chips_per_gw", &row.marks);
  }

  row.cheapest_offering = cheapest_offering(catalog, a, at);
  if (row.cheapest_offering >= 0) {
    basis.priced_by = &catalog.offerings[row.cheapest_offering];
    row.price = price_at(basis.priced_by->price_usd_per_chip_hour, at);
    basis.price = row.price.usd_per_chip_hour;
    if (price_estimated(*basis.priced_by)) {
      row.marks.mark("price_usd_per_chip_hour", NoteKind::kPrice, "offering",
                     basis.priced_by->id, basis.priced_by->provenance);
    }
  }
  row.models = model_figures(inputs, basis, &row.marks);
  return row;
}

struct OfferingRow {
  int index = -1;
  PriceAt price;
  double kw_facility = 0;
  std::optional<double> chips_per_gw;
  std::vector<ModelFigures> models;
  Marks marks;
};

OfferingRow offering_row(const Inputs& inputs, int o, Month at) {
  const Catalog& catalog = inputs.catalog;
  const Offering& offering = catalog.offerings[o];
  const Accelerator& acc = catalog.accelerators[offering.accelerator];
  const Region& region = catalog.regions[offering.region];
  OfferingRow row;
  row.index = o;
  row.price = price_at(offering.price_usd_per_chip_hour, at);
  if (price_estimated(offering) && row.price.usd_per_chip_hour) {
    row.marks.mark("price_usd_per_chip_hour", NoteKind::kPrice, "offering", offering.id,
                   offering.provenance);
  }
  Basis basis;
  basis.accelerator = offering.accelerator;
  basis.price = row.price.usd_per_chip_hour;
  basis.priced_by = &offering;
  row.kw_facility = acc.all_in_kw * region.pue;
  if (row.kw_facility > 0) {
    row.chips_per_gw = 1e6 / row.kw_facility;
    basis.kw_facility = row.kw_facility;
    basis.kw_estimated =
        mark_power(catalog, offering.accelerator, {offering.region}, "chips_per_gw", &row.marks);
  }
  row.models = model_figures(inputs, basis, &row.marks);
  return row;
}

// --- Formatting --------------------------------------------------------------------------------

// `value` rounded half away from zero to `decimals` places, rounding the shortest decimal
// form that reads back as `value` (so 2.235 shows as 2.24, as a person would round it).
std::string fixed(double value, int decimals) {
  std::string digits = fmt::format("{}", std::fabs(value));
  if (digits.find_first_of("eE") != std::string::npos) return fmt::format("{:.{}f}", value, decimals);
  std::size_t dot = digits.find('.');
  if (dot == std::string::npos) {
    digits += '.';
    dot = digits.size() - 1;
  }
  digits.append(static_cast<std::size_t>(decimals) + 1, '0');
  const bool round_up = digits[dot + static_cast<std::size_t>(decimals) + 1] >= '5';
  digits.resize(dot + static_cast<std::size_t>(decimals) + 1);
  if (decimals == 0) digits.pop_back();  // no trailing '.'
  if (round_up) {
    std::size_t i = digits.size();
    bool carry = true;
    while (carry && i-- > 0) {
      if (digits[i] == '.') continue;
      if (digits[i] == '9') {
        digits[i] = '0';
      } else {
        ++digits[i];
        carry = false;
      }
    }
    if (carry) digits.insert(digits.begin(), '1');
  }
  const bool zero = digits.find_first_not_of("0.") == std::string::npos;
  return (value < 0 && !zero ? "-" : "") + digits;
}

std::string with_commas(double value) {
  std::string digits = fixed(value, 0);
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

// About three significant digits, without exponent notation.
std::string short_number(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude >= 1000) return with_commas(value);
  if (magnitude >= 100) return fixed(value, 0);
  if (magnitude >= 10) return fixed(value, 1);
  if (magnitude >= 0.1 || magnitude == 0) return fixed(value, 2);
  return fixed(value, 3);
}

std::string money(double usd) {
  const double magnitude = std::fabs(usd);
  if (magnitude >= 1e9) return "$" + fixed(usd / 1e9, 1) + "B";
  if (magnitude >= 1e6) return "$" + fixed(usd / 1e6, 1) + "M";
  return "$" + with_commas(usd);
}

// A table cell: the formatted value, "*" when it rests on an estimate, "—" when absent.
std::string cell(const std::optional<double>& value, std::string (*format)(double),
                 bool estimated = false) {
  if (!value) return kAbsent;
  return format(*value) + (estimated ? "*" : "");
}

std::optional<double> scaled(const std::optional<double>& value, double factor) {
  return value ? std::optional<double>(*value * factor) : std::nullopt;
}

// Shortest text that reads back to the same double; "" when absent.
std::string full(const std::optional<double>& value) {
  return value ? fmt::format("{}", *value) : std::string();
}

Json json_number(const std::optional<double>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json json_month(const std::optional<Month>& month) {
  return month ? Json(month->to_string()) : Json(nullptr);
}

Json schedule_json(const Schedule& schedule) {
  if (schedule.is_constant) return schedule.constant;
  Json steps = Json::array();
  for (const ScheduleStep& s : schedule.steps) {
    steps.push_back(Json{{"from", s.from.to_string()}, {"value", s.value}});
  }
  return steps;
}

const char* status_name(CommitmentStatus status) {
  switch (status) {
    case CommitmentStatus::kSigned:
      return "signed";
    case CommitmentStatus::kTalks:
      return "talks";
    case CommitmentStatus::kLapsed:
      return "lapsed";
  }
  return "signed";
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

std::vector<std::string> note_lines(const Marks& marks) {
  std::vector<std::string> lines;
  for (const Note& n : marks.notes) lines.push_back(n.line());
  return lines;
}

// In right-aligned columns where some cells carry "*", pad the others so digits line up.
void align_estimate_marks(TextTable* table) {
  for (std::size_t c = 0; c < table->columns.size(); ++c) {
    if (!table->columns[c].right_aligned) continue;
    bool any = false;
    for (const auto& row : table->rows) any = any || (!row[c].empty() && row[c].back() == '*');
    if (!any) continue;
    for (auto& row : table->rows) {
      if (row[c].empty() || row[c].back() != '*') row[c] += ' ';
    }
  }
}

// `prefix` then the words of `text`, wrapped at `width` columns; continuation lines start with
// `indent`.
std::string wrap(const std::string& prefix, const std::string& text, std::size_t width,
                 const std::string& indent) {
  std::string out;
  std::string line = prefix;
  bool line_has_word = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (line_has_word && display_width(line) + 1 + display_width(word) > width) {
      out += line + "\n";
      line = indent;
      line_has_word = false;
    }
    if (line_has_word) line += ' ';
    line += word;
    line_has_word = true;
  }
  return out + line + "\n";
}

struct TextOptions {
  Format format = Format::kTable;
  bool all_notes = false;  // --notes
};

// The lines under a table: what the columns mean, then the estimates. Price and commitment
// notes are printed in full; the others are listed by id unless all notes are asked for.
std::string footer(const std::vector<std::string>& explanations,
                   const std::vector<const Marks*>& rows, const TextOptions& options) {
  constexpr std::size_t kWidth = 100;
  const bool markdown = options.format == Format::kMarkdown;
  const std::string bullet = markdown ? "- " : "  ";
  std::string out = "\n";
  for (const std::string& line : explanations) out += wrap("", line, kWidth, "");

  std::vector<const Note*> notes;
  std::set<std::string> seen;
  for (const Marks* marks : rows) {
    for (const Note& n : marks->notes) {
      if (seen.insert(n.subject).second) notes.push_back(&n);
    }
  }
  if (notes.empty()) return out;
  std::stable_sort(notes.begin(), notes.end(), [](const Note* a, const Note* b) {
    return a->kind != b->kind ? a->kind < b->kind : a->subject < b->subject;
  });
  out += markdown ? "\n\\* estimate: see note\n\n" : "* estimate: see note\n";
  std::map<NoteKind, std::vector<std::string>> summarised;
  for (const Note* n : notes) {
    if (options.all_notes || n->kind == NoteKind::kPrice || n->kind == NoteKind::kCommitment) {
      out += wrap(bullet, n->line(), kWidth, "    ");
      continue;
    }
    std::string id = n->id;
    if (n->kind == NoteKind::kThroughput) id = id.substr(0, id.find('/'));
    auto& ids = summarised[n->kind];
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  if (!summarised.empty()) {
    std::vector<std::string> parts;
    auto part = [&](NoteKind kind, const char* what) {
      const auto it = summarised.find(kind);
      if (it != summarised.end()) parts.push_back(std::string(what) + " " + join(it->second, ", "));
    };
    part(NoteKind::kThroughput, "tokens/s per chip of");
    part(NoteKind::kAcceleratorPower, "all-in kW of");
    part(NoteKind::kPue, "PUE of");
    part(NoteKind::kSpec, "specs of");
    out += wrap(bullet, "also estimated (--notes shows the derivations): " + join(parts, "; "),
                kWidth, "    ");
  }
  return out;
}

std::string render_text(TextTable table, const std::string& footer_text, Format format) {
  drop_empty_columns(&table);
  align_estimate_marks(&table);
  return (format == Format::kMarkdown ? render_markdown(table) : render_aligned(table)) +
         footer_text;
}

Json header_json(const Inputs& inputs, const char* view, std::optional<Month> at) {
  Json out{{"schema", "capplan.catalog-view/v1"}, {"view", view}, {"scenario", inputs.scenario}};
  if (at) {
    out["at"] = at->to_string();
    out["utilization_target"] = inputs.policy.utilization_target;
  }
  return out;
}

Json models_json(const Catalog& catalog, const std::vector<ModelFigures>& figures) {
  Json models = Json::object();
  for (std::size_t m = 0; m < catalog.models.size(); ++m) {
    const ModelFigures& f = figures[m];
    models[catalog.models[m].id] =
        Json{{"tokens_per_s", json_number(f.tokens_per_s)},
             {"usd_per_mtok", json_number(f.usd_per_mtok)},
             {"usd_per_mtok_planned", json_number(f.usd_per_mtok_planned)},
             {"tokens_per_s_per_mw", json_number(f.tokens_per_s_per_mw)}};
  }
  return models;
}

void add_model_csv_columns(const Catalog& catalog, TextTable* table) {
  for (const auto& model : catalog.models) {
    for (const char* f :
         {"tokens_per_s", "usd_per_mtok", "usd_per_mtok_planned", "tokens_per_s_per_mw"}) {
      table->add_column(model.id + "." + f);
    }
  }
}

void add_model_csv_cells(const std::vector<ModelFigures>& figures,
                         std::vector<std::string>* cells) {
  for (const ModelFigures& f : figures) {
    cells->push_back(full(f.tokens_per_s));
    cells->push_back(full(f.usd_per_mtok));
    cells->push_back(full(f.usd_per_mtok_planned));
    cells->push_back(full(f.tokens_per_s_per_mw));
  }
}

void add_model_text_columns(const Catalog& catalog, TextTable* table) {
  for (const auto& model : catalog.models) table->add_column(model.id, true, "$/MTOK");
  for (const auto& model : catalog.models) table->add_column(model.id, true, "MTOK/S PER MW");
}

void add_model_text_cells(const Catalog& catalog, const std::vector<ModelFigures>& figures,
                          const Marks& marks, std::vector<std::string>* cells) {
  for (std::size_t m = 0; m < catalog.models.size(); ++m) {
    cells->push_back(cell(figures[m].usd_per_mtok, short_number,
                          marks.has(catalog.models[m].id + ".usd_per_mtok")));
  }
  for (std::size_t m = 0; m < catalog.models.size(); ++m) {
    cells->push_back(cell(scaled(figures[m].tokens_per_s_per_mw, 1e-6), short_number,
                          marks.has(catalog.models[m].id + ".tokens_per_s_per_mw")));
  }
}

std::string price_explanation(const Inputs& inputs, Month at, const char* where) {
  return fmt::format(
      "$/CHIP-H: price at {}{}; FROM: the month a price not yet offered starts. $/MTOK = $/CHIP-H "
      "/ (tokens/s per chip × 3600) × 1e6 at full sustained throughput (plans run at "
      "utilization {}, i.e. ÷ {}). MTOK/S PER MW: million tokens/s per facility MW.",
      at.to_string(), where, inputs.policy.utilization_target,
      inputs.policy.utilization_target);
}

// --- Views -------------------------------------------------------------------------------------

std::string accelerators_view(const Inputs& inputs, Month at, const TextOptions& options) {
  const Catalog& catalog = inputs.catalog;
  std::vector<AcceleratorRow> rows;
  for (std::size_t a = 0; a < catalog.accelerators.size(); ++a) {
    rows.push_back(accelerator_row(inputs, static_cast<int>(a), at));
  }
  auto cheapest_id = [&](const AcceleratorRow& row) {
    return row.cheapest_offering >= 0 ? catalog.offerings[row.cheapest_offering].id
                                      : std::string();
  };

  if (options.format == Format::kJson) {
    Json out = header_json(inputs, "accelerators", at);
    Json list = Json::array();
    for (const AcceleratorRow& row : rows) {
      const Accelerator& acc = catalog.accelerators[row.index];
      list.push_back(Json{
          {"id", acc.id},
          {"name", acc.name},
          {"vendor", acc.vendor},
          {"hbm_gb", json_number(acc.hbm_gb)},
          {"peak_fp8_tflops", json_number(acc.peak_tflops.fp8)},
          {"all_in_kw", acc.all_in_kw},
          {"available_from", json_month(acc.available_from)},
          {"typical_pue", json_number(row.typical_pue)},
          {"chips_per_gw", json_number(row.chips_per_gw)},
          {"cheapest_offering", row.cheapest_offering >= 0 ? Json(cheapest_id(row)) : Json()},
          {"price_usd_per_chip_hour", json_number(row.price.usd_per_chip_hour)},
          {"price_from", json_month(row.price.from)},
          {"models", models_json(catalog, row.models)},
          {"estimated", row.marks.fields},
          {"notes", note_lines(row.marks)}});
    }
    out["accelerators"] = std::move(list);
    return out.dump(2) + "\n";
  }

  TextTable table;
  if (options.format == Format::kCsv) {
    for (const char* h : {"id", "name", "vendor", "hbm_gb", "peak_fp8_tflops", "all_in_kw",
                          "typical_pue", "chips_per_gw", "cheapest_offering",
                          "price_usd_per_chip_hour", "price_from"}) {
      table.add_column(h);
    }
    add_model_csv_columns(catalog, &table);
    table.add_column("estimated");
    table.add_column("notes");
    for (const AcceleratorRow& row : rows) {
      const Accelerator& acc = catalog.accelerators[row.index];
      std::vector<std::string> cells = {acc.id,
                                        acc.name,
                                        acc.vendor,
                                        full(acc.hbm_gb),
                                        full(acc.peak_tflops.fp8),
                                        full(acc.all_in_kw),
                                        full(row.typical_pue),
                                        full(row.chips_per_gw),
                                        cheapest_id(row),
                                        full(row.price.usd_per_chip_hour),
                                        row.price.from ? row.price.from->to_string() : ""};
      add_model_csv_cells(row.models, &cells);
      cells.push_back(join(row.marks.fields, ";"));
      cells.push_back(join(note_lines(row.marks), " | "));
      table.add_row(std::move(cells));
    }
    return render_csv(table);
  }

  table.add_column("ACCELERATOR");
  table.add_column("NAME");
  table.add_column("VENDOR");
  table.add_column("HBM_GB", true);
  table.add_column("FP8_TFLOPS", true);
  table.add_column("ALL_IN_KW", true);
  table.add_column("CHIPS/GW", true);
  table.add_column("$/CHIP-H", true);
  table.add_column("FROM");
  add_model_text_columns(catalog, &table);
  std::vector<const Marks*> marks;
  for (const AcceleratorRow& row : rows) {
    const Accelerator& acc = catalog.accelerators[row.index];
    const Marks& k = row.marks;
    std::vector<std::string> cells = {
        acc.id,
        acc.name,
        acc.vendor,
        cell(acc.hbm_gb, with_commas, k.has("hbm_gb")),
        cell(acc.peak_tflops.fp8, with_commas, k.has("peak_fp8_tflops")),
        cell(acc.all_in_kw > 0 ? std::optional<double>(acc.all_in_kw) : std::nullopt,
             short_number, k.has("all_in_kw")),
        cell(row.chips_per_gw, with_commas, k.has("chips_per_gw")),
        cell(row.price.usd_per_chip_hour, short_number, k.has("price_usd_per_chip_hour")),
        row.price.from ? row.price.from->to_string() : ""};
    add_model_text_cells(catalog, row.models, k, &cells);
    table.add_row(std::move(cells));
    marks.push_back(&k);
  }
  return render_text(
      std::move(table),
      footer({price_explanation(inputs, at,
                                " at the accelerator's cheapest offering that can be bought then"),
              "CHIPS/GW and MTOK/S PER MW use all-in kW per chip × the mean PUE of the regions "
              "offering the accelerator. — = unknown, not offered or cannot serve."},
             marks, options),
      options.format);
}

std::string commitment_label(const Catalog& catalog, int c) {
  if (c < 0) return "on-demand";
  const Commitment& commitment = catalog.commitments[c];
  if (commitment.status == CommitmentStatus::kSigned) return commitment.id;
  return commitment.id + " (" + status_name(commitment.status) + ")";
}

std::string offerings_view(const Inputs& inputs, Month at, const TextOptions& options) {
  const Catalog& catalog = inputs.catalog;
  std::vector<OfferingRow> rows;
  for (std::size_t o = 0; o < catalog.offerings.size(); ++o) {
    rows.push_back(offering_row(inputs, static_cast<int>(o), at));
  }
  auto provider_id = [&](const Offering& o) {
    const int p = catalog.regions[o.region].provider;
    return p >= 0 ? catalog.providers[p].id : std::string();
  };

  if (options.format == Format::kJson) {
    Json out = header_json(inputs, "offerings", at);
    Json list = Json::array();
    for (const OfferingRow& row : rows) {
      const Offering& o = catalog.offerings[row.index];
      const Region& region = catalog.regions[o.region];
      const Commitment* c = o.commitment >= 0 ? &catalog.commitments[o.commitment] : nullptr;
      list.push_back(Json{
          {"id", o.id},
          {"provider", provider_id(o)},
          {"region", region.id},
          {"geo", region.geo},
          {"pue", region.pue},
          {"accelerator", catalog.accelerators[o.accelerator].id},
          {"commitment", c ? Json(c->id) : Json()},
          {"commitment_status", c ? Json(status_name(c->status)) : Json()},
          {"price_usd_per_chip_hour", json_number(row.price.usd_per_chip_hour)},
          {"price_from", json_month(row.price.from)},
          {"price_schedule", schedule_json(o.price_usd_per_chip_hour)},
          {"max_chips", o.max_chips ? schedule_json(*o.max_chips) : Json()},
          {"kw_facility_per_chip", row.kw_facility},
          {"chips_per_gw", json_number(row.chips_per_gw)},
          {"models", models_json(catalog, row.models)},
          {"estimated", row.marks.fields},
          {"notes", note_lines(row.marks)}});
    }
    out["offerings"] = std::move(list);
    return out.dump(2) + "\n";
  }

  TextTable table;
  if (options.format == Format::kCsv) {
    for (const char* h : {"id", "provider", "region", "geo", "pue", "accelerator", "commitment",
                          "commitment_status", "price_usd_per_chip_hour", "price_from",
                          "kw_facility_per_chip", "chips_per_gw"}) {
      table.add_column(h);
    }
    add_model_csv_columns(catalog, &table);
    table.add_column("estimated");
    table.add_column("notes");
    for (const OfferingRow& row : rows) {
      const Offering& o = catalog.offerings[row.index];
      const Region& region = catalog.regions[o.region];
      const Commitment* c = o.commitment >= 0 ? &catalog.commitments[o.commitment] : nullptr;
      std::vector<std::string> cells = {o.id,
                                        provider_id(o),
                                        region.id,
                                        region.geo,
                                        full(region.pue),
                                        catalog.accelerators[o.accelerator].id,
                                        c ? c->id : "",
                                        c ? status_name(c->status) : "",
                                        full(row.price.usd_per_chip_hour),
                                        row.price.from ? row.price.from->to_string() : "",
                                        full(row.kw_facility),
                                        full(row.chips_per_gw)};
      add_model_csv_cells(row.models, &cells);
      cells.push_back(join(row.marks.fields, ";"));
      cells.push_back(join(note_lines(row.marks), " | "));
      table.add_row(std::move(cells));
    }
    return render_csv(table);
  }

  table.add_column("OFFERING");
  table.add_column("PROVIDER");
  table.add_column("REGION");
  table.add_column("ACCELERATOR");
  table.add_column("COMMITMENT");
  table.add_column("$/CHIP-H", true);
  table.add_column("FROM");
  add_model_text_columns(catalog, &table);
  table.add_column("CHIPS/GW", true);
  std::vector<const Marks*> marks;
  for (const OfferingRow& row : rows) {
    const Offering& o = catalog.offerings[row.index];
    const Marks& k = row.marks;
    std::vector<std::string> cells = {
        o.id,
        provider_id(o),
        catalog.regions[o.region].id,
        catalog.accelerators[o.accelerator].id,
        commitment_label(catalog, o.commitment),
        cell(row.price.usd_per_chip_hour, short_number, k.has("price_usd_per_chip_hour")),
        row.price.from ? row.price.from->to_string() : ""};
    add_model_text_cells(catalog, row.models, k, &cells);
    cells.push_back(cell(row.chips_per_gw, with_commas, k.has("chips_per_gw")));
    table.add_row(std::move(cells));
    marks.push_back(&k);
  }
  return render_text(
      std::move(table),
      footer({price_explanation(inputs, at, ""),
              "CHIPS/GW and MTOK/S PER MW use all-in kW per chip × the region's PUE. Only "
              "offerings under a signed commitment (or on-demand) give capacity. — = unknown, "
              "not offered or cannot serve."},
             marks, options),
      options.format);
}

std::optional<double> first_step(const std::optional<Schedule>& s) {
  if (!s) return std::nullopt;
  if (s->is_constant) return s->constant;
  if (s->steps.empty()) return std::nullopt;
  return s->steps.front().value;
}

std::optional<double> last_step(const std::optional<Schedule>& s) {
  if (!s) return std::nullopt;
  if (s->is_constant) return s->constant;
  if (s->steps.empty()) return std::nullopt;
  return s->steps.back().value;
}

std::string power_range(const std::optional<Schedule>& power_mw) {
  const auto first = first_step(power_mw);
  const auto last = last_step(power_mw);
  if (!first || !last) return kAbsent;
  if (*first == *last) return with_commas(*first);
  return with_commas(*first) + " → " + with_commas(*last);
}

// The first source (sources are joined by "; "), shortened for a table cell.
std::string short_source(const std::string& source) {
  constexpr std::size_t kMax = 60;
  if (source.empty()) return kAbsent;
  std::string first = source.substr(0, source.find("; "));
  const bool more = first.size() < source.size();
  if (display_width(first) > kMax) {
    std::size_t cut = 0;
    std::size_t width = 0;
    while (cut < first.size() && width < kMax - 1) {
      ++cut;
      while (cut < first.size() && (static_cast<unsigned char>(first[cut]) & 0xC0) == 0x80) ++cut;
      ++width;
    }
    first = first.substr(0, cut) + "…";
  }
  return more ? first + " (+)" : first;
}

Marks commitment_marks(const Commitment& c) {
  Marks marks;
  auto mark = [&](const char* field, std::initializer_list<const char*> names) {
    if (estimated_any(c.provenance, names)) {
      marks.mark(field, NoteKind::kCommitment, "commitment", c.id, c.provenance);
    }
  };
  mark("power_mw", {"power_mw"});
  mark("min_spend_usd_per_year", {"min_spend_usd_per_year"});
  mark("start", {"start"});
  mark("end", {"end"});
  return marks;
}

std::string commitments_view(const Inputs& inputs, const TextOptions& options) {
  const Catalog& catalog = inputs.catalog;
  auto provider_id = [&](const Commitment& c) {
    return c.provider >= 0 ? catalog.providers[c.provider].id : std::string();
  };

  if (options.format == Format::kJson) {
    Json out = header_json(inputs, "commitments", std::nullopt);
    Json list = Json::array();
    for (const Commitment& c : catalog.commitments) {
      const Marks marks = commitment_marks(c);
      list.push_back(Json{{"id", c.id},
                          {"provider", provider_id(c)},
                          {"status", status_name(c.status)},
                          {"start", c.start.to_string()},
                          {"end", c.end.to_string()},
                          {"power_mw", c.power_mw ? schedule_json(*c.power_mw) : Json()},
                          {"min_spend_usd_per_year", json_number(c.min_spend_usd_per_year)},
                          {"source", c.provenance.source},
                          {"as_of", c.provenance.as_of},
                          {"estimated", marks.fields},
                          {"notes", note_lines(marks)}});
    }
    out["commitments"] = std::move(list);
    return out.dump(2) + "\n";
  }

  TextTable table;
  if (options.format == Format::kCsv) {
    for (const char* h : {"id", "provider", "status", "start", "end", "power_mw_first",
                          "power_mw_last", "min_spend_usd_per_year", "source", "as_of",
                          "estimated", "notes"}) {
      table.add_column(h);
    }
    for (const Commitment& c : catalog.commitments) {
      const Marks marks = commitment_marks(c);
      table.add_row({c.id, provider_id(c), status_name(c.status), c.start.to_string(),
                     c.end.to_string(), full(first_step(c.power_mw)), full(last_step(c.power_mw)),
                     full(c.min_spend_usd_per_year), c.provenance.source, c.provenance.as_of,
                     join(marks.fields, ";"), join(note_lines(marks), " | ")});
    }
    return render_csv(table);
  }

  table.add_column("COMMITMENT");
  table.add_column("PROVIDER");
  table.add_column("STATUS");
  table.add_column("TERM");
  table.add_column("POWER_MW", true);
  table.add_column("MIN_SPEND/YR", true);
  table.add_column("SOURCE");
  std::vector<Marks> all_marks;
  for (const Commitment& c : catalog.commitments) all_marks.push_back(commitment_marks(c));
  std::vector<const Marks*> marks;
  for (std::size_t i = 0; i < catalog.commitments.size(); ++i) {
    const Commitment& c = catalog.commitments[i];
    const Marks& k = all_marks[i];
    std::string power = power_range(c.power_mw);
    if (k.has("power_mw") && power != kAbsent) power += "*";
    std::string term = c.start.to_string() + ".." + c.end.to_string();
    if (k.has("start") || k.has("end")) term += "*";
    table.add_row({c.id, provider_id(c), status_name(c.status), term, power,
                   cell(c.min_spend_usd_per_year, money, k.has("min_spend_usd_per_year")),
                   short_source(c.provenance.source)});
    marks.push_back(&k);
  }
  return render_text(std::move(table),
                     footer({"POWER_MW: facility MW secured, first → last step (— = no limit "
                             "stated). MIN_SPEND/YR: take-or-pay per year. Only signed "
                             "commitments give capacity. (+): more sources in --format json."},
                            marks, options),
                     options.format);
}

// --- The command -------------------------------------------------------------------------------

struct CatalogOptions {
  std::string view = "accelerators";
  std::string format;
  std::string output;
  std::string at;
  bool notes = false;
  InputFlags inputs;
};

void run_catalog(const CatalogOptions& options, const GlobalOptions& global) {
  static const std::vector<std::string> kViews = {"accelerators", "offerings", "commitments"};
  if (std::find(kViews.begin(), kViews.end(), options.view) == kViews.end()) {
    throw UsageError("catalog: unknown view \"" + options.view + "\"" +
                     did_you_mean(options.view, kViews) +
                     "; expected accelerators, offerings or commitments");
  }
  TextOptions text_options;
  text_options.format = parse_format(options.format);
  text_options.all_notes = options.notes;
  std::optional<Month> at_flag;
  if (!options.at.empty()) {
    at_flag = Month::parse(options.at);
    if (!at_flag) throw UsageError("--at: expected a month YYYY-MM, got \"" + options.at + "\"");
  }

  std::vector<Diagnostic> warnings;
  const Inputs inputs = load_inputs(resolve_inputs(options.inputs), &warnings);
  print_diagnostics(warnings, global);
  const Month at = at_flag.value_or(inputs.demand.start);
  spdlog::debug("catalog view {} at {}: {} accelerators, {} offerings, {} commitments",
                options.view, at.to_string(), inputs.catalog.accelerators.size(),
                inputs.catalog.offerings.size(), inputs.catalog.commitments.size());

  std::string text;
  if (options.view == "accelerators") text = accelerators_view(inputs, at, text_options);
  if (options.view == "offerings") text = offerings_view(inputs, at, text_options);
  if (options.view == "commitments") text = commitments_view(inputs, text_options);
  write_output(options.output, text);
}

}  // namespace

void add_catalog_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<CatalogOptions>();
  CLI::App* cmd = app.add_subcommand(
      "catalog",
      "Show what can be bought: accelerators (default), offerings or commitments, with "
      "$/chip-hour, $ per 1M tokens, tokens/s per MW and chips per GW");
  cmd->add_option("view", options->view, "accelerators (default), offerings or commitments")
      ->type_name("VIEW");
  add_format_option(*cmd, &options->format,
                    {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown});
  add_output_option(*cmd, &options->output);
  cmd->add_option("--at", options->at, "Month prices are read at (default: the demand start)")
      ->type_name("YYYY-MM");
  cmd->add_flag("--notes", options->notes,
                "Print every estimate's derivation under the table (default: prices and "
                "commitments in full, the rest by id)");
  add_input_options(*cmd, &options->inputs);
  cmd->callback([options, &global] { run_catalog(*options, global); });
}

}  // namespace capplan::cli
