#!/usr/bin/env bash
# Runs one Jazzer fuzz target for real (not the corpus replay of plain `mvn test`).
#   scripts/fuzz.sh MODULE CLASS#METHOD [DURATION]
#   scripts/fuzz.sh bft-core WireCodecFuzzTest#peerFrame 60s
# DURATION overrides the target's @FuzzTest(maxDuration); a crash is written into the
# target's ...Inputs/<method>/ corpus directory under src/test/resources, where plain
# `mvn test` replays it from then on. See docs/FUZZING.md.
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 MODULE CLASS#METHOD [DURATION]" >&2
  exit 2
fi
module=$1 target=$2 duration=${3:-}
cd "$(dirname "$0")/.."
extra=()
if [[ -n "$duration" ]]; then
  # jazzer-junit reads its options from system properties; this one bounds the fuzzing time.
  extra+=("-Djazzer.max_duration=$duration")
fi
JAZZER_FUZZ=1 exec mvn -B -o -q test -pl "$module" -am \
  -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false "${extra[@]}"
