// The bundled catalog reproduces the seed figures (shared/reference/seed_figures.md):
// internal serving cost per 1M tokens, as `capplan catalog` computes it (usd_per_mtok of
// capplan/catalog_figures.hpp: price per chip-hour / (tokens/s per chip × 3600) × 1e6), on the
// mid model class at 2027-01, for every offering of each seed accelerator; and an unknown price
// (Maia 200) is an explicit, explained estimate rather than a number passed off as fact.
#include <catch2/catch.hpp>
#include <string>

#include "capplan/catalog_figures.hpp"
#include "capplan/inputs.hpp"

namespace {

using capplan::Catalog;
using capplan::Inputs;
using capplan::Month;

int index_of(const auto& entities, const std::string& id) {
  for (std::size_t i = 0; i < entities.size(); ++i) {
    if (entities[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

const Inputs& bundled() {
  static const Inputs inputs = capplan::load_inputs(capplan::bundled_sources());
  return inputs;
}

struct SeedRange {
  const char* accelerator;
  double low_usd_per_mtok;
  double high_usd_per_mtok;
};

}  // namespace

TEST_CASE("bundled catalog reproduces the seed $/Mtok ranges", "[catalog]") {
  const Catalog& catalog = bundled().catalog;
  const int mid = index_of(catalog.models, "mid");
  REQUIRE(mid >= 0);
  const Month at = Month::from_ym(2027, 1);
  const capplan::CatalogFigures figures = capplan::catalog_figures(bundled(), at);

  const SeedRange ranges[] = {
      {"trn2", 0.30, 0.50}, {"tpu-v7", 0.40, 0.60}, {"h200", 0.60, 0.90}, {"b200", 0.60, 0.90}};
  for (const SeedRange& range : ranges) {
    const int a = index_of(catalog.accelerators, range.accelerator);
    INFO("accelerator " << range.accelerator);
    REQUIRE(a >= 0);
    int offerings = 0;
    for (const capplan::OfferingFigures& row : figures.offerings) {
      const auto& offering = catalog.offerings[row.offering];
      if (offering.accelerator != a) continue;
      ++offerings;
      INFO("offering " << offering.id);
      // Priced at 2027-01 itself, not a later first price.
      REQUIRE(row.price.usd_per_chip_hour.has_value());
      REQUIRE_FALSE(row.price.from.has_value());
      const auto usd_per_mtok = row.models[mid].usd_per_mtok;
      REQUIRE(usd_per_mtok.has_value());
      INFO("$/Mtok " << *usd_per_mtok);
      CHECK(*usd_per_mtok >= range.low_usd_per_mtok);
      CHECK(*usd_per_mtok <= range.high_usd_per_mtok);
    }
    CHECK(offerings > 0);
  }
}

TEST_CASE("Maia 200's price is marked as an estimate with its derivation", "[catalog]") {
  const Catalog& catalog = bundled().catalog;
  const int maia = index_of(catalog.accelerators, "maia200");
  REQUIRE(maia >= 0);
  const capplan::CatalogFigures figures =
      capplan::catalog_figures(bundled(), Month::from_ym(2027, 1));
  int offerings = 0;
  for (const capplan::OfferingFigures& row : figures.offerings) {
    const auto& offering = catalog.offerings[row.offering];
    if (offering.accelerator != maia) continue;
    ++offerings;
    INFO("offering " << offering.id);
    CHECK(offering.provenance.is_estimated("price_per_chip_hour"));
    CHECK(!offering.provenance.note.empty());
    // What `capplan catalog` shows: the price and its $/Mtok marked, with the note.
    CHECK(row.estimates.has("price_usd_per_chip_hour"));
    CHECK(row.estimates.has("mid.usd_per_mtok"));
    REQUIRE_FALSE(row.estimates.notes.empty());
    CHECK(row.estimates.notes.front().line() ==
          "offering " + offering.id + ": " + offering.provenance.note);
  }
  CHECK(offerings > 0);
}

TEST_CASE("every seed accelerator is in the bundled catalog", "[catalog]") {
  const Catalog& catalog = bundled().catalog;
  for (const char* id : {"trn2", "trn3", "tpu-v7", "maia200", "h200", "b200"}) {
    INFO(id);
    CHECK(index_of(catalog.accelerators, id) >= 0);
  }
}
