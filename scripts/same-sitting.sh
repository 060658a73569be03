#!/usr/bin/env bash
# Issue 12's table in one sitting: ours (crash n=3; Byzantine n=4 with signatures, macs, hybrid) and
# BFT-SMaRt (crash, bft) with the same client counts and payloads, minutes apart on one machine.
# Writes one CSV, OUT/sitting.csv, with one row per system, mode and setting:
#   system,mode,auth,n,clients,value_bytes,ops_per_s,p50_ms,p99_ms,load_average,time_utc
#
# Usage: scripts/same-sitting.sh [BFTSMART_TARBALL]   (BFT-SMaRt is built once by its build.sh)
# Settings from the environment: CS="1 16 64 128" SIZES="1 1024" DUR=10s WARM=20s SWARM=20 SDUR=10
#   OUT=results/sitting  SKIP_OURS=1  SKIP_SMART=1  MODES="crash byzsig byzmac byzhyb"
# Our log is fsynced in the cluster's data directory (under OUT: put OUT on the disk you mean).
# Value 1 B is load's smallest; BFT-SMaRt's payload is then 0 B. Takes about 25 minutes with the
# defaults; run it on an otherwise idle machine and compare only rows of one run.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-results/sitting}; mkdir -p "$OUT"
CS=${CS:-"1 16 64 128"}; SIZES=${SIZES:-"1 1024"}; DUR=${DUR:-10s}; WARM=${WARM:-20s}
MODES=${MODES:-"crash byzsig byzmac byzhyb"}
SMART=../shared/bench/bftsmart
CSV="$OUT/sitting.csv"
echo "system,mode,auth,n,clients,value_bytes,ops_per_s,p50_ms,p99_ms,load_average,time_utc" > "$CSV"
./bft-paxos --help > /dev/null   # builds the jar once
field() { sed -n "s/.*\"$2\" : \([0-9.]*\).*/\1/p" "$1" | head -1; }   # a number from load.json
pct() { sed -n "/\"latency\"/,/}/s/.*\"$2\" : \([0-9]*\).*/\1/p" "$1" | head -1; }
run_ours() { # label mode n auth [cluster args...]
  local label=$1 mode=$2 n=$3 auth=$4; shift 4
  local d="$OUT/cluster-$label"; rm -rf "$d"
  ./bft-paxos cluster --mode "$mode" --n "$n" --dir "$d" --clients 128 "$@" > "$OUT/cluster-$label.out" 2>&1 &
  local cp=$!
  for _ in $(seq 240); do grep -q '^leader ' "$OUT/cluster-$label.out" && break; sleep 0.5; done
  ./bft-paxos load --config "$d/cluster.yaml" --clients 16 --duration "$WARM" --warmup 0s --value-bytes 1 -q \
    --out "$OUT/warm-$label" > /dev/null 2>&1 || true
  for b in $SIZES; do for c in $CS; do
    local o="$OUT/ours-$label-$c-$b"
    ./bft-paxos load --config "$d/cluster.yaml" --clients "$c" --duration "$DUR" --warmup 2s --value-bytes "$b" -q \
      --out "$o" > "$o.txt" 2>&1 || true
    local j="$o/load.json"
    if [ -s "$j" ]; then
      echo "ours,$mode,$auth,$n,$c,$b,$(field "$j" throughputOpsPerSecond),$(awk -v u="$(pct "$j" p50Micros)" 'BEGIN{printf "%.3f", u/1000}'),$(awk -v u="$(pct "$j" p99Micros)" 'BEGIN{printf "%.3f", u/1000}'),$(cut -d' ' -f1 /proc/loadavg),$(date -u +%T)" >> "$CSV"
    else
      echo "ours,$mode,$auth,$n,$c,$b,NA,NA,NA,$(cut -d' ' -f1 /proc/loadavg),$(date -u +%T)" >> "$CSV"
    fi
    tail -1 "$CSV"
  done; done
  kill "$cp"; wait "$cp" 2>/dev/null || true; sleep 2
}
if [ -z "${SKIP_OURS:-}" ]; then
  for m in $MODES; do
    case $m in
      crash) run_ours crash crash 3 - ;;
      byzsig) run_ours byzsig byzantine 4 signatures ;;
      byzmac) run_ours byzmac byzantine 4 macs --set crypto.clientAuth=macs ;;
      byzhyb) run_ours byzhyb byzantine 4 hybrid --set crypto.clientAuth=hybrid ;;
      *) echo "unknown mode $m (crash, byzsig, byzmac, byzhyb)" >&2; exit 2 ;;
    esac
  done
fi
if [ -z "${SKIP_SMART:-}" ]; then
  if [ -n "${1:-}" ]; then bash "$SMART/build.sh" "$1"; fi
  for m in crash bft; do for b in $SIZES; do
    p=$b; [ "$b" = 1 ] && p=0
    for c in $CS; do
      r=$(WARMUP=${SWARM:-20} bash "$SMART/run.sh" "$m" "$c" "${SDUR:-10}" "$p" 2> "$OUT/bftsmart-$m-$c-$p.err" | tail -1)
      get() { echo "$r" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
      n=4; [ "$m" = crash ] && n=3
      echo "bftsmart,$m,-,$n,$c,$p,$(get ops_per_s),$(get p50_ms),$(get p99_ms),$(cut -d' ' -f1 /proc/loadavg),$(date -u +%T)" >> "$CSV"
      tail -1 "$CSV"
    done
  done; done
fi
echo "wrote $CSV"
