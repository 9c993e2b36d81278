// Demand as CSV and back, the converters behind a demand file named *.csv (load_inputs reads
// one through input_documents.hpp; library users pass the CSV text to load_inputs). Internal to
// capplan: the tests check the conversion both ways.
#pragma once

#include <string>

#include "capplan/inputs.hpp"

namespace capplan {

// CSV demand (header `period,model,class,geo,tokens_per_day` in any order, one row per slice
// and month) as the equivalent capplan.demand/v1 JSON text: slice `<model>-<class>-<geo>`, a
// step per row, start/end = first/last period, step month. Class "interactive" gets
// peak_to_avg 1.5 and interactive true, any other class 1.0 and false. Throws InputError
// (pointers are `line:col`) for malformed CSV.
std::string demand_csv_to_json(const SourceText& csv);
// The demand as CSV: one row per slice and month from start to end, tokens_per_day as that
// month's value written so it reads back exactly.
std::string demand_to_csv(const Demand& demand);

}  // namespace capplan
