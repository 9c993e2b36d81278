// The files of data/, embedded at build time by cmake/embed.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace capplan {

struct EmbeddedFile {
  std::string_view path;  // relative to data/, e.g. "scenarios/maia-closed.json"
  std::string_view content;
};

// Sorted by path.
const std::vector<EmbeddedFile>& embedded_files();

}  // namespace capplan
