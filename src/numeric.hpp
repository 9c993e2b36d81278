// Number hygiene shared by the core: what the plan, its figures and every renderer treat as zero.
// Internal to capplan (not part of include/): a library user sees only the snapped numbers.
#pragma once

namespace capplan {

// Magnitudes below this are noise left by the simplex method, not part of an answer.
inline constexpr double kSnapTolerance = 1e-9;

// `v`, or 0 when |v| < kSnapTolerance, so that nothing prints "-0.00" or "1e-13". NaN passes
// through unchanged.
constexpr double snap_to_zero(double v) {
  return v < kSnapTolerance && v > -kSnapTolerance ? 0.0 : v;
}

}  // namespace capplan
