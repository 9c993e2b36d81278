// Writing a file capplan produces: a plan, a report file, an exported LP, a sweep shard. Every
// output goes through write_output_file so that every path follows the same rules:
//
//   - a regular file, or a path that does not exist yet, is replaced atomically: the content
//     goes to a temporary file in the same folder, which is fsynced and renamed over the path
//     (a symlink is followed: its target is replaced, the link stays);
//   - a character device, FIFO or socket (`/dev/null`, a named pipe) is written directly: a
//     rename would replace the special file with a regular one;
//   - a path that resolves (same device and inode) to one of the run's input files is refused:
//     a plan written over its own catalog would destroy the input;
//   - anything the OS refuses (a missing folder, no permission, a full disk) is reported with
//     the OS's reason.
// Failures throw OutputError ("PATH: cannot write: No such file or directory"); the path is
// left as it was. Writing to stdout is the command line's business, not this function's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace capplan {

// Writes `content` to `path` under the rules above. `inputs` are the paths of the files the
// run read (ones that do not exist are ignored).
void write_output_file(const std::string& path, std::string_view content,
                       const std::vector<std::string>& inputs = {});

// Throws OutputError "PATH: would overwrite input INPUT" when `path` names the same file as one
// of `inputs`; does nothing when `path` does not exist yet.
void check_not_an_input(const std::string& path, const std::vector<std::string>& inputs);

}  // namespace capplan
