// Calendar months and schedules.
//
// A Month is a calendar month counted from year 0 (index = year*12 + month-1), written
// "YYYY-MM". A Schedule is a quantity that changes over time: either a constant or steps
// sorted strictly by `from`. Before its first step a schedule has no value (nullopt): the
// caller decides whether that means 0 (capacity, demand) or "not offered" (price).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace capplan {

struct Month {
  int index = 0;  // year*12 + (month-1)

  static std::optional<Month> parse(const std::string& yyyy_mm);  // nullopt if malformed
  static Month from_ym(int year, int month) { return Month{year * 12 + month - 1}; }
  int year() const { return index / 12; }
  int month() const { return index % 12 + 1; }  // 1..12
  int days() const;                             // days in this month (Gregorian)
  double hours() const { return days() * 24.0; }
  std::string to_string() const;  // "YYYY-MM"
  Month plus(int months) const { return Month{index + months}; }

  friend bool operator==(Month a, Month b) { return a.index == b.index; }
  friend auto operator<=>(Month a, Month b) { return a.index <=> b.index; }
};

struct ScheduleStep {
  Month from;
  double value = 0.0;
};

struct Schedule {
  bool is_constant = true;
  double constant = 0.0;            // when is_constant
  std::vector<ScheduleStep> steps;  // when !is_constant; strictly increasing `from`

  static Schedule constant_of(double v) { return Schedule{true, v, {}}; }
  std::optional<double> at(Month t) const;
  double at_or(Month t, double before_first) const { return at(t).value_or(before_first); }
};

}  // namespace capplan
