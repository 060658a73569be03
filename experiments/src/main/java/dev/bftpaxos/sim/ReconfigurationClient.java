package dev.bftpaxos.sim;

import dev.bftpaxos.core.client.ClientCore;
import dev.bftpaxos.core.client.ClientOutput;
import dev.bftpaxos.core.log.ConfigChange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's administrator: submits the plan's configuration changes, one at a time, through
 * the log like any client request (the replicas decide whether each is allowed), and keeps what
 * came back. A change the plan issues while the previous one is outstanding waits its turn.
 */
final class ReconfigurationClient {
  /** Below the workload clients' ids (1000 on). */
  static final long CLIENT_ID = 999;

  /** Where an ADD's and a REPLACE's public key come from. */
  interface KeySource {
    byte[] toAdd(int replica);

    byte[] rotate(int replica);
  }

  final ClientCore core;
  private final KeySource keys;
  private final ArrayDeque<FaultEvent.Reconfigure> waiting = new ArrayDeque<>();
  private final List<String> results = new ArrayList<>();
  private int rotations;

  /** Crash mode: keys are kept but checked by no one, so a stand-in per change will do. */
  ReconfigurationClient(ClientCore core) {
    this.core = core;
    this.keys = new KeySource() {
      @Override
      public byte[] toAdd(int replica) {
        return key(replica);
      }

      @Override
      public byte[] rotate(int replica) {
        return key(replica);
      }
    };
  }

  /** Byzantine mode: real keys ({@link SimKeys#publicKeyToAdd}, {@link SimKeys#rotate}). */
  ReconfigurationClient(ClientCore core, KeySource keys) {
    this.core = core;
    this.keys = keys;
  }

  void enqueue(FaultEvent.Reconfigure change) {
    waiting.add(change);
  }

  /** Submits the next waiting change if nothing is outstanding. */
  ClientOutput next() {
    if (core.busy() || waiting.isEmpty()) {
      return ClientOutput.NONE;
    }
    FaultEvent.Reconfigure c = waiting.poll();
    ConfigChange change = switch (c.kind()) {
      case "add" -> ConfigChange.add(c.replica(), keys.toAdd(c.replica()));
      case "remove" -> ConfigChange.remove(c.replica());
      default -> ConfigChange.replace(c.replica(), keys.rotate(c.replica()));
    };
    return core.submit(change.encode());
  }

  /** A fresh key's stand-in per change (crash mode keeps keys but checks none). */
  private byte[] key(int replica) {
    return ("key-" + replica + "-" + rotations++).getBytes(StandardCharsets.UTF_8);
  }

  /** Whether a change is outstanding or still waiting its turn: the run must not end with one. */
  boolean busy() {
    return core.busy() || !waiting.isEmpty();
  }

  /** How many changes have not come back yet (the outstanding one and those waiting). */
  int unfinished() {
    return (core.busy() ? 1 : 0) + waiting.size();
  }

  void completed(String result) {
    results.add(result);
  }

  List<String> results() {
    return List.copyOf(results);
  }
}
