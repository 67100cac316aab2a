// Heap settings for a command that runs for a moment (every run but the gateway and `scan --listen`).
//
// On virtual machines a page fault can cost far more than on bare metal: 14 µs per 4 KiB page on the
// 2-core VM of docs/benchmarks.md, against ~0.2 µs on hardware. A `keystore receive` into a 1,000-entry
// PKCS#12 store touched ~2,800 fresh pages (the store, its decrypted safe, the entries, the rewrite and
// its read-back, each ~0.5 MB), so page faults were half of its time. With these settings it touches
// ~500 (measured with `perf stat -e page-faults`).
#pragma once

namespace certkeep::cli {

// Keeps freed memory for reuse instead of returning it to the system (buffers of any size come from the
// heap, which is not trimmed below 128 MiB of free space), and asks for transparent huge pages (2 MiB,
// where the system allows them for regions that ask: `madvise` mode) for the first 32 MiB of heap the
// command will use. Costs nothing until the memory is touched; harmless where huge pages are off.
void prepare_heap_for_a_short_run();

}  // namespace certkeep::cli
