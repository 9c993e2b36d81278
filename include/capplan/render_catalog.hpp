// Renders the catalog figures of one view (accelerators, offerings or commitments) for people
// (table, markdown: rounded numbers, "*" on values that rest on an estimate, "—" for unknown,
// a footer explaining the columns and the estimates) and scripts (json with schema
// capplan.catalog-view/v1, csv: every number at full precision, unknown = null / empty).
// Pure: writes only to the given stream; the same figures always give the same bytes.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "capplan/catalog_figures.hpp"
#include "capplan/inputs.hpp"
#include "capplan/render.hpp"

namespace capplan {

enum class CatalogView { kAccelerators, kOfferings, kCommitments };
// "accelerators" | "offerings" | "commitments"; nullopt otherwise.
std::optional<CatalogView> parse_catalog_view(const std::string& name);

struct CatalogRenderOptions {
  Format format = Format::kTable;
  // Under a table, every estimate's note in full; otherwise price and commitment notes in full
  // and the other estimates listed by id.
  bool all_notes = false;
};

// `figures` must have been computed from `inputs` (catalog_figures()).
void render_catalog(const Inputs& inputs, const CatalogFigures& figures, CatalogView view,
                    const CatalogRenderOptions& options, std::ostream& out);

}  // namespace capplan
