// Catalog views as tables (aligned text, markdown), CSV and JSON (capplan/render_catalog.hpp).
// Tables round for reading and mark estimates; CSV and JSON carry every number at full
// precision.
#include "capplan/render_catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "json_util.hpp"
#include "text_table.hpp"

namespace capplan {

namespace {

constexpr const char* kAbsent = "—";

// --- Formatting ------------------------------------------------------------------------------

// `value` rounded half away from zero to `decimals` places, rounding the shortest decimal
// form that reads back as `value` (so 2.235 shows as 2.24, as a person would round it).
std::string fixed(double value, int decimals) {
  std::string digits = fmt::format("{}", std::fabs(value));
  if (digits.find_first_of("eE") != std::string::npos) {
    return fmt::format("{:.{}f}", value, decimals);
  }
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

// About three significant digits, without exponent notation.
std::string short_number(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude >= 1000) return format_count(value);
  if (magnitude >= 100) return fixed(value, 0);
  if (magnitude >= 10) return fixed(value, 1);
  if (magnitude >= 0.1 || magnitude == 0) return fixed(value, 2);
  return fixed(value, 3);
}

std::string money(double usd) {
  const double magnitude = std::fabs(usd);
  if (magnitude >= 1e9) return "$" + fixed(usd / 1e9, 1) + "B";
  if (magnitude >= 1e6) return "$" + fixed(usd / 1e6, 1) + "M";
  return "$" + format_count(usd);
}

// A table cell: the formatted value, "*" when it rests on an estimate, "—" when absent.
std::string cell(const std::optional<double>& value, std::string (*format)(double),
                 bool estimated = false) {
  if (!value) return kAbsent;
  return format(*value) + (estimated ? "*" : "");
}

// A commitment's terms per MW signed, as "$90k/MW-mo, $150.0M to sign, 50 MW steps"; "—" when
// it has none.
std::string terms_per_mw(const Commitment& c) {
  std::vector<std::string> parts;
  const auto thousands = [](double usd) {
    return usd >= 1e6 ? money(usd) : "$" + format_number(usd / 1e3) + "k";
  };
  if (c.reservation_usd_per_mw_month)
    parts.push_back(thousands(*c.reservation_usd_per_mw_month) + "/MW-mo");
  if (c.min_spend_usd_per_mw_year)
    parts.push_back(thousands(*c.min_spend_usd_per_mw_year) + "/MW-yr take-or-pay");
  if (c.signing_usd) parts.push_back(money(*c.signing_usd) + " to sign");
  if (c.size_step_mw) parts.push_back(format_number(*c.size_step_mw) + " MW steps");
  if (parts.empty()) return kAbsent;
  std::string out = parts.front();
  for (size_t i = 1; i < parts.size(); ++i) out += ", " + parts[i];
  return out;
}

std::optional<double> scaled(const std::optional<double>& value, double factor) {
  return value ? std::optional<double>(*value * factor) : std::nullopt;
}

// Shortest text that reads back to the same double; "" when absent.
std::string full(const std::optional<double>& value) {
  return value ? format_number(*value) : std::string();
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

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
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

// The lines under a table: what the columns mean, then the estimates. Price and commitment
// notes are printed in full; the others are listed by id unless all notes are asked for.
std::string footer(const std::vector<std::string>& explanations,
                   const std::vector<const Estimates*>& rows, const CatalogRenderOptions& options) {
  constexpr std::size_t kWidth = 100;
  const bool markdown = options.format == Format::kMarkdown;
  const std::string bullet = markdown ? "- " : "  ";
  std::string out = "\n";
  for (const std::string& line : explanations) out += wrap("", line, kWidth, "");

  std::vector<const EstimateNote*> notes;
  std::set<std::string> seen;
  for (const Estimates* marks : rows) {
    for (const EstimateNote& n : marks->notes) {
      if (seen.insert(n.subject).second) notes.push_back(&n);
    }
  }
  if (notes.empty()) return out;
  std::stable_sort(notes.begin(), notes.end(), [](const EstimateNote* a, const EstimateNote* b) {
    return a->kind != b->kind ? a->kind < b->kind : a->subject < b->subject;
  });
  out += markdown ? "\n\\* estimate: see note\n\n" : "* estimate: see note\n";
  std::map<EstimateKind, std::vector<std::string>> summarised;
  for (const EstimateNote* n : notes) {
    if (options.all_notes || n->kind == EstimateKind::kPrice ||
        n->kind == EstimateKind::kCommitment) {
      out += wrap(bullet, n->line(), kWidth, "    ");
      continue;
    }
    std::string id = n->id;
    if (n->kind == EstimateKind::kThroughput) id = id.substr(0, id.find('/'));
    auto& ids = summarised[n->kind];
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  if (!summarised.empty()) {
    std::vector<std::string> parts;
    auto part = [&](EstimateKind kind, const char* what) {
      const auto it = summarised.find(kind);
      if (it != summarised.end()) parts.push_back(std::string(what) + " " + join(it->second, ", "));
    };
    part(EstimateKind::kThroughput, "tokens/s per chip of");
    part(EstimateKind::kAcceleratorPower, "all-in kW of");
    part(EstimateKind::kPue, "PUE of");
    part(EstimateKind::kSpec, "specs of");
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

// The commitments view has no month: its figures do not depend on one.
Json header_json(const Inputs& inputs, const CatalogFigures& figures, const char* view,
                 bool with_month) {
  Json out{{"schema", "capplan.catalog-view/v1"}, {"view", view}, {"scenario", inputs.scenario}};
  if (with_month) {
    out["at"] = figures.at.to_string();
    out["utilization_target"] = figures.utilization_target;
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
                          const Estimates& marks, std::vector<std::string>* cells) {
  for (std::size_t m = 0; m < catalog.models.size(); ++m) {
    cells->push_back(cell(figures[m].usd_per_mtok, short_number,
                          marks.has(catalog.models[m].id + ".usd_per_mtok")));
  }
  for (std::size_t m = 0; m < catalog.models.size(); ++m) {
    cells->push_back(cell(scaled(figures[m].tokens_per_s_per_mw, 1e-6), short_number,
                          marks.has(catalog.models[m].id + ".tokens_per_s_per_mw")));
  }
}

std::string price_explanation(const CatalogFigures& figures, const char* where) {
  return fmt::format(
      "$/CHIP-H: price at {}{}; FROM: the month a price not yet offered starts. $/MTOK = $/CHIP-H "
      "/ (tokens/s per chip × 3600) × 1e6 at full sustained throughput (plans run at "
      "utilization {}, i.e. ÷ {}). MTOK/S PER MW: million tokens/s per facility MW.",
      figures.at.to_string(), where, figures.utilization_target, figures.utilization_target);
}

// --- Views -------------------------------------------------------------------------------------

std::string accelerators_view(const Inputs& inputs, const CatalogFigures& figures,
                              const CatalogRenderOptions& options) {
  const Catalog& catalog = inputs.catalog;
  const std::vector<AcceleratorFigures>& rows = figures.accelerators;
  auto cheapest_id = [&](const AcceleratorFigures& row) {
    return row.pricing_offering >= 0 ? catalog.offerings[row.pricing_offering].id : std::string();
  };

  if (options.format == Format::kJson) {
    Json out = header_json(inputs, figures, "accelerators", true);
    Json list = Json::array();
    for (const AcceleratorFigures& row : rows) {
      const Accelerator& acc = catalog.accelerators[row.accelerator];
      list.push_back(
          Json{{"id", acc.id},
               {"name", acc.name},
               {"vendor", acc.vendor},
               {"hbm_gb", json_number(acc.hbm_gb)},
               {"peak_fp8_tflops", json_number(acc.peak_tflops.fp8)},
               {"all_in_kw", acc.all_in_kw},
               {"available_from", json_month(acc.available_from)},
               {"typical_pue", json_number(row.typical_pue)},
               {"chips_per_gw", json_number(row.chips_per_gw)},
               {"cheapest_offering", row.pricing_offering >= 0 ? Json(cheapest_id(row)) : Json()},
               {"price_usd_per_chip_hour", json_number(row.price.usd_per_chip_hour)},
               {"price_from", json_month(row.price.from)},
               {"models", models_json(catalog, row.models)},
               {"estimated", row.estimates.fields},
               {"notes", row.estimates.note_lines()}});
    }
    out["accelerators"] = std::move(list);
    return out.dump(2) + "\n";
  }

  TextTable table;
  if (options.format == Format::kCsv) {
    for (const char* h :
         {"id", "name", "vendor", "hbm_gb", "peak_fp8_tflops", "all_in_kw", "typical_pue",
          "chips_per_gw", "cheapest_offering", "price_usd_per_chip_hour", "price_from"}) {
      table.add_column(h);
    }
    add_model_csv_columns(catalog, &table);
    table.add_column("estimated");
    table.add_column("notes");
    for (const AcceleratorFigures& row : rows) {
      const Accelerator& acc = catalog.accelerators[row.accelerator];
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
      cells.push_back(join(row.estimates.fields, ";"));
      cells.push_back(join(row.estimates.note_lines(), " | "));
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
  std::vector<const Estimates*> marks;
  for (const AcceleratorFigures& row : rows) {
    const Accelerator& acc = catalog.accelerators[row.accelerator];
    const Estimates& k = row.estimates;
    std::vector<std::string> cells = {
        acc.id,
        acc.name,
        acc.vendor,
        cell(acc.hbm_gb, format_count, k.has("hbm_gb")),
        cell(acc.peak_tflops.fp8, format_count, k.has("peak_fp8_tflops")),
        cell(acc.all_in_kw > 0 ? std::optional<double>(acc.all_in_kw) : std::nullopt, short_number,
             k.has("all_in_kw")),
        cell(row.chips_per_gw, format_count, k.has("chips_per_gw")),
        cell(row.price.usd_per_chip_hour, short_number, k.has("price_usd_per_chip_hour")),
        row.price.from ? row.price.from->to_string() : ""};
    add_model_text_cells(catalog, row.models, k, &cells);
    table.add_row(std::move(cells));
    marks.push_back(&k);
  }
  return render_text(
      std::move(table),
      footer({price_explanation(figures,
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
  return commitment.id + " (" + to_string(commitment.status) + ")";
}

std::string offerings_view(const Inputs& inputs, const CatalogFigures& figures,
                           const CatalogRenderOptions& options) {
  const Catalog& catalog = inputs.catalog;
  const std::vector<OfferingFigures>& rows = figures.offerings;
  auto provider_id = [&](const Offering& o) {
    const int p = catalog.regions[o.region].provider;
    return p >= 0 ? catalog.providers[p].id : std::string();
  };

  if (options.format == Format::kJson) {
    Json out = header_json(inputs, figures, "offerings", true);
    Json list = Json::array();
    for (const OfferingFigures& row : rows) {
      const Offering& o = catalog.offerings[row.offering];
      const Region& region = catalog.regions[o.region];
      const Commitment* c = o.commitment >= 0 ? &catalog.commitments[o.commitment] : nullptr;
      list.push_back(Json{{"id", o.id},
                          {"provider", provider_id(o)},
                          {"region", region.id},
                          {"geo", region.geo},
                          {"pue", region.pue},
                          {"accelerator", catalog.accelerators[o.accelerator].id},
                          {"commitment", c ? Json(c->id) : Json()},
                          {"commitment_status", c ? Json(to_string(c->status)) : Json()},
                          {"price_usd_per_chip_hour", json_number(row.price.usd_per_chip_hour)},
                          {"price_from", json_month(row.price.from)},
                          {"price_schedule", schedule_json(o.price_usd_per_chip_hour)},
                          {"max_chips", o.max_chips ? schedule_json(*o.max_chips) : Json()},
                          {"kw_facility_per_chip", row.kw_facility_per_chip},
                          {"chips_per_gw", json_number(row.chips_per_gw)},
                          {"models", models_json(catalog, row.models)},
                          {"estimated", row.estimates.fields},
                          {"notes", row.estimates.note_lines()}});
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
    for (const OfferingFigures& row : rows) {
      const Offering& o = catalog.offerings[row.offering];
      const Region& region = catalog.regions[o.region];
      const Commitment* c = o.commitment >= 0 ? &catalog.commitments[o.commitment] : nullptr;
      std::vector<std::string> cells = {o.id,
                                        provider_id(o),
                                        region.id,
                                        region.geo,
                                        full(region.pue),
                                        catalog.accelerators[o.accelerator].id,
                                        c ? c->id : "",
                                        c ? to_string(c->status) : "",
                                        full(row.price.usd_per_chip_hour),
                                        row.price.from ? row.price.from->to_string() : "",
                                        full(row.kw_facility_per_chip),
                                        full(row.chips_per_gw)};
      add_model_csv_cells(row.models, &cells);
      cells.push_back(join(row.estimates.fields, ";"));
      cells.push_back(join(row.estimates.note_lines(), " | "));
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
  std::vector<const Estimates*> marks;
  for (const OfferingFigures& row : rows) {
    const Offering& o = catalog.offerings[row.offering];
    const Estimates& k = row.estimates;
    std::vector<std::string> cells = {
        o.id,
        provider_id(o),
        catalog.regions[o.region].id,
        catalog.accelerators[o.accelerator].id,
        commitment_label(catalog, o.commitment),
        cell(row.price.usd_per_chip_hour, short_number, k.has("price_usd_per_chip_hour")),
        row.price.from ? row.price.from->to_string() : ""};
    add_model_text_cells(catalog, row.models, k, &cells);
    cells.push_back(cell(row.chips_per_gw, format_count, k.has("chips_per_gw")));
    table.add_row(std::move(cells));
    marks.push_back(&k);
  }
  return render_text(
      std::move(table),
      footer({price_explanation(figures, ""),
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
  if (*first == *last) return format_count(*first);
  return format_count(*first) + " → " + format_count(*last);
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

std::string commitments_view(const Inputs& inputs, const CatalogFigures& figures,
                             const CatalogRenderOptions& options) {
  const Catalog& catalog = inputs.catalog;
  auto provider_id = [&](const Commitment& c) {
    return c.provider >= 0 ? catalog.providers[c.provider].id : std::string();
  };

  if (options.format == Format::kJson) {
    Json out = header_json(inputs, figures, "commitments", false);
    Json list = Json::array();
    for (const CommitmentFigures& row : figures.commitments) {
      const Commitment& c = catalog.commitments[row.commitment];
      const Estimates& marks = row.estimates;
      list.push_back(Json{{"id", c.id},
                          {"provider", provider_id(c)},
                          {"status", to_string(c.status)},
                          {"start", c.start.to_string()},
                          {"end", c.end.to_string()},
                          {"power_mw", c.power_mw ? schedule_json(*c.power_mw) : Json()},
                          {"min_spend_usd_per_year", json_number(c.min_spend_usd_per_year)},
                          {"reservation_usd_per_mw_month",
                           json_number(c.reservation_usd_per_mw_month)},
                          {"min_spend_usd_per_mw_year", json_number(c.min_spend_usd_per_mw_year)},
                          {"signing_usd", json_number(c.signing_usd)},
                          {"size_step_mw", json_number(c.size_step_mw)},
                          {"source", c.provenance.source},
                          {"as_of", c.provenance.as_of},
                          {"estimated", marks.fields},
                          {"notes", marks.note_lines()}});
    }
    out["commitments"] = std::move(list);
    return out.dump(2) + "\n";
  }

  TextTable table;
  if (options.format == Format::kCsv) {
    for (const char* h :
         {"id", "provider", "status", "start", "end", "power_mw_first", "power_mw_last",
          "min_spend_usd_per_year", "reservation_usd_per_mw_month", "min_spend_usd_per_mw_year",
          "signing_usd", "size_step_mw", "source", "as_of", "estimated", "notes"}) {
      table.add_column(h);
    }
    for (const CommitmentFigures& row : figures.commitments) {
      const Commitment& c = catalog.commitments[row.commitment];
      const Estimates& marks = row.estimates;
      table.add_row({c.id, provider_id(c), to_string(c.status), c.start.to_string(),
                     c.end.to_string(), full(first_step(c.power_mw)), full(last_step(c.power_mw)),
                     full(c.min_spend_usd_per_year), full(c.reservation_usd_per_mw_month),
                     full(c.min_spend_usd_per_mw_year), full(c.signing_usd),
                     full(c.size_step_mw), c.provenance.source, c.provenance.as_of,
                     join(marks.fields, ";"), join(marks.note_lines(), " | ")});
    }
    return render_csv(table);
  }

  table.add_column("COMMITMENT");
  table.add_column("PROVIDER");
  table.add_column("STATUS");
  table.add_column("TERM");
  table.add_column("POWER_MW", true);
  table.add_column("MIN_SPEND/YR", true);
  table.add_column("TERMS PER MW");
  table.add_column("SOURCE");
  std::vector<const Estimates*> marks;
  for (const CommitmentFigures& row : figures.commitments) {
    const Commitment& c = catalog.commitments[row.commitment];
    const Estimates& k = row.estimates;
    std::string power = power_range(c.power_mw);
    if (k.has("power_mw") && power != kAbsent) power += "*";
    std::string term = c.start.to_string() + ".." + c.end.to_string();
    if (k.has("start") || k.has("end")) term += "*";
    table.add_row({c.id, provider_id(c), to_string(c.status), term, power,
                   cell(c.min_spend_usd_per_year, money, k.has("min_spend_usd_per_year")),
                   terms_per_mw(c), short_source(c.provenance.source)});
    marks.push_back(&k);
  }
  return render_text(std::move(table),
                     footer({"POWER_MW: facility MW secured, first → last step (— = no limit "
                             "stated). MIN_SPEND/YR: take-or-pay per year. TERMS PER MW: "
                             "reservation per MW-month and take-or-pay per MW-year on the MW "
                             "signed, signing cost, size step. Signed commitments give "
                             "capacity; an option, once the plan signs it (capplan allocate "
                             "decides its size). (+): more sources in --format json."},
                            marks, options),
                     options.format);
}

}  // namespace

std::optional<CatalogView> parse_catalog_view(const std::string& name) {
  if (name == "accelerators") return CatalogView::kAccelerators;
  if (name == "offerings") return CatalogView::kOfferings;
  if (name == "commitments") return CatalogView::kCommitments;
  return std::nullopt;
}

void render_catalog(const Inputs& inputs, const CatalogFigures& figures, CatalogView view,
                    const CatalogRenderOptions& options, std::ostream& out) {
  switch (view) {
    case CatalogView::kAccelerators:
      out << accelerators_view(inputs, figures, options);
      return;
    case CatalogView::kOfferings:
      out << offerings_view(inputs, figures, options);
      return;
    case CatalogView::kCommitments:
      out << commitments_view(inputs, figures, options);
      return;
  }
}

}  // namespace capplan
