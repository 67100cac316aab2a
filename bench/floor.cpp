// The in-process floor for `certkeep inspect`: on one thread, only what OpenSSL must do to decode the
// benchmark tree's files, with none of certkeep's work (fingerprints, names, status, JSON).
//
//   certkeep_floor TREE [--benchmark_* flags]
//   certkeep_floor TREE --once NAME[,NAME...] [K/N]   one pass of each set named (floor/pem, ...), no
//                                     timing: for hyperfine to time beside certkeep, CPU time included.
//                                     With K/N, only the files K, K+N, K+2N... of each set: N processes
//                                     with K = 0..N-1 share the work out over N cores.
//
// TREE is bench/make-tree.sh's DIR/tree; the store password is read from TREE/../password.txt.
//   floor/pem     read file + PEM_read_bio_X509, for every file under TREE/pem
//   floor/pkcs12  read file + d2i_PKCS12 + PKCS12_parse (MAC check, bag decryption), under TREE/p12
// JKS has no OpenSSL decoder, so it has no floor. For reference only, certkeep/* time certkeep's own
// read_keystore (the library call behind inspect, no output) on one thread over pem, p12 and jks;
// certkeep/pem+details adds every certificate's details, certkeep/pem+json the JSON object of the file.
// One iteration reads a whole set; the "files" counter gives files per second.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/render_json.h"
#include "core/keystore/reader.h"
#include "core/ossl/providers.h"
#include "core/ossl/ptr.h"
#include "core/util/file.h"

namespace {
namespace fs = std::filesystem;
using certkeep::ossl::UniquePtr;

std::vector<std::string> files_under(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::uint8_t> read_or_die(const std::string& path) {
  auto bytes = certkeep::read_file(path);
  if (!bytes) throw std::runtime_error(path + ": " + bytes.error().message);
  return std::move(*bytes);
}

bool decode_pem_certificate(const std::string& path) {
  const auto bytes = read_or_die(path);
  UniquePtr<BIO> bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  UniquePtr<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  return cert != nullptr;
}

bool parse_pkcs12(const std::string& path, const std::string& password) {
  const auto bytes = read_or_die(path);
  const unsigned char* p = bytes.data();
  UniquePtr<PKCS12> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(bytes.size())));
  if (!p12) return false;
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  const bool ok = PKCS12_parse(p12.get(), password.c_str(), &key, &cert, &ca) == 1;
  UniquePtr<EVP_PKEY> owned_key(key);
  UniquePtr<X509> owned_cert(cert);
  certkeep::ossl::X509Stack owned_ca(ca);
  return ok && owned_key && owned_cert;
}

bool certkeep_read(const std::string& path, const std::vector<certkeep::PasswordCandidate>& passwords) {
  const auto bytes = read_or_die(path);
  auto read = certkeep::read_keystore(bytes, passwords);
  return read && !read->keystore.entries.empty();
}

// read_keystore, then every certificate's details (names, fingerprints, extensions): inspect's reading.
bool certkeep_details(const std::string& path, const std::vector<certkeep::PasswordCandidate>& passwords) {
  const auto bytes = read_or_die(path);
  auto read = certkeep::read_keystore(bytes, passwords);
  if (!read) return false;
  std::size_t n = 0;
  for (const auto& e : read->keystore.entries)
    for (const auto& c : e.chain) n += c.details().serial.size();
  return n > 0;
}

// The same, plus the file's JSON object as `inspect --json` writes it: inspect's work on one file.
bool certkeep_json(const std::string& path, const std::vector<certkeep::PasswordCandidate>& passwords) {
  certkeep::FileReport r;
  r.path = path;
  auto bytes = read_or_die(path);
  auto read = certkeep::read_keystore(bytes, passwords);
  if (!read) return false;
  r.result = std::move(*read);
  const certkeep::cli::Judgement j{1800000000, {}};
  const auto json = certkeep::cli::file_json(r, j).dump();
  benchmark::DoNotOptimize(json.data());
  return !json.empty();
}

// Runs `decode` over every file of `files` once per iteration; a file it fails to decode stops the run.
template <typename Decode>
void run_set(benchmark::State& state, const std::vector<std::string>& files, Decode decode) {
  for (auto _ : state) {
    for (const auto& f : files) {
      if (!decode(f)) {
        state.SkipWithError(("cannot decode " + f).c_str());
        return;
      }
    }
  }
  state.counters["files"] = benchmark::Counter(static_cast<double>(files.size()),
                                               benchmark::Counter::kIsIterationInvariantRate);
}

std::string read_password(const fs::path& tree) {
  std::ifstream in(tree.parent_path() / "password.txt");
  std::string line;
  std::getline(in, line);
  if (line.empty()) throw std::runtime_error("no password in " + (tree.parent_path() / "password.txt").string());
  return line;
}

struct Set {
  std::string name;
  const std::vector<std::string>* files;
  std::function<bool(const std::string&)> decode;
};

std::vector<Set> sets(const fs::path& tree) {
  static const auto pem = files_under(tree / "pem");
  static const auto p12 = files_under(tree / "p12");
  static const auto jks = files_under(tree / "jks");
  static const std::string password = read_password(tree);
  static const std::vector<certkeep::PasswordCandidate> candidates{{certkeep::Secret(password), false}};
  return {
      {"floor/pem", &pem, decode_pem_certificate},
      {"floor/pkcs12", &p12, [](const std::string& f) { return parse_pkcs12(f, password); }},
      {"certkeep/pem", &pem, [](const std::string& f) { return certkeep_read(f, candidates); }},
      {"certkeep/pem+details", &pem, [](const std::string& f) { return certkeep_details(f, candidates); }},
      {"certkeep/pem+json", &pem, [](const std::string& f) { return certkeep_json(f, candidates); }},
      {"certkeep/pkcs12", &p12, [](const std::string& f) { return certkeep_read(f, candidates); }},
      {"certkeep/jks", &jks, [](const std::string& f) { return certkeep_read(f, candidates); }},
  };
}

void register_all(const fs::path& tree) {
  for (const auto& s : sets(tree)) {
    benchmark::RegisterBenchmark(s.name.c_str(), [s](benchmark::State& st) { run_set(st, *s.files, s.decode); })
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime()
        ->MinTime(3.0);
  }
}

// Files part/parts, part/parts + parts, ... of a set.
struct Share {
  std::size_t part = 0, parts = 1;
};

// One pass over `share` of the set `name`; 1 when a file does not decode or there is no such set.
int run_once(const fs::path& tree, const std::string& name, Share share) {
  for (const auto& s : sets(tree)) {
    if (s.name != name) continue;
    for (std::size_t i = share.part; i < s.files->size(); i += share.parts) {
      if (!s.decode((*s.files)[i])) {
        std::cerr << "certkeep_floor: cannot decode " << (*s.files)[i] << "\n";
        return 1;
      }
    }
    return 0;
  }
  std::cerr << "certkeep_floor: no set " << name << "\n";
  return 1;
}

// One pass of each set of the comma-separated `names`, in turn.
int run_once_each(const fs::path& tree, std::string_view names, Share share) {
  while (!names.empty()) {
    const auto comma = names.find(',');
    if (const int status = run_once(tree, std::string(names.substr(0, comma)), share); status != 0) return status;
    names = comma == std::string_view::npos ? std::string_view() : names.substr(comma + 1);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const bool once = (argc == 4 || argc == 5) && std::string_view(argv[2]) == "--once";
  Share share;
  if (argc == 5 && (std::sscanf(argv[4], "%zu/%zu", &share.part, &share.parts) != 2 || share.part >= share.parts)) {
    std::cerr << "certkeep_floor: K/N expected, got " << argv[4] << "\n";
    return 2;
  }
  if (argc != 2 && !once) {
    std::cerr << "usage: certkeep_floor TREE [--benchmark_* flags] | TREE --once SET[,SET...] [K/N]\n";
    return 2;
  }
  try {
    certkeep::ossl::ensure_providers();  // legacy stores need the legacy provider, as in certkeep
    if (once) return run_once_each(argv[1], argv[3], share);
    register_all(argv[1]);
  } catch (const std::exception& e) {
    std::cerr << "certkeep_floor: " << e.what() << "\n";
    return 2;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
