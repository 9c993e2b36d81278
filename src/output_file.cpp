#include "capplan/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "capplan/error.hpp"

namespace capplan {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void throw_write_error(const std::string& path, int error) {
  throw OutputError(path + ": cannot write: " + std::strerror(error));
}

// Writes all of `content` to `fd`; returns 0 or the errno of the failure.
int write_all(int fd, std::string_view content) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return 0;
}

// Permission bits a newly created file gets under the current umask.
mode_t default_file_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return static_cast<mode_t>(0666 & ~mask);
}

// A device, FIFO or socket: opened and written in place, never renamed over.
void write_special(const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw_write_error(path, errno);
  int error = write_all(fd, content);
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) throw_write_error(path, error);
}

// A regular file or a new one: temporary file in the same folder, fsync, rename.
void write_regular(const std::string& path, const fs::path& target, std::string_view content) {
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  const std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');

  const int fd = ::mkstemp(name.data());
  if (fd < 0) throw_write_error(path, errno);
  const std::string tmp_path(name.data());

  int error = write_all(fd, content);
  if (error == 0 && ::fchmod(fd, default_file_mode()) != 0) error = errno;
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && std::rename(tmp_path.c_str(), target.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(tmp_path.c_str());
    throw_write_error(path, error);
  }
  // The rename is durable once the folder is; a failure here loses nothing already written.
  if (const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

}  // namespace

void check_not_an_input(const std::string& path, const std::vector<std::string>& inputs) {
  struct stat out_stat {};
  if (::stat(path.c_str(), &out_stat) != 0) return;
  // A device such as /dev/null may be both read and written by one run.
  if (!S_ISREG(out_stat.st_mode)) return;
  for (const std::string& input : inputs) {
    struct stat in_stat {};
    if (input.empty() || ::stat(input.c_str(), &in_stat) != 0) continue;
    if (in_stat.st_dev == out_stat.st_dev && in_stat.st_ino == out_stat.st_ino)
      throw OutputError(path + ": would overwrite input " + input);
  }
}

void write_output_file(const std::string& path, std::string_view content,
                       const std::vector<std::string>& inputs) {
  if (path.empty()) throw OutputError("cannot write: empty file name");
  check_not_an_input(path, inputs);

  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw_write_error(path, EISDIR);
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) ||
        S_ISBLK(st.st_mode)) {
      write_special(path, content);
      return;
    }
  }
  // A symlink to a file is followed: its target is replaced and the link stays a link.
  fs::path target(path);
  std::error_code ec;
  if (fs::is_symlink(target, ec)) {
    const fs::path resolved = fs::weakly_canonical(target, ec);
    if (!ec) target = resolved;
  }
  write_regular(path, target, content);
}

}  // namespace capplan
