// The core's one "did you mean" suggester and its one way to build and read JSON pointers
// (json_util.hpp), used by the input documents, the command line and sweep.
#include "json_util.hpp"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

namespace capplan {

TEST_CASE("edit distance counts inserts, deletes and substitutions", "[validate]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("aws-us-east-9", "aws-us-east-2") == 1);
}

TEST_CASE("suggestions come only from near ids", "[validate]") {
  const std::vector<std::string> ids = {"aws-us-east-1", "aws-us-east-2", "gcp-us-central1"};
  // Ties go to the first candidate.
  CHECK(did_you_mean("aws-us-east-9", ids) == " (did you mean \"aws-us-east-1\"?)");
  CHECK(did_you_mean("azure-eu-west", ids).empty());
  CHECK(did_you_mean("max_chip", {"max_chips", "region"}) == " (did you mean \"max_chips\"?)");
  CHECK(did_you_mean("jsn", {"table", "json"}) == " (did you mean \"json\"?)");
  CHECK(did_you_mean("zzzzzz", {"trn2", "h200"}).empty());
}

TEST_CASE("did you mean never suggests the word itself", "[validate]") {
  // The command line's suggester held this rule and the documents' one did not; the one left
  // keeps it.
  CHECK(did_you_mean("json", {"json"}).empty());
  CHECK(did_you_mean("json", {"jsn", "json"}).empty());
}

TEST_CASE("did you mean escapes quotes in the suggestion", "[validate]") {
  // The command line's suggester printed "a"b" for a candidate a"b; the one left escapes it.
  CHECK(did_you_mean("a\"c", {"a\"b"}) == " (did you mean \"a\\\"b\"?)");
}

TEST_CASE("json pointers escape ~ and /", "[validate]") {
  CHECK(pointer_append("/offerings", "a/b~c") == "/offerings/a~1b~0c");
  CHECK(pointer_append("/x", "~1") == "/x/~01");
  CHECK(pointer_append("", "") == "/");
  CHECK(pointer_append("/x", std::size_t{3}) == "/x/3");
  CHECK(pointer_append("", std::size_t{0}) == "/0");
}

TEST_CASE("json pointers read back to their tokens", "[validate]") {
  CHECK(pointer_tokens("") == std::vector<std::string>{});
  CHECK(pointer_tokens("/") == std::vector<std::string>{""});
  CHECK(pointer_tokens("/provider_share/*/max") ==
        std::vector<std::string>{"provider_share", "*", "max"});
  CHECK(pointer_tokens("/a~1b/~01") == std::vector<std::string>{"a/b", "~1"});
  const std::string built = pointer_append(pointer_append("", "r/1~x"), std::size_t{2});
  CHECK(pointer_tokens(built) == std::vector<std::string>{"r/1~x", "2"});
  CHECK(pointer_tokens("no-slash") == std::nullopt);
  CHECK(pointer_tokens("/a~2") == std::nullopt);
  CHECK(pointer_tokens("/a~") == std::nullopt);
}

}  // namespace capplan
