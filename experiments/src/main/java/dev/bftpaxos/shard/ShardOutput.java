package dev.bftpaxos.shard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * What one shard produced: the command and settings it ran with, its raw results (one JSON object
 * per run, search or counterexample, in the order the shard wrote them), and how long it took.
 * Reports are a function of the settings and records only; {@code wallSeconds} and
 * {@code threads} are kept apart so that they can never make two reports differ.
 */
public record ShardOutput(Path source, String command, Shard shard, ObjectNode settings, List<ObjectNode> records,
    double wallSeconds, int threads) {
  public ShardOutput {
    records = List.copyOf(records);
  }

  /** The records of one type ({@code "run"}, {@code "search"}, ...), in order. */
  public List<ObjectNode> records(String type) {
    return records.stream().filter(r -> r.path("type").asText().equals(type)).toList();
  }

  /** How this shard is named in messages: {@code shard 2/4 (results/x/shard-2-of-4.jsonl)}. */
  public String name() {
    return "shard " + shard.render() + (source == null ? "" : " (" + source + ")");
  }
}
