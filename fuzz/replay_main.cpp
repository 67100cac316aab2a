// Replays a corpus through a fuzz target without libFuzzer: every regular file named on the command line
// or found under a directory named there (in sorted order) is passed once to LLVMFuzzerTestOneInput.
// CTest runs it as fuzz_replay.<target>; it also reproduces a crash under GCC or a debugger:
//   fuzz_replay_fuzz_pkcs12 crash-1234abcd
// Exit status 0 when every input ran, 2 when an argument is missing or there was nothing to run; a broken
// invariant aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs(int argc, char** argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    if (!fs::exists(arg)) {
      std::cerr << arg.string() << ": no such file or directory\n";
      return {};
    }
    if (!fs::is_directory(arg)) {
      files.push_back(arg);
      continue;
    }
    for (const auto& e : fs::recursive_directory_iterator(arg))
      if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::uint8_t> slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  const auto files = inputs(argc, argv);
  if (files.empty()) {
    std::cerr << "usage: " << argv[0] << " FILE|DIR...: no input files found\n";
    return 2;
  }
  for (const auto& f : files) {
    std::cerr << "replaying " << f.string() << '\n';
    const auto bytes = slurp(f);
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  }
  std::cerr << files.size() << " inputs replayed without a broken invariant\n";
  return 0;
}
