// An independent check of a plan against its inputs. It does not use the model builder: from
// the plan's own numbers (chips per slice and offering, unmet tokens/s, take-or-pay payments)
// and the inputs it recomputes eligibility, demand coverage, every limit, provider shares,
// the survive-provider-loss margin and the objective, and reports each residual beyond
// tolerance as a failure line.
#pragma once

#include "capplan/inputs.hpp"
#include "capplan/plan.hpp"

namespace capplan {

// Relative tolerance of every check: residual / max(1, |lhs|, |rhs|, Σ|a_ij·x_j|), each row
// judged at its own magnitude in its own unit (tokens/s, chips, MW, USD).
inline constexpr double kVerifyTolerance = 1e-6;

Verification verify_plan(const Plan& plan, const Inputs& inputs);

}  // namespace capplan
