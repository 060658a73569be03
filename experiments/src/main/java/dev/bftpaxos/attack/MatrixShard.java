package dev.bftpaxos.attack;

import java.util.List;

/**
 * One shard's raw share of the resilience matrix, before any aggregation: every run it made, its
 * share of each follow-up search, and the counterexamples it shrank. {@link ResilienceMatrix#merge}
 * turns the shards' records into cells; {@link MatrixRecords} writes and reads them as JSON lines.
 */
public record MatrixShard(List<Run> runs, List<Search> searches, List<Shrunk> shrunk) {
  public MatrixShard {
    runs = List.copyOf(runs);
    searches = List.copyOf(searches);
    shrunk = List.copyOf(shrunk);
  }

  /** A cell: a mode and size, a behaviour, and how many replicas run it. */
  public record CellKey(ResilienceMatrix.Size size, String behaviour, int k) {
    /** {@code crash n=3 equivocating-proposer k=1}, for messages. */
    public String label() {
      return size.mode() + " n=" + size.replicas() + " " + behaviour + " k=" + k;
    }
  }

  /** One run of a cell: seed index i (seed base + i), what it completed and did, what it broke (null: nothing). */
  public record Run(CellKey cell, int seedIndex, long seed, long completed, long issued, double throughput, long acts,
      String violation) {}

  /** A shard's share of a cell's follow-up search: seeds judged, and its first failure (-1 and null: none). */
  public record Search(CellKey cell, int seedsRun, long failingSeed, String failingProperty) {}

  /** A counterexample a shard shrank: of the cell's own lowest failing seed, or of its search's. */
  public record Shrunk(CellKey cell, boolean fromSearch, CounterexampleReport report) {}
}
