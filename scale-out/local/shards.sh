#!/usr/bin/env bash
# Runs N shards of a bft-paxos sweep on this machine, P at a time, then merges them: the
# one-machine form of scale-out/kubernetes and scale-out/slurm, and a way to use every core with
# one thread per process.
#
#   scale-out/local/shards.sh 4 matrix --seeds 20                 (4 shards, as many at once as cores)
#   P=2 scale-out/local/shards.sh 8 attack --n 5 --seeds 20000
#   OUT=results/matrix scale-out/local/shards.sh 4 matrix
#
# The same with GNU parallel instead of xargs:
#   parallel -j 2 java -jar bft-paxos.jar matrix --shard {}/4 --out shards -q ::: 0 1 2 3
#   java -jar bft-paxos.jar merge shards --out results/matrix
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: shards.sh N COMMAND [ARGS...]   (N shards of 'bft-paxos COMMAND ARGS...', then merge)" >&2
  exit 2
fi
count="$1"
shift
if ! [[ "$count" =~ ^[1-9][0-9]*$ ]]; then
  echo "shards.sh: N must be a whole number >= 1, got '$count'" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# How to start the tool: the checkout's wrapper by default (it builds the jar once); a test or a
# cluster node can give 'java -jar /path/bft-paxos.jar' instead.
read -r -a tool <<<"${BFT_PAXOS:-$root/bft-paxos}"
parallel="${P:-$(nproc)}"
shards="${SHARDS_DIR:-$(mktemp -d)}"
out="${OUT:-results/$1}"
mkdir -p "$shards"

# Build first if the wrapper needs to, so that the shards do not all try to build at once.
"${tool[@]}" --version >/dev/null
# One thread per shard process. If a shard fails, xargs still runs the others but exits non-zero,
# and set -e stops before the merge (which would refuse the missing shard anyway).
seq 0 $((count - 1)) | xargs -P "$parallel" -I{} "${tool[@]}" "$@" --shard "{}/$count" --out "$shards" \
  --threads 1 --quiet >"$shards/shards.log"
"${tool[@]}" merge "$shards" --out "$out"
