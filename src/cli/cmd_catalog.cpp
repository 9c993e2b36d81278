// capplan catalog [accelerators|offerings|commitments]: what can be bought, with the figures a
// planner compares ($/chip-hour, $ per 1M tokens, tokens/s per MW, chips per GW), in the style
// of `sky show-gpus`. The figures are capplan/catalog_figures.hpp, the rendering
// capplan/render_catalog.hpp; this file binds the flags to them.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "capplan/catalog_figures.hpp"
#include "capplan/inputs.hpp"
#include "capplan/render_catalog.hpp"
#include "cli/app.hpp"
#include "cli/cli_util.hpp"

namespace capplan::cli {

namespace {

struct CatalogOptions {
  std::string view = "accelerators";
  std::string format;
  std::string output;
  std::string at;
  bool notes = false;
  InputFlags inputs;
};

void run_catalog(const CatalogOptions& options, const GlobalOptions& global) {
  const std::optional<CatalogView> view = parse_catalog_view(options.view);
  if (!view) {
    throw UsageError("catalog: unknown view \"" + options.view + "\"" +
                     did_you_mean(options.view, {"accelerators", "offerings", "commitments"}) +
                     "; expected accelerators, offerings or commitments");
  }
  CatalogRenderOptions render_options;
  render_options.format = parse_format(options.format);
  render_options.all_notes = options.notes;
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

  std::ostringstream out;
  render_catalog(inputs, catalog_figures(inputs, at), *view, render_options, out);
  write_output(options.output, out.str());
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
