#include "capplan/month.hpp"

#include <cstdio>
#include <optional>
#include <string>

namespace capplan {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses exactly `width` decimal digits at `pos`, or nullopt.
std::optional<int> digits_at(const std::string& text, std::size_t pos, std::size_t width) {
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (i >= text.size() || !is_digit(text[i])) return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

}  // namespace

std::optional<Month> Month::parse(const std::string& yyyy_mm) {
  if (yyyy_mm.size() != 7 || yyyy_mm[4] != '-') return std::nullopt;
  const std::optional<int> year = digits_at(yyyy_mm, 0, 4);
  const std::optional<int> month = digits_at(yyyy_mm, 5, 2);
  if (!year || !month) return std::nullopt;
  if (*year < kMinYear || *year > kMaxYear || *month < 1 || *month > 12) return std::nullopt;
  return from_ym(*year, *month);
}

int Month::days() const {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month() == 2 && is_leap_year(year())) return 29;
  return kDays[month() - 1];
}

std::string Month::to_string() const {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", year(), month());
  return text;
}

std::optional<double> Schedule::at(Month t) const {
  if (is_constant) return constant;
  std::optional<double> value;
  for (const ScheduleStep& step : steps) {
    if (step.from > t) break;
    value = step.value;
  }
  return value;
}

}  // namespace capplan
