// Writing a report folder as one step (capplan/report.hpp, write_report_dir): a temporary
// folder beside the report is filled, then swapped with it.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "capplan/error.hpp"
#include "capplan/output_file.hpp"
#include "capplan/report.hpp"

namespace capplan {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& dir, const std::string& reason) {
  throw OutputError(dir + ": cannot write: " + reason);
}

// The files an earlier run wrote, from its manifest; none when there is no readable one
// (then nothing is removed: a file capplan cannot prove it wrote is the user's).
std::set<std::string> files_of_old_manifest(const fs::path& dir) {
  std::set<std::string> names;
  std::ifstream in(dir / "manifest.json", std::ios::binary);
  if (!in) return names;
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json manifest = nlohmann::json::parse(text.str(), nullptr, false);
  if (!manifest.is_object() || !manifest.contains("files") || !manifest["files"].is_array())
    return names;
  for (const nlohmann::json& f : manifest["files"])
    if (f.is_object() && f.contains("name") && f["name"].is_string()) {
      const std::string name = f["name"].get<std::string>();
      // Only plain names inside the folder: a crafted manifest cannot reach outside it.
      if (!name.empty() && name.find('/') == std::string::npos && name != "." && name != "..")
        names.insert(name);
    }
  names.insert("manifest.json");
  return names;
}

mode_t folder_mode(const fs::path& existing) {
  struct stat st {};
  if (::stat(existing.c_str(), &st) == 0) return st.st_mode & 07777;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return static_cast<mode_t>(0777 & ~mask);
}

// Swaps two folders atomically where the file system can; otherwise two renames.
int swap_folders(const fs::path& a, const fs::path& b, const fs::path& spare) {
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return errno;
  if (std::rename(b.c_str(), spare.c_str()) != 0) return errno;
  if (std::rename(a.c_str(), b.c_str()) != 0) {
    const int error = errno;
    std::rename(spare.c_str(), b.c_str());
    return error;
  }
  if (std::rename(spare.c_str(), a.c_str()) != 0) return errno;
  return 0;
}

// A folder that is a mount point (a volume given to a container, say) cannot be swapped with
// a sibling on another file system.
bool is_mount_point(const fs::path& dir, const fs::path& parent) {
  struct stat d {
  }, p{};
  return ::stat(dir.c_str(), &d) == 0 && ::stat(parent.c_str(), &p) == 0 && d.st_dev != p.st_dev;
}

// Each file replaced atomically in place, the manifest last; then the stale files go. A failed
// run leaves some files new and the old manifest, which still names every file it wrote.
ReportWriteResult write_in_place(const std::string& dir, const fs::path& target,
                                 const std::vector<ReportFile>& files) {
  ReportWriteResult result;
  const std::set<std::string> before = files_of_old_manifest(target);
  std::set<std::string> now;
  for (const ReportFile& f : files) {
    write_output_file((target / f.name).string(), f.content);
    now.insert(f.name);
    ++result.written;
  }
  for (const std::string& name : before) {
    if (now.count(name) != 0) continue;
    std::error_code ec;
    if (fs::remove(target / name, ec)) ++result.removed;
    if (ec) fail(dir, name + ": " + ec.message());
  }
  return result;
}

}  // namespace

ReportWriteResult write_report_dir(const std::string& dir, const std::vector<ReportFile>& files,
                                   const std::vector<std::string>& inputs) {
  std::error_code ec;
  fs::path target = fs::path(dir).lexically_normal();
  if (target.has_filename() == false && target.has_parent_path()) target = target.parent_path();
  // A link to a folder stays a link: the folder it names is the one replaced.
  if (fs::is_symlink(target, ec)) {
    const fs::path resolved = fs::canonical(target, ec);
    if (!ec) target = resolved;
  }
  for (const ReportFile& f : files) check_not_an_input((target / f.name).string(), inputs);
  const bool existed = fs::exists(target, ec);
  if (existed && !fs::is_directory(target, ec)) fail(dir, std::strerror(ENOTDIR));
  fs::path parent = target.parent_path();
  if (parent.empty()) parent = ".";
  fs::create_directories(parent, ec);
  if (ec) fail(dir, ec.message());
  if (existed && is_mount_point(target, parent)) return write_in_place(dir, target, files);

  const std::string stem = "." + target.filename().string() + ".tmp-";
  std::string tmpl = (parent / (stem + "XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) fail(dir, std::strerror(errno));
  const fs::path tmp(tmpl);
  ReportWriteResult result;
  try {
    for (const ReportFile& f : files) {
      try {
        write_output_file((tmp / f.name).string(), f.content);
      } catch (const OutputError& e) {
        std::string message = e.what();
        if (message.rfind(tmp.string(), 0) == 0)
          message = (target / "").string() + message.substr(tmp.string().size() + 1);
        throw OutputError(message);
      }
      ++result.written;
    }
    std::vector<std::string> subfolders;
    if (existed) {
      std::set<std::string> now;
      for (const ReportFile& f : files) now.insert(f.name);
      const std::set<std::string> before = files_of_old_manifest(target);
      for (const fs::directory_entry& e : fs::directory_iterator(target, ec)) {
        const std::string name = e.path().filename().string();
        if (now.count(name) != 0) continue;
        if (before.count(name) != 0) {
          ++result.removed;
          continue;
        }
        // Someone else's file: the new folder keeps it (a hard link, so nothing is copied).
        if (e.is_directory() && !e.is_symlink()) {
          subfolders.push_back(name);
        } else if (e.is_symlink()) {
          fs::copy_symlink(e.path(), tmp / name, ec);
          if (ec) fail(dir, name + ": " + ec.message());
        } else if (::link(e.path().c_str(), (tmp / name).c_str()) != 0) {
          fail(dir, name + ": " + std::strerror(errno));
        }
      }
      if (ec) fail(dir, ec.message());
    }
    if (::chmod(tmp.c_str(), folder_mode(target)) != 0) fail(dir, std::strerror(errno));
    if (existed) {
      std::string spare = (parent / (stem + "XXXXXX")).string();
      if (::mkdtemp(spare.data()) == nullptr) fail(dir, std::strerror(errno));
      ::rmdir(spare.c_str());
      if (const int error = swap_folders(tmp, target, spare); error != 0)
        fail(dir, std::strerror(error));
      // `tmp` is now the old report. Folders of the user's move over; then it goes.
      for (const std::string& name : subfolders)
        std::rename((tmp / name).c_str(), (target / name).c_str());
      fs::remove_all(tmp, ec);
    } else if (std::rename(tmp.c_str(), target.c_str()) != 0) {
      fail(dir, std::strerror(errno));
    }
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
  return result;
}

}  // namespace capplan
