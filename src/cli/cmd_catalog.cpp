// capplan catalog [accelerators|offerings|commitments]: what can be bought, with the figures a
// planner compares — $/chip-hour, $ per 1M tokens per model class, tokens/s per facility MW,
// chips per GW — in the style of `sky show-gpus`.
//
// Derived figures (computed here, independent of the planner):
//   kw_facility        = all_in_kw(accelerator) × pue(region)
//   chips_per_gw       = 1e6 / kw_facility
//   usd_per_mtok       = price_per_chip_hour / (tokens_per_s × 3600) × 1e6   (full throughput)
//   usd_per_mtok_planned = usd_per_mtok / utilization_target                (as the plan runs it)
//   tokens_per_s_per_mw = tokens_per_s × 1000 / kw_facility
// A price is read at --at (default: the demand start); an offering not offered yet at that
// month shows its first price and the month it starts. A figure that depends on an estimate
// is marked; an unknown one is absent (null, empty, "—"), never 0.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "capplan/inputs.hpp"
#include "cli/app.hpp"
#include "cli/cli_util.hpp"
#include "cli/table.hpp"

namespace capplan::cli {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kAbsent = "—";

// --- Derived figures -------------------------------------------------------------------------

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

// Which output fields of a row rest on an estimate, and the notes that explain them.
struct Marks {
  std::vector<std::string> fields;
  std::vector<std::string> notes;  // "subject: note"

  void mark(const std::string& field, const std::string& subject, const Provenance& p) {
    if (!has(field)) fields.push_back(field);
    if (!p.note.empty()) {
      const std::string line = subject + ": " + p.note;
      if (std::find(notes.begin(), notes.end(), line) == notes.end()) notes.push_back(line);
    }
  }
  bool has(const std::string& field) const {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
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

const Throughput* find_throughput(const Catalog& catalog, int accelerator, int model) {
  for (const Throughput& t : catalog.throughput) {
    if (t.accelerator == accelerator && t.model == model) return &t;
  }
  return nullptr;
}

std::string throughput_subject(const Catalog& c, const Throughput& t) {
  return "throughput " + c.accelerators[t.accelerator].id + "/" + c.models[t.model].id;
}

struct ModelFigures {
  std::optional<double> tokens_per_s;
  std::optional<double> usd_per_mtok;
  std::optional<double> usd_per_mtok_planned;
  std::optional<double> tokens_per_s_per_mw;
};

// Per model class figures for accelerator `a` at `price` (may be absent) and facility kW per
// chip (absent when no region offers the accelerator). Marks estimates under "<model>.<field>".
std::vector<ModelFigures> model_figures(const Inputs& inputs, int a, std::optional<double> price,
                                        bool price_is_estimate, const Offering* priced_by,
                                        std::optional<double> kw_facility, bool kw_is_estimate,
                                        Marks* marks) {
  const Catalog& catalog = inputs.catalog;
  std::vector<ModelFigures> out(catalog.models.size());
  for (std::size_t m = 0; m < catalog.models.size(); ++m) {
    const Throughput* t = find_throughput(catalog, a, static_cast<int>(m));
    if (t == nullptr || t->tokens_per_s <= 0) continue;
    const std::string& model = catalog.models[m].id;
    const bool tps_estimate = !t->provenance.estimated.empty();
    ModelFigures& f = out[m];
    f.tokens_per_s = t->tokens_per_s;
    if (tps_estimate) marks->mark(model + ".tokens_per_s", throughput_subject(catalog, *t), t->provenance);
    if (price) {
      f.usd_per_mtok = *price / (t->tokens_per_s * 3600.0) * 1e6;
      if (inputs.policy.utilization_target > 0) {
        f.usd_per_mtok_planned = *f.usd_per_mtok / inputs.policy.utilization_target;
      }
      if (tps_estimate || price_is_estimate) {
        if (tps_estimate) {
          marks->mark(model + ".usd_per_mtok", throughput_subject(catalog, *t), t->provenance);
        }
        if (price_is_estimate) {
          marks->mark(model + ".usd_per_mtok", "offering " + priced_by->id, priced_by->provenance);
        }
        marks->mark(model + ".usd_per_mtok_planned", "", Provenance{});
      }
    }
    if (kw_facility && *kw_facility > 0) {
      f.tokens_per_s_per_mw = t->tokens_per_s * 1000.0 / *kw_facility;
      if (tps_estimate || kw_is_estimate) {
        if (tps_estimate) {
          marks->mark(model + ".tokens_per_s_per_mw", throughput_subject(catalog, *t),
                      t->provenance);
        } else {
          marks->mark(model + ".tokens_per_s_per_mw", "", Provenance{});
        }
      }
    }
  }
  return out;
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

// The offering of accelerator `a` with the lowest price at `at`; when none is offered at `at`,
// the one with the lowest first price among those offered later. Ties go to the lower id.
int cheapest_offering(const Catalog& catalog, int a, Month at) {
  int best = -1;
  PriceAt best_price;
  for (std::size_t o = 0; o < catalog.offerings.size(); ++o) {
    const Offering& offering = catalog.offerings[o];
    if (offering.accelerator != a) continue;
    const PriceAt p = price_at(offering.price_usd_per_chip_hour, at);
    if (!p.usd_per_chip_hour) continue;
    const bool now = !p.from.has_value();
    const bool best_now = best >= 0 && !best_price.from.has_value();
    if (best < 0 || (now && !best_now) ||
        (now == best_now && *p.usd_per_chip_hour < *best_price.usd_per_chip_hour)) {
      best = static_cast<int>(o);
      best_price = p;
    }
  }
  return best;
}

AcceleratorRow accelerator_row(const Inputs& inputs, int a, Month at) {
  const Catalog& catalog = inputs.catalog;
  const Accelerator& acc = catalog.accelerators[a];
  AcceleratorRow row;
  row.index = a;
  if (power_estimated(acc)) row.marks.mark("all_in_kw", "accelerator " + acc.id, acc.provenance);
  if (estimated_any(acc.provenance, {"hbm_gb"})) {
    row.marks.mark("hbm_gb", "accelerator " + acc.id, acc.provenance);
  }
  if (estimated_any(acc.provenance, {"peak_tflops", "peak_tflops.fp8", "peak_tflops/fp8"})) {
    row.marks.mark("peak_fp8_tflops", "accelerator " + acc.id, acc.provenance);
  }

  // Typical PUE: the mean over the distinct regions that offer the accelerator.
  std::set<int> regions;
  for (const Offering& o : catalog.offerings) {
    if (o.accelerator == a) regions.insert(o.region);
  }
  bool pue_estimate = false;
  if (!regions.empty()) {
    double sum = 0;
    for (const int r : regions) {
      sum += catalog.regions[r].pue;
      if (pue_estimated(catalog.regions[r])) {
        pue_estimate = true;
        row.marks.mark("typical_pue", "region " + catalog.regions[r].id,
                       catalog.regions[r].provenance);
      }
    }
    row.typical_pue = sum / static_cast<double>(regions.size());
  }
  const bool kw_estimate = pue_estimate || power_estimated(acc);
  if (row.typical_pue && acc.all_in_kw > 0) {
    row.kw_facility = acc.all_in_kw * *row.typical_pue;
    row.chips_per_gw = 1e6 / *row.kw_facility;
    if (kw_estimate) row.marks.mark("chips_per_gw", "", Provenance{});
  }

  row.cheapest_offering = cheapest_offering(catalog, a, at);
  const Offering* priced_by = nullptr;
  bool price_estimate = false;
  if (row.cheapest_offering >= 0) {
    priced_by = &catalog.offerings[row.cheapest_offering];
    row.price = price_at(priced_by->price_usd_per_chip_hour, at);
    price_estimate = price_estimated(*priced_by);
    if (price_estimate) {
      row.marks.mark("price_usd_per_chip_hour", "offering " + priced_by->id,
                     priced_by->provenance);
    }
  }
  row.models = model_figures(inputs, a, row.price.usd_per_chip_hour, price_estimate, priced_by,
                             row.kw_facility, kw_estimate, &row.marks);
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
  const bool price_estimate = price_estimated(offering);
  if (price_estimate && row.price.usd_per_chip_hour) {
    row.marks.mark("price_usd_per_chip_hour", "offering " + offering.id, offering.provenance);
  }
  const bool kw_estimate = power_estimated(acc) || pue_estimated(region);
  if (power_estimated(acc)) row.marks.mark("chips_per_gw", "accelerator " + acc.id, acc.provenance);
  if (pue_estimated(region)) row.marks.mark("chips_per_gw", "region " + region.id, region.provenance);
  row.kw_facility = acc.all_in_kw * region.pue;
  std::optional<double> kw;
  if (row.kw_facility > 0) {
    kw = row.kw_facility;
    row.chips_per_gw = 1e6 / row.kw_facility;
  }
  row.models = model_figures(inputs, offering.accelerator, row.price.usd_per_chip_hour,
                             price_estimate, &offering, kw, kw_estimate, &row.marks);
  return row;
}

// --- Formatting ------------------------------------------------------------------------------

std::string with_commas(double value) {
  const long long n = std::llround(value);
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// About three significant digits, without exponent notation.
std::string short_number(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude >= 1000) return with_commas(value);
  if (magnitude >= 100) return fmt::format("{:.0f}", value);
  if (magnitude >= 10) return fmt::format("{:.1f}", value);
  if (magnitude >= 0.1 || magnitude == 0) return fmt::format("{:.2f}", value);
  return fmt::format("{:.3f}", value);
}

std::string money(double usd) {
  const double magnitude = std::fabs(usd);
  if (magnitude >= 1e9) return fmt::format("${:.1f}B", usd / 1e9);
  if (magnitude >= 1e6) return fmt::format("${:.1f}M", usd / 1e6);
  return "$" + with_commas(usd);
}

// A table cell: the formatted value, "*" when it rests on an estimate, "—" when absent.
std::string cell(const std::optional<double>& value, std::string (*format)(double),
                 bool estimated = false) {
  if (!value) return kAbsent;
  return format(*value) + (estimated ? "*" : "");
}

// Shortest text that reads back to the same double.
std::string full(const std::optional<double>& value) {
  return value ? fmt::format("{}", *value) : std::string();
}

Json json_number(const std::optional<double>& value) {
  return value ? Json(*value) : Json(nullptr);
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

std::string render_text(const TextTable& table, Format format) {
  return format == Format::kMarkdown ? render_markdown(table) : render_aligned(table);
}

// Footer lines under a table: what the columns mean, then the estimate notes.
std::string footer(const std::vector<std::string>& lines, const std::vector<std::string>& notes,
                   Format format) {
  std::string out = "\n";
  for (const std::string& line : lines) out += line + "\n";
  if (!notes.empty()) {
    out += "* estimate: see note\n";
    for (const std::string& note : notes) {
      out += (format == Format::kMarkdown ? "- " : "  ") + note + "\n";
    }
  }
  return out;
}

void collect_notes(const Marks& marks, std::vector<std::string>* notes) {
  for (const std::string& n : marks.notes) {
    if (std::find(notes->begin(), notes->end(), n) == notes->end()) notes->push_back(n);
  }
}

Json marks_json(const Marks& marks) {
  return Json{{"estimated", marks.fields}, {"notes", marks.notes}};
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

Json header_json(const Inputs& inputs, const char* view, Month at) {
  return Json{{"schema", "capplan.catalog-view/v1"},
              {"view", view},
              {"scenario", inputs.scenario},
              {"at", at.to_string()},
              {"utilization_target", inputs.policy.utilization_target}};
}

std::string price_footer(const Inputs& inputs, Month at) {
  return fmt::format(
      "$/chip-h at {} (FROM: first month of a price not offered yet); $/Mtok = $/chip-h / "
      "(tokens/s per chip × 3600) × 1e6 at full throughput (plans run at utilization {})",
      at.to_string(), inputs.policy.utilization_target);
}

// --- Views -------------------------------------------------------------------------------------

std::string accelerators_view(const Inputs& inputs, Month at, Format format) {
  const Catalog& catalog = inputs.catalog;
  std::vector<AcceleratorRow> rows;
  for (std::size_t a = 0; a < catalog.accelerators.size(); ++a) {
    rows.push_back(accelerator_row(inputs, static_cast<int>(a), at));
  }

  if (format == Format::kJson) {
    Json out = header_json(inputs, "accelerators", at);
    Json list = Json::array();
    for (const AcceleratorRow& row : rows) {
      const Accelerator& acc = catalog.accelerators[row.index];
      Json models = Json::object();
      for (std::size_t m = 0; m < catalog.models.size(); ++m) {
        const ModelFigures& f = row.models[m];
        models[catalog.models[m].id] = Json{
            {"tokens_per_s", json_number(f.tokens_per_s)},
            {"usd_per_mtok", json_number(f.usd_per_mtok)},
            {"usd_per_mtok_planned", json_number(f.usd_per_mtok_planned)},
            {"tokens_per_s_per_mw", json_number(f.tokens_per_s_per_mw)}};
      }
      Json item{{"id", acc.id},
                {"name", acc.name},
                {"vendor", acc.vendor},
                {"hbm_gb", json_number(acc.hbm_gb)},
                {"peak_fp8_tflops", json_number(acc.peak_tflops.fp8)},
                {"all_in_kw", acc.all_in_kw},
                {"available_from",
                 acc.available_from ? Json(acc.available_from->to_string()) : Json(nullptr)},
                {"typical_pue", json_number(row.typical_pue)},
                {"chips_per_gw", json_number(row.chips_per_gw)},
                {"cheapest_offering", row.cheapest_offering >= 0
                                          ? Json(catalog.offerings[row.cheapest_offering].id)
                                          : Json(nullptr)},
                {"price_usd_per_chip_hour", json_number(row.price.usd_per_chip_hour)},
                {"price_from", row.price.from ? Json(row.price.from->to_string()) : Json(nullptr)},
                {"models", std::move(models)}};
      item.update(marks_json(row.marks));
      list.push_back(std::move(item));
    }
    out["accelerators"] = std::move(list);
    return out.dump(2) + "\n";
  }

  TextTable table;
  if (format == Format::kCsv) {
    for (const char* h : {"id", "name", "vendor", "hbm_gb", "peak_fp8_tflops", "all_in_kw",
                          "typical_pue", "chips_per_gw", "cheapest_offering",
                          "price_usd_per_chip_hour", "price_from"}) {
      table.add_column(h);
    }
    for (const auto& model : catalog.models) {
      for (const char* f :
           {"tokens_per_s", "usd_per_mtok", "usd_per_mtok_planned", "tokens_per_s_per_mw"}) {
        table.add_column(model.id + "." + f);
      }
    }
    table.add_column("estimated");
    table.add_column("notes");
    for (const AcceleratorRow& row : rows) {
      const Accelerator& acc = catalog.accelerators[row.index];
      std::vector<std::string> cells = {
          acc.id,
          acc.name,
          acc.vendor,
          full(acc.hbm_gb),
          full(acc.peak_tflops.fp8),
          full(acc.all_in_kw),
          full(row.typical_pue),
          full(row.chips_per_gw),
          row.cheapest_offering >= 0 ? catalog.offerings[row.cheapest_offering].id : "",
          full(row.price.usd_per_chip_hour),
          row.price.from ? row.price.from->to_string() : ""};
      for (const ModelFigures& f : row.models) {
        for (const auto* v : {&f.tokens_per_s, &f.usd_per_mtok, &f.usd_per_mtok_planned,
                              &f.tokens_per_s_per_mw}) {
          cells.push_back(full(*v));
        }
      }
      cells.push_back(join(row.marks.fields, ";"));
      cells.push_back(join(row.marks.notes, "; "));
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
  for (const auto& model : catalog.models) table.add_column("$/MTOK:" + model.id, true);
  for (const auto& model : catalog.models) table.add_column("MTOK/S/MW:" + model.id, true);
  std::vector<std::string> notes;
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
    for (std::size_t m = 0; m < catalog.models.size(); ++m) {
      cells.push_back(cell(row.models[m].usd_per_mtok, short_number,
                           k.has(catalog.models[m].id + ".usd_per_mtok")));
    }
    for (std::size_t m = 0; m < catalog.models.size(); ++m) {
      const auto& v = row.models[m].tokens_per_s_per_mw;
      cells.push_back(cell(v ? std::optional<double>(*v / 1e6) : std::nullopt, short_number,
                           k.has(catalog.models[m].id + ".tokens_per_s_per_mw")));
    }
    table.add_row(std::move(cells));
    collect_notes(k, &notes);
  }
  align_estimate_marks(&table);
  return render_text(table, format) +
         footer({price_footer(inputs, at) + "; at the cheapest offering",
                 "CHIPS/GW and MTOK/S/MW (million tokens/s) per facility MW: all-in kW per chip "
                 "× the mean PUE of the regions offering it; — = unknown or cannot serve"},
                notes, format);
}

std::string commitment_label(const Catalog& catalog, int c) {
  if (c < 0) return "on-demand";
  const Commitment& commitment = catalog.commitments[c];
  if (commitment.status == CommitmentStatus::kSigned) return commitment.id;
  return commitment.id + " (" + status_name(commitment.status) + ")";
}

std::string offerings_view(const Inputs& inputs, Month at, Format format) {
  const Catalog& catalog = inputs.catalog;
  std::vector<OfferingRow> rows;
  for (std::size_t o = 0; o < catalog.offerings.size(); ++o) {
    rows.push_back(offering_row(inputs, static_cast<int>(o), at));
  }
  auto provider_id = [&](const Offering& o) {
    const int p = catalog.regions[o.region].provider;
    return p >= 0 ? catalog.providers[p].id : std::string();
  };

  if (format == Format::kJson) {
    Json out = header_json(inputs, "offerings", at);
    Json list = Json::array();
    for (const OfferingRow& row : rows) {
      const Offering& o = catalog.offerings[row.index];
      const Region& region = catalog.regions[o.region];
      Json models = Json::object();
      for (std::size_t m = 0; m < catalog.models.size(); ++m) {
        const ModelFigures& f = row.models[m];
        models[catalog.models[m].id] = Json{
            {"tokens_per_s", json_number(f.tokens_per_s)},
            {"usd_per_mtok", json_number(f.usd_per_mtok)},
            {"usd_per_mtok_planned", json_number(f.usd_per_mtok_planned)},
            {"tokens_per_s_per_mw", json_number(f.tokens_per_s_per_mw)}};
      }
      Json item{
          {"id", o.id},
          {"provider", provider_id(o)},
          {"region", region.id},
          {"geo", region.geo},
          {"pue", region.pue},
          {"accelerator", catalog.accelerators[o.accelerator].id},
          {"commitment", o.commitment >= 0 ? Json(catalog.commitments[o.commitment].id)
                                           : Json(nullptr)},
          {"commitment_status",
           o.commitment >= 0 ? Json(status_name(catalog.commitments[o.commitment].status))
                             : Json(nullptr)},
          {"price_usd_per_chip_hour", json_number(row.price.usd_per_chip_hour)},
          {"price_from", row.price.from ? Json(row.price.from->to_string()) : Json(nullptr)},
          {"price_schedule", schedule_json(o.price_usd_per_chip_hour)},
          {"max_chips", o.max_chips ? schedule_json(*o.max_chips) : Json(nullptr)},
          {"kw_facility_per_chip", row.kw_facility},
          {"chips_per_gw", json_number(row.chips_per_gw)},
          {"models", std::move(models)}};
      item.update(marks_json(row.marks));
      list.push_back(std::move(item));
    }
    out["offerings"] = std::move(list);
    return out.dump(2) + "\n";
  }

  TextTable table;
  if (format == Format::kCsv) {
    for (const char* h : {"id", "provider", "region", "geo", "pue", "accelerator", "commitment",
                          "commitment_status", "price_usd_per_chip_hour", "price_from",
                          "kw_facility_per_chip", "chips_per_gw"}) {
      table.add_column(h);
    }
    for (const auto& model : catalog.models) {
      for (const char* f :
           {"tokens_per_s", "usd_per_mtok", "usd_per_mtok_planned", "tokens_per_s_per_mw"}) {
        table.add_column(model.id + "." + f);
      }
    }
    table.add_column("estimated");
    table.add_column("notes");
    for (const OfferingRow& row : rows) {
      const Offering& o = catalog.offerings[row.index];
      const Region& region = catalog.regions[o.region];
      std::vector<std::string> cells = {
          o.id,
          provider_id(o),
          region.id,
          region.geo,
          full(region.pue),
          catalog.accelerators[o.accelerator].id,
          o.commitment >= 0 ? catalog.commitments[o.commitment].id : "",
          o.commitment >= 0 ? status_name(catalog.commitments[o.commitment].status) : "",
          full(row.price.usd_per_chip_hour),
          row.price.from ? row.price.from->to_string() : "",
          full(row.kw_facility),
          full(row.chips_per_gw)};
      for (const ModelFigures& f : row.models) {
        for (const auto* v : {&f.tokens_per_s, &f.usd_per_mtok, &f.usd_per_mtok_planned,
                              &f.tokens_per_s_per_mw}) {
          cells.push_back(full(*v));
        }
      }
      cells.push_back(join(row.marks.fields, ";"));
      cells.push_back(join(row.marks.notes, "; "));
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
  for (const auto& model : catalog.models) table.add_column("$/MTOK:" + model.id, true);
  for (const auto& model : catalog.models) table.add_column("MTOK/S/MW:" + model.id, true);
  table.add_column("CHIPS/GW", true);
  std::vector<std::string> notes;
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
    for (std::size_t m = 0; m < catalog.models.size(); ++m) {
      cells.push_back(cell(row.models[m].usd_per_mtok, short_number,
                           k.has(catalog.models[m].id + ".usd_per_mtok")));
    }
    for (std::size_t m = 0; m < catalog.models.size(); ++m) {
      const auto& v = row.models[m].tokens_per_s_per_mw;
      cells.push_back(cell(v ? std::optional<double>(*v / 1e6) : std::nullopt, short_number,
                           k.has(catalog.models[m].id + ".tokens_per_s_per_mw")));
    }
    cells.push_back(cell(row.chips_per_gw, with_commas, k.has("chips_per_gw")));
    table.add_row(std::move(cells));
    collect_notes(k, &notes);
  }
  align_estimate_marks(&table);
  return render_text(table, format) +
         footer({price_footer(inputs, at),
                 "MTOK/S/MW (million tokens/s) and CHIPS/GW per facility MW: all-in kW per chip × "
                 "the region's PUE; — = unknown or cannot serve"},
                notes, format);
}

std::string power_range(const std::optional<Schedule>& power_mw) {
  if (!power_mw) return kAbsent;
  if (power_mw->is_constant) return with_commas(power_mw->constant);
  if (power_mw->steps.empty()) return kAbsent;
  const double first = power_mw->steps.front().value;
  const double last = power_mw->steps.back().value;
  if (power_mw->steps.size() == 1 || first == last) return with_commas(first);
  return with_commas(first) + " → " + with_commas(last);
}

std::string commitments_view(const Inputs& inputs, Format format) {
  const Catalog& catalog = inputs.catalog;
  auto provider_id = [&](const Commitment& c) {
    return c.provider >= 0 ? catalog.providers[c.provider].id : std::string();
  };
  auto marks_of = [](const Commitment& c) {
    Marks marks;
    if (estimated_any(c.provenance, {"power_mw"})) {
      marks.mark("power_mw", "commitment " + c.id, c.provenance);
    }
    if (estimated_any(c.provenance, {"min_spend_usd_per_year"})) {
      marks.mark("min_spend_usd_per_year", "commitment " + c.id, c.provenance);
    }
    return marks;
  };

  if (format == Format::kJson) {
    Json out{{"schema", "capplan.catalog-view/v1"},
             {"view", "commitments"},
             {"scenario", inputs.scenario}};
    Json list = Json::array();
    for (const Commitment& c : catalog.commitments) {
      Json item{{"id", c.id},
                {"provider", provider_id(c)},
                {"status", status_name(c.status)},
                {"start", c.start.to_string()},
                {"end", c.end.to_string()},
                {"power_mw", c.power_mw ? schedule_json(*c.power_mw) : Json(nullptr)},
                {"min_spend_usd_per_year", json_number(c.min_spend_usd_per_year)},
                {"source", c.provenance.source},
                {"as_of", c.provenance.as_of}};
      item.update(marks_json(marks_of(c)));
      list.push_back(std::move(item));
    }
    out["commitments"] = std::move(list);
    return out.dump(2) + "\n";
  }

  TextTable table;
  if (format == Format::kCsv) {
    for (const char* h : {"id", "provider", "status", "start", "end", "power_mw_first",
                          "power_mw_last", "min_spend_usd_per_year", "source", "as_of",
                          "estimated", "notes"}) {
      table.add_column(h);
    }
    for (const Commitment& c : catalog.commitments) {
      std::optional<double> first, last;
      if (c.power_mw && c.power_mw->is_constant) first = last = c.power_mw->constant;
      if (c.power_mw && !c.power_mw->is_constant && !c.power_mw->steps.empty()) {
        first = c.power_mw->steps.front().value;
        last = c.power_mw->steps.back().value;
      }
      const Marks marks = marks_of(c);
      table.add_row({c.id, provider_id(c), status_name(c.status), c.start.to_string(),
                     c.end.to_string(), full(first), full(last), full(c.min_spend_usd_per_year),
                     c.provenance.source, c.provenance.as_of, join(marks.fields, ";"),
                     join(marks.notes, "; ")});
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
  std::vector<std::string> notes;
  for (const Commitment& c : catalog.commitments) {
    const Marks marks = marks_of(c);
    std::string power = power_range(c.power_mw);
    if (marks.has("power_mw") && power != kAbsent) power += "*";
    std::string spend = c.min_spend_usd_per_year ? money(*c.min_spend_usd_per_year) : kAbsent;
    if (marks.has("min_spend_usd_per_year") && c.min_spend_usd_per_year) spend += "*";
    table.add_row({c.id, provider_id(c), status_name(c.status),
                   c.start.to_string() + ".." + c.end.to_string(), power, spend,
                   c.provenance.source.empty() ? kAbsent : c.provenance.source});
    collect_notes(marks, &notes);
  }
  align_estimate_marks(&table);
  return render_text(table, format) +
         footer({"POWER_MW: facility MW secured, first → last step; — = no limit stated. Only "
                 "signed commitments give capacity"},
                notes, format);
}

// --- The command -------------------------------------------------------------------------------

struct CatalogOptions {
  std::string view = "accelerators";
  std::string format;
  std::string output;
  std::string at;
  InputFlags inputs;
};

void run_catalog(const CatalogOptions& options, const GlobalOptions& global) {
  static const std::vector<std::string> kViews = {"accelerators", "offerings", "commitments"};
  if (std::find(kViews.begin(), kViews.end(), options.view) == kViews.end()) {
    throw UsageError("catalog: unknown view \"" + options.view + "\"" +
                     did_you_mean(options.view, kViews) +
                     "; expected accelerators, offerings or commitments");
  }
  const Format format = parse_format(options.format);

  std::vector<Diagnostic> warnings;
  const Inputs inputs = load_inputs(resolve_inputs(options.inputs), &warnings);
  print_diagnostics(warnings, global);

  Month at = inputs.demand.start;
  if (!options.at.empty()) {
    const std::optional<Month> parsed = Month::parse(options.at);
    if (!parsed) throw UsageError("--at: expected a month YYYY-MM, got \"" + options.at + "\"");
    at = *parsed;
  }
  spdlog::debug("catalog view {} at {} ({} accelerators, {} offerings)", options.view,
                at.to_string(), inputs.catalog.accelerators.size(),
                inputs.catalog.offerings.size());

  std::string text;
  if (options.view == "accelerators") text = accelerators_view(inputs, at, format);
  if (options.view == "offerings") text = offerings_view(inputs, at, format);
  if (options.view == "commitments") text = commitments_view(inputs, format);
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
  add_input_options(*cmd, &options->inputs);
  cmd->callback([options, &global] { run_catalog(*options, global); });
}

}  // namespace capplan::cli
