// write_output_file: regular files atomically, special files in place, never over an input.
#include "capplan/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "capplan/error.hpp"
#include "cli_run.hpp"

namespace {

using capplan::OutputError;
using capplan::write_output_file;
using capplan::test::read_text;
using capplan::test::TempDir;

std::size_t entries_in(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    (void)entry;
    ++n;
  }
  return n;
}

mode_t file_type(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & S_IFMT;
}

}  // namespace

TEST_CASE("a regular file is replaced atomically and no temporary file is left", "[output]") {
  TempDir dir;
  const std::string path = dir.write("plan.json", "old");
  write_output_file(path, "new\n");
  CHECK(read_text(path) == "new\n");
  write_output_file(dir.file("fresh.json"), "x");
  CHECK(read_text(dir.file("fresh.json")) == "x");
  CHECK(entries_in(dir.path()) == 2);
}

TEST_CASE("writing to a FIFO writes through it instead of replacing it", "[output]") {
  TempDir dir;
  const std::string fifo = dir.file("pipe");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] {
    const int fd = ::open(fifo.c_str(), O_RDONLY);
    if (fd < 0) return;
    char buffer[256];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
      received.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
  });
  write_output_file(fifo, "through the pipe\n");
  reader.join();
  CHECK(received == "through the pipe\n");
  CHECK(file_type(fifo) == S_IFIFO);
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("writing to a character device writes to it instead of replacing it", "[output]") {
  TempDir dir;
  struct stat null_stat {};
  REQUIRE(::stat("/dev/null", &null_stat) == 0);  // only its device numbers are read
  const std::string device = dir.file("null");
  if (::mknod(device.c_str(), S_IFCHR | 0666, null_stat.st_rdev) != 0) {
    WARN("mknod of a character device is not permitted here (" << std::strerror(errno)
                                                               << "); only the FIFO case runs");
    return;
  }
  write_output_file(device, "discarded\n");
  CHECK(file_type(device) == S_IFCHR);
  struct stat after {};
  REQUIRE(::stat(device.c_str(), &after) == 0);
  CHECK(major(after.st_rdev) == major(null_stat.st_rdev));
  CHECK(minor(after.st_rdev) == minor(null_stat.st_rdev));
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("an output that is one of the run's inputs is refused and left as it was", "[output]") {
  TempDir dir;
  const std::string catalog = dir.write("catalog.json", "{}");
  CHECK_THROWS_WITH(write_output_file(catalog, "plan", {catalog}),
                    catalog + ": would overwrite input " + catalog);
  // The same file under another spelling, and through a hard link.
  const std::string other = (dir.path() / "." / "catalog.json").string();
  CHECK_THROWS_WITH(write_output_file(other, "plan", {catalog}),
                    other + ": would overwrite input " + catalog);
  const std::string link = dir.file("link.json");
  REQUIRE(::link(catalog.c_str(), link.c_str()) == 0);
  CHECK_THROWS_AS(write_output_file(link, "plan", {catalog}), OutputError);
  CHECK(read_text(catalog) == "{}");
  // Inputs that do not exist (bundled names) and unrelated files do not stop a write.
  write_output_file(dir.file("plan.json"), "plan", {catalog, "maia-closed", ""});
  CHECK(read_text(dir.file("plan.json")) == "plan");
}

TEST_CASE("a missing folder or a folder as output is an OutputError with the OS's reason",
          "[output]") {
  TempDir dir;
  CHECK_THROWS_WITH(write_output_file(dir.file("missing/plan.json"), "x"),
                    dir.file("missing/plan.json") + ": cannot write: No such file or directory");
  CHECK_THROWS_WITH(write_output_file(dir.path().string(), "x"),
                    dir.path().string() + ": cannot write: Is a directory");
  CHECK(entries_in(dir.path()) == 0);
}

TEST_CASE("a symlink to a file keeps the link and replaces its target", "[output]") {
  TempDir dir;
  const std::string target = dir.write("target.json", "old");
  const std::string link = dir.file("link.json");
  REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
  write_output_file(link, "new");
  CHECK(file_type(link) == S_IFLNK);
  CHECK(read_text(target) == "new");
}
