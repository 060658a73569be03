package dev.bftpaxos.shard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A shard's output file, {@code shard-I-of-N.jsonl}: JSON lines, first the settings, then one line
 * per raw result, then an end line with the record count. A shard killed mid-way leaves no end
 * line (the file is written to a temporary name and renamed when complete), so an incomplete
 * shard is refused rather than merged.
 *
 * <pre>
 * {"type":"settings","format":"bftpaxos-shard/v1","command":"matrix","shard":"1/4","settings":{...}}
 * {"type":"run", ...}
 * {"type":"end","records":1234,"wallSeconds":81.5,"threads":2}
 * </pre>
 */
public final class ShardFile {
  public static final String FORMAT = "bftpaxos-shard/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ShardFile() {}

  /** Writes {@code output} into {@code dir} as {@code shard-I-of-N.jsonl}; returns the file. */
  public static Path write(Path dir, ShardOutput output) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(output.shard().fileName());
    Path partial = dir.resolve(output.shard().fileName() + ".partial");
    try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      ObjectNode head = JSON.createObjectNode().put("type", "settings").put("format", FORMAT)
          .put("command", output.command()).put("shard", output.shard().render());
      head.set("settings", output.settings());
      line(w, head);
      for (ObjectNode r : output.records()) {
        line(w, r);
      }
      line(w, JSON.createObjectNode().put("type", "end").put("records", output.records().size())
          .put("wallSeconds", output.wallSeconds()).put("threads", output.threads()));
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  private static void line(BufferedWriter w, JsonNode n) throws IOException {
    w.write(JSON.writeValueAsString(n));
    w.write('\n');
  }

  /**
   * The shard outputs at {@code path}: the file itself, or every {@code shard-*-of-*.jsonl} in the
   * folder. Every problem is an IllegalArgumentException whose message names the file.
   */
  public static List<ShardOutput> readAll(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(read(path));
    }
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException(path + ": no such shard output (give a folder a shard wrote into, or its "
          + "shard-I-of-N.jsonl file)");
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(path, "shard-*-of-*.jsonl")) {
      ds.forEach(files::add);
    } catch (IOException e) {
      throw new IllegalArgumentException(path + ": cannot list the folder: " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(path + ": holds no shard output (shard-I-of-N.jsonl); was it the --out of "
          + "a run with --shard?");
    }
    files.sort(null);
    List<ShardOutput> out = new ArrayList<>();
    for (Path f : files) {
      out.add(read(f));
    }
    return out;
  }

  public static ShardOutput read(Path file) {
    List<ObjectNode> lines = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String s;
      int n = 0;
      while ((s = r.readLine()) != null) {
        n++;
        if (s.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(s);
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(file + ": line " + n + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode o) || !o.has("type")) {
          throw new IllegalArgumentException(file + ": line " + n + " is not a shard record (no \"type\")");
        }
        lines.add(o);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
    }
    if (lines.isEmpty() || !lines.get(0).path("type").asText().equals("settings")) {
      throw new IllegalArgumentException(file + ": not a shard output (its first line is not the settings)");
    }
    ObjectNode head = lines.get(0);
    if (!FORMAT.equals(head.path("format").asText())) {
      throw new IllegalArgumentException(file + ": format '" + head.path("format").asText() + "', expected " + FORMAT);
    }
    ObjectNode end = lines.get(lines.size() - 1);
    int records = lines.size() - 2;
    if (lines.size() < 2 || !end.path("type").asText().equals("end") || end.path("records").asInt(-1) != records) {
      throw new IllegalArgumentException(file + ": incomplete (no end line, or fewer records than it says): the shard "
          + "did not finish; run it again");
    }
    Shard shard;
    try {
      shard = Shard.parse(head.path("shard").asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
    if (!(head.get("settings") instanceof ObjectNode settings)) {
      throw new IllegalArgumentException(file + ": the settings line has no settings");
    }
    return new ShardOutput(file, head.path("command").asText(), shard, settings, lines.subList(1, lines.size() - 1),
        end.path("wallSeconds").asDouble(), end.path("threads").asInt());
  }
}
