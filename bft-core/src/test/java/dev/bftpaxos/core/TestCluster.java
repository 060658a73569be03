package dev.bftpaxos.core;

import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvStateMachine;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A hand-driven cluster for scenario tests: the test decides which replica ticks, which message is
 * delivered, dropped or held, and who crashes. Randomness is fixed at zero, so an election timeout
 * is exactly {@code electionTimeoutTicks}.
 */
final class TestCluster {
  record InFlight(int from, int to, Message message) {}

  final int n;
  final CoreConfig config;
  final CrashReplica[] cores;
  final DurableState[] durable;
  final boolean[] up;
  final boolean[][] cut;
  final List<InFlight> inFlight = new ArrayList<>();
  final List<Reply> replies = new ArrayList<>();
  final List<dev.bftpaxos.core.msg.ReadReply> readReplies = new ArrayList<>();
  final List<List<Executed>> executed = new ArrayList<>();

  TestCluster(int n) {
    this(CoreConfig.defaults(n));
  }

  TestCluster(CoreConfig config) {
    this.n = config.replicaCount();
    this.config = config;
    this.cores = new CrashReplica[n];
    this.durable = new DurableState[n];
    this.up = new boolean[n];
    this.cut = new boolean[n][n];
    for (int r = 0; r < n; r++) {
      durable[r] = new DurableState();
      executed.add(new ArrayList<>());
      start(r);
    }
  }

  private void start(int r) {
    cores[r] = new CrashReplica(Cores.crash(r, config, new KvStateMachine(), bound -> 0, durable[r]));
    up[r] = true;
  }

  void step(int r, Input input) {
    if (!up[r]) {
      return;
    }
    Output out = cores[r].step(input);
    out.persist().forEach(durable[r]::apply);
    for (Output.Send s : out.send()) {
      inFlight.add(new InFlight(r, s.to(), s.message()));
    }
    executed.get(r).addAll(out.executed());
    replies.addAll(out.replies());
    readReplies.addAll(out.readReplies());
  }

  void tick(int r, int ticks) {
    for (int i = 0; i < ticks; i++) {
      step(r, Input.Tick.INSTANCE);
    }
  }

  void tickAll(int ticks) {
    for (int i = 0; i < ticks; i++) {
      for (int r = 0; r < n; r++) {
        step(r, Input.Tick.INSTANCE);
      }
    }
  }

  /** Delivers matching messages (and what they cause) until none match; others stay in flight. */
  void deliver(Predicate<InFlight> which) {
    boolean any = true;
    while (any) {
      any = false;
      Iterator<InFlight> it = inFlight.iterator();
      List<InFlight> batch = new ArrayList<>();
      while (it.hasNext()) {
        InFlight m = it.next();
        if (which.test(m)) {
          it.remove();
          batch.add(m);
        }
      }
      for (InFlight m : batch) {
        any = true;
        if (up[m.to()] && !cut[m.from()][m.to()]) {
          step(m.to(), new Input.Receive(m.message()));
        }
      }
    }
  }

  void deliverAll() {
    deliver(m -> true);
  }

  void drop(Predicate<InFlight> which) {
    inFlight.removeIf(which);
  }

  void request(int r, Request req) {
    step(r, new Input.ClientRequest(req));
  }

  void crash(int r) {
    up[r] = false;
    cores[r] = null;
    inFlight.removeIf(m -> m.to() == r);
  }

  void restart(int r) {
    start(r);
  }

  void cut(int a, int b) {
    cut[a][b] = true;
    cut[b][a] = true;
  }

  void heal() {
    for (boolean[] row : cut) {
      java.util.Arrays.fill(row, false);
    }
  }

  /** Makes replica {@code r} time out and win an election with everyone reachable. */
  void elect(int r) {
    tick(r, config.electionTimeoutTicks() * 2 + 1);
    deliverAll();
  }

  int leaders() {
    int count = 0;
    for (int r = 0; r < n; r++) {
      if (up[r] && cores[r].role() == Role.LEADER) {
        count++;
      }
    }
    return count;
  }

  static Request put(long client, long seq, String key, String value) {
    return new Request(client, seq, new KvCommand.Put(key, value).encode());
  }

  /** How many times replica {@code r} applied {@code (client, seq)} (null results are skips). */
  long timesApplied(int r, long client, long seq) {
    long count = 0;
    for (Executed e : executed.get(r)) {
      for (int i = 0; i < e.batch().requests().size(); i++) {
        Request q = e.batch().requests().get(i);
        if (q.clientId() == client && q.seq() == seq && e.results().get(i) != null) {
          count++;
        }
      }
    }
    return count;
  }
}
