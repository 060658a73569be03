#!/usr/bin/env bash
# Measures how many seeds an hour one core runs in each mode and size: the property sweep
# (attack without faulty replicas: random-faults / byzantine-random-faults, every checker on), on
# every core of this machine, timed by CPU time (user + system, so that other load on the machine
# does not count) and by wall time. Prints one markdown table row per configuration.
#
#   scale-out/local/seeds-per-hour.sh                 (the seeds per size below)
#   SCALE=0.2 scale-out/local/seeds-per-hour.sh       (a fifth of them, for a quick look)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
read -r -a tool <<<"${BFT_PAXOS:-$root/bft-paxos}"
threads="${THREADS:-$(nproc)}"
scale="${SCALE:-1}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"${tool[@]}" --version >/dev/null

echo "| mode | n | seeds | threads | wall s | CPU s | seeds/hour/core (CPU) | seeds/hour (wall, all cores) | load before -> after |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for config in "crash random-faults 3 3000" "crash random-faults 5 2500" \
    "byzantine byzantine-random-faults 4 1200" "byzantine byzantine-random-faults 7 500"; do
  read -r mode scenario n seeds <<<"$config"
  seeds="$(awk -v s="$seeds" -v f="$scale" 'BEGIN { x = int(s * f); print (x < 1 ? 1 : x) }')"
  before="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
  TIMEFORMAT='%R %U %S'
  t="$( { time "${tool[@]}" attack --scenario "$scenario" --n "$n" --seeds "$seeds" --threads "$threads" -q \
      --out "$out" >"$out/log" 2>&1; } 2>&1 )"
  after="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
  read -r wall user sys <<<"$t"
  grep -q "^no violation in $seeds seeds" "$out/log" || { echo "unexpected result:" >&2; cat "$out/log" >&2; exit 1; }
  awk -v mode="$mode" -v n="$n" -v seeds="$seeds" -v th="$threads" -v w="$wall" -v u="$user" -v s="$sys" \
      -v b="$before" -v a="$after" 'BEGIN {
    cpu = u + s
    printf "| %s | %d | %d | %d | %.1f | %.1f | %d | %d | %s -> %s |\n", mode, n, seeds, th, w, cpu,
        seeds / cpu * 3600, seeds / w * 3600, b, a }'
done
