// Catalog figures (capplan/catalog_figures.hpp) of a small catalog whose figures are worked out
// by hand below, and the formulas they rest on.
//
// The catalog, read at 2026-07 with utilization_target 0.8:
//   chip-a  all_in_kw 1.0 (estimate); frontier 1000 tokens/s, small 5000 tokens/s (estimate)
//           a-r1 in aws-r1 (PUE 1.0), $3.6/chip-hour on demand
//           a-r2 in aws-r2 (PUE 1.5, estimate), $1.8/chip-hour under aws-talks (in talks)
//   chip-b  all_in_kw 2.0; frontier 500 tokens/s; no offering
//   chip-c  all_in_kw 1.25; frontier 2000 tokens/s
//           c-az in azure-r (PUE 1.25), $7.2/chip-hour from 2027-01, on demand
#include "capplan/catalog_figures.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "capplan/inputs.hpp"
#include "capplan/render_catalog.hpp"
#include "fixtures/inputs/documents.hpp"
#include "model_builder.hpp"

namespace capplan {
namespace {

const char* kCatalog = R"({
  "schema": "capplan.catalog/v1",
  "providers": {
    "aws": {"name": "AWS", "kind": "hyperscaler"},
    "azure": {"name": "Azure", "kind": "hyperscaler"}
  },
  "accelerators": {
    "chip-a": {"name": "Chip A", "vendor": "A", "hbm_gb": 100, "all_in_kw": 1.0,
               "estimated": ["all_in_kw"], "note": "assumed 1 kW"},
    "chip-b": {"name": "Chip B", "vendor": "B", "all_in_kw": 2.0},
    "chip-c": {"name": "Chip C", "vendor": "C", "all_in_kw": 1.25}
  },
  "models": {"frontier": {"name": "Frontier"}, "small": {"name": "Small"}},
  "throughput": {
    "chip-a": {"frontier": 1000,
               "small": {"tokens_per_s": 5000, "estimated": ["tokens_per_s"], "note": "bench"}},
    "chip-b": {"frontier": 500},
    "chip-c": {"frontier": 2000}
  },
  "regions": {
    "aws-r1": {"provider": "aws", "location": "one", "geo": "us", "pue": 1.0},
    "aws-r2": {"provider": "aws", "location": "two", "geo": "us", "pue": 1.5,
               "estimated": ["pue"]},
    "azure-r": {"provider": "azure", "location": "three", "geo": "us", "pue": 1.25}
  },
  "offerings": {
    "a-r1": {"region": "aws-r1", "accelerator": "chip-a", "price_per_chip_hour": 3.6},
    "a-r2": {"region": "aws-r2", "accelerator": "chip-a", "price_per_chip_hour": 1.8,
             "commitment": "aws-talks"},
    "c-az": {"region": "azure-r", "accelerator": "chip-c",
             "price_per_chip_hour": [{"from": "2027-01", "value": 7.2}]}
  },
  "commitments": {
    "aws-talks": {"provider": "aws", "status": "talks", "start": "2026-01", "end": "2030-12",
                  "power_mw": 100, "estimated": ["power_mw", "end"], "note": "rumoured"}
  }
})";

// The small catalog with the fixture's demand (start 2026-07) and utilization_target 0.8;
// `catalog_patch` is a JSON Merge Patch applied to the catalog.
Inputs small_inputs(const std::string& catalog_patch = "{}") {
  InputSources sources = test_inputs::sources("{}", "{}", R"({"utilization_target": 0.8})");
  sources.catalog.text = test_inputs::patched(kCatalog, catalog_patch);
  return load_inputs(sources);
}

constexpr int kChipA = 0, kChipB = 1, kChipC = 2;
constexpr int kFrontier = 0, kSmall = 1;
constexpr int kOfferingAR1 = 0, kOfferingAR2 = 1, kOfferingCAz = 2;

const Month kJul2026 = Month::from_ym(2026, 7);
const Month kJan2027 = Month::from_ym(2027, 1);

}  // namespace

TEST_CASE("catalog formulas: chips per GW, $ per Mtok, tokens/s per MW", "[catalog]") {
  // 1e6 kW per GW / 1.25 kW per chip = 800,000 chips.
  CHECK(*chips_per_gw(1.25) == Approx(800000));
  // $3.6 per chip-hour buys 1000 × 3600 = 3.6e6 tokens: $1 per 1M tokens.
  CHECK(*usd_per_mtok(3.6, 1000) == Approx(1.0));
  // 2000 tokens/s per chip × (1000 kW per MW / 1.5625 kW per chip) = 1,280,000 tokens/s per MW.
  CHECK(*tokens_per_s_per_mw(2000, 1.5625) == Approx(1.28e6));
  // Unknown, never 0 or infinite.
  CHECK_FALSE(chips_per_gw(0).has_value());
  CHECK_FALSE(usd_per_mtok(3.6, 0).has_value());
  CHECK_FALSE(tokens_per_s_per_mw(1000, 0).has_value());
  CHECK_FALSE(tokens_per_s_per_mw(0, 1.0).has_value());
}

TEST_CASE("facility kW per chip is all-in kW × the region's PUE, as the LP uses it", "[catalog]") {
  const Inputs inputs = small_inputs();
  CHECK(kw_facility_per_chip(inputs.catalog, kOfferingAR1) == Approx(1.0));     // 1.0 × 1.0
  CHECK(kw_facility_per_chip(inputs.catalog, kOfferingAR2) == Approx(1.5));     // 1.0 × 1.5
  CHECK(kw_facility_per_chip(inputs.catalog, kOfferingCAz) == Approx(1.5625));  // 1.25 × 1.25
  const ModelContext context(inputs);
  for (int o = 0; o < static_cast<int>(inputs.catalog.offerings.size()); ++o) {
    CHECK(kw_facility_per_chip(inputs.catalog, o) == context.kw_per_chip(o));
  }
}

TEST_CASE("a price not offered yet is its first price and the month it starts", "[catalog]") {
  const Inputs inputs = small_inputs();
  const Schedule& c_az = inputs.catalog.offerings[kOfferingCAz].price_usd_per_chip_hour;
  const PriceAt before = price_at(c_az, kJul2026);
  CHECK(before.usd_per_chip_hour == 7.2);
  CHECK(before.from == kJan2027);
  const PriceAt after = price_at(c_az, Month::from_ym(2027, 3));
  CHECK(after.usd_per_chip_hour == 7.2);
  CHECK_FALSE(after.from.has_value());
}

TEST_CASE("an accelerator is priced by an offering that can be bought, not a cheaper one in talks",
          "[catalog]") {
  // a-r2 ($1.8) is under a commitment in talks, so a-r1 ($3.6, on demand) sets chip-a's price.
  CHECK(pricing_offering(small_inputs().catalog, kChipA, kJul2026) == kOfferingAR1);
  // Once the commitment is signed, the cheaper a-r2 can be bought and sets it.
  const Inputs signed_inputs =
      small_inputs(R"({"commitments": {"aws-talks": {"status": "signed"}}})");
  CHECK(pricing_offering(signed_inputs.catalog, kChipA, kJul2026) == kOfferingAR2);
  // With a-r1 gone, the offering in talks is the only price there is.
  const Inputs talks_only = small_inputs(R"({"offerings": {"a-r1": null}})");
  CHECK(pricing_offering(talks_only.catalog, kChipA, kJul2026) == 0);  // a-r2, now first
  CHECK(pricing_offering(small_inputs().catalog, kChipB, kJul2026) == -1);
}

TEST_CASE("accelerator figures of the small catalog", "[catalog]") {
  const Inputs inputs = small_inputs();
  const CatalogFigures figures = catalog_figures(inputs, kJul2026);
  CHECK(figures.at == kJul2026);
  CHECK(figures.utilization_target == 0.8);
  REQUIRE(figures.accelerators.size() == 3);

  SECTION("chip-a: mean PUE of the regions offering it, priced on demand") {
    const AcceleratorFigures& a = figures.accelerators[kChipA];
    CHECK(a.accelerator == kChipA);
    CHECK(*a.typical_pue == Approx(1.25));           // (1.0 + 1.5) / 2
    CHECK(*a.kw_facility_per_chip == Approx(1.25));  // 1.0 kW × 1.25
    CHECK(*a.chips_per_gw == Approx(800000));        // 1e6 / 1.25
    CHECK(a.pricing_offering == kOfferingAR1);
    CHECK(a.price.usd_per_chip_hour == 3.6);
    CHECK_FALSE(a.price.from.has_value());
    REQUIRE(a.models.size() == 2);
    const ModelFigures& frontier = a.models[kFrontier];
    CHECK(*frontier.tokens_per_s == 1000);
    CHECK(*frontier.usd_per_mtok == Approx(1.0));            // 3.6 / (1000 × 3600) × 1e6
    CHECK(*frontier.usd_per_mtok_planned == Approx(1.25));   // 1.0 / 0.8
    CHECK(*frontier.tokens_per_s_per_mw == Approx(800000));  // 1000 × 1000 / 1.25
    const ModelFigures& small = a.models[kSmall];
    CHECK(*small.usd_per_mtok == Approx(0.2));           // 3.6 / (5000 × 3600) × 1e6
    CHECK(*small.usd_per_mtok_planned == Approx(0.25));  // 0.2 / 0.8
    CHECK(*small.tokens_per_s_per_mw == Approx(4e6));    // 5000 × 1000 / 1.25
    // The estimated all-in kW and PUE reach every figure computed from power; the estimated
    // small throughput every small figure.
    CHECK(a.estimates.fields == std::vector<std::string>{"all_in_kw", "typical_pue", "chips_per_gw",
                                                         "frontier.tokens_per_s_per_mw",
                                                         "small.tokens_per_s", "small.usd_per_mtok",
                                                         "small.usd_per_mtok_planned",
                                                         "small.tokens_per_s_per_mw"});
    CHECK(a.estimates.note_lines() == std::vector<std::string>{"accelerator chip-a: assumed 1 kW",
                                                               "region aws-r2: (no note given)",
                                                               "throughput chip-a/small: bench"});
  }

  SECTION("chip-b: not offered, so only its throughput is known") {
    const AcceleratorFigures& b = figures.accelerators[kChipB];
    CHECK_FALSE(b.typical_pue.has_value());
    CHECK_FALSE(b.kw_facility_per_chip.has_value());
    CHECK_FALSE(b.chips_per_gw.has_value());
    CHECK(b.pricing_offering == -1);
    CHECK_FALSE(b.price.usd_per_chip_hour.has_value());
    CHECK(*b.models[kFrontier].tokens_per_s == 500);
    CHECK_FALSE(b.models[kFrontier].usd_per_mtok.has_value());
    CHECK_FALSE(b.models[kFrontier].tokens_per_s_per_mw.has_value());
    CHECK_FALSE(b.models[kSmall].tokens_per_s.has_value());  // cannot serve small
    CHECK(b.estimates.fields.empty());
  }

  SECTION("chip-c: offered from 2027-01, shown at its first price") {
    const AcceleratorFigures& c = figures.accelerators[kChipC];
    CHECK(*c.chips_per_gw == Approx(640000));  // 1e6 / (1.25 × 1.25)
    CHECK(c.pricing_offering == kOfferingCAz);
    CHECK(c.price.usd_per_chip_hour == 7.2);
    CHECK(c.price.from == kJan2027);
    CHECK(*c.models[kFrontier].usd_per_mtok == Approx(1.0));  // 7.2 / (2000 × 3600) × 1e6
    CHECK(*c.models[kFrontier].tokens_per_s_per_mw == Approx(1.28e6));  // 2000 × 1000 / 1.5625
    CHECK_FALSE(c.models[kSmall].usd_per_mtok.has_value());
  }
}

TEST_CASE("offering figures use the offering's own price and region", "[catalog]") {
  const Inputs inputs = small_inputs();
  const OfferingFigures a_r2 = offering_figures(inputs, kOfferingAR2, kJul2026);
  CHECK(a_r2.price.usd_per_chip_hour == 1.8);
  CHECK(a_r2.kw_facility_per_chip == Approx(1.5));             // 1.0 kW × PUE 1.5
  CHECK(*a_r2.chips_per_gw == Approx(1e6 / 1.5));              // 666,667
  CHECK(*a_r2.models[kFrontier].usd_per_mtok == Approx(0.5));  // 1.8 / (1000 × 3600) × 1e6
  CHECK(*a_r2.models[kFrontier].tokens_per_s_per_mw == Approx(1e6 / 1.5));  // 1000 × 1000 / 1.5
  CHECK(a_r2.estimates.fields ==
        std::vector<std::string>{"chips_per_gw", "frontier.tokens_per_s_per_mw",
                                 "small.tokens_per_s", "small.usd_per_mtok",
                                 "small.usd_per_mtok_planned", "small.tokens_per_s_per_mw"});

  const OfferingFigures a_r1 = offering_figures(inputs, kOfferingAR1, kJul2026);
  CHECK(*a_r1.chips_per_gw == Approx(1e6));  // 1.0 kW × PUE 1.0
  CHECK(*a_r1.models[kFrontier].tokens_per_s_per_mw == Approx(1e6));
  CHECK(a_r1.estimates.has("chips_per_gw"));  // all_in_kw is an estimate
  CHECK_FALSE(a_r1.estimates.has("price_usd_per_chip_hour"));
}

TEST_CASE("an estimated price marks the price and every $/Mtok figure", "[catalog]") {
  const Inputs inputs = small_inputs(
      R"({"offerings": {"a-r1": {"estimated": ["price_per_chip_hour"], "note": "list price"}}})");
  const OfferingFigures a_r1 = offering_figures(inputs, kOfferingAR1, kJul2026);
  for (const char* field : {"price_usd_per_chip_hour", "frontier.usd_per_mtok",
                            "frontier.usd_per_mtok_planned", "small.usd_per_mtok"}) {
    INFO(field);
    CHECK(a_r1.estimates.has(field));
  }
  REQUIRE_FALSE(a_r1.estimates.notes.empty());
  CHECK(a_r1.estimates.notes.front().kind == EstimateKind::kPrice);
  CHECK(a_r1.estimates.notes.front().line() == "offering a-r1: list price");
}

TEST_CASE("commitment figures name the estimated fields", "[catalog]") {
  const CommitmentFigures c = commitment_figures(small_inputs().catalog, 0);
  CHECK(c.estimates.fields == std::vector<std::string>{"power_mw", "end"});
  CHECK(c.estimates.note_lines() == std::vector<std::string>{"commitment aws-talks: rumoured"});
}

TEST_CASE("catalog csv carries the figures at full precision", "[catalog]") {
  const Inputs inputs = small_inputs();
  std::ostringstream out;
  render_catalog(inputs, catalog_figures(inputs, kJul2026), CatalogView::kOfferings,
                 {Format::kCsv, false}, out);
  std::istringstream lines(out.str());
  std::string header, a_r1;
  std::getline(lines, header);
  std::getline(lines, a_r1);
  CHECK(header.rfind("id,provider,region,geo,pue,accelerator,commitment,commitment_status,"
                     "price_usd_per_chip_hour,price_from,kw_facility_per_chip,chips_per_gw,"
                     "frontier.tokens_per_s,frontier.usd_per_mtok,",
                     0) == 0);
  // 3.6 / (1000 × 3600) × 1e6 = 1 and 3.6 / (5000 × 3600) × 1e6 = 0.2 (as the doubles round).
  CHECK(a_r1.rfind("a-r1,aws,aws-r1,us,1,chip-a,,,3.6,,1,1000000,1000,1,1.25,1000000,5000,", 0) ==
        0);
  CHECK(parse_catalog_view("offerings") == CatalogView::kOfferings);
  CHECK_FALSE(parse_catalog_view("offering").has_value());
}

}  // namespace capplan
