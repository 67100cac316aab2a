#!/usr/bin/env bash
# bench/floor-parallel.sh FLOOR TREE SETS N: N processes of `FLOOR TREE --once SETS K/N` (K = 0..N-1) side
# by side, each a pass over its share of the files: the floor's own time on N cores, which
# scripts/bench.sh times beside certkeep's default run. Fails if any of them fails.
set -euo pipefail
floor=$1 tree=$2 sets=$3 n=$4
pids=()
for ((k = 0; k < n; k++)); do
  "$floor" "$tree" --once "$sets" "$k/$n" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit "$status"
