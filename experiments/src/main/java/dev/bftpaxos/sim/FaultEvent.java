package dev.bftpaxos.sim;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One scheduled fault. Each renders to the one-token form that {@link FaultPlan#parse} reads back,
 * so a shrunk plan can be replayed from a command line.
 */
public sealed interface FaultEvent {
  long atMicros();

  String render();

  /** The replica stops; with {@code midStep} it stops after its next persist but before sending. */
  record Crash(int replica, long atMicros, boolean midStep) implements FaultEvent {
    @Override
    public String render() {
      return (midStep ? "crash!(" : "crash(") + replica + ")@" + FaultPlan.time(atMicros);
    }
  }

  /** The replica restarts from its durable state; volatile state is gone. */
  record Restart(int replica, long atMicros) implements FaultEvent {
    @Override
    public String render() {
      return "restart(" + replica + ")@" + FaultPlan.time(atMicros);
    }
  }

  /** The link between two replicas goes down in both directions (partial connectivity). */
  record Cut(int a, int b, long atMicros) implements FaultEvent {
    @Override
    public String render() {
      return "cut(" + a + "," + b + ")@" + FaultPlan.time(atMicros);
    }
  }

  /** Replicas in different groups cannot talk; links inside a group are unchanged. */
  record Partition(List<Set<Integer>> groups, long atMicros) implements FaultEvent {
    public Partition {
      groups = List.copyOf(groups);
    }

    @Override
    public String render() {
      return "partition(" + groups.stream()
          .map(g -> g.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")))
          .collect(Collectors.joining("|")) + ")@" + FaultPlan.time(atMicros);
    }
  }

  /**
   * The first configuration's members (the other replicas run, outside every quorum, until a change
   * adds them); its time is ignored. Without one, every replica is a member from the start.
   */
  record Members(java.util.SortedSet<Integer> members, long atMicros) implements FaultEvent {
    public Members {
      members = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(members));
    }

    @Override
    public String render() {
      return "members(" + members.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")@"
          + FaultPlan.time(atMicros);
    }
  }

  /**
   * The reconfiguration client submits a configuration change through the log: {@code add},
   * {@code remove} or {@code rotate} (a new key for the same replica, a replace) of {@code replica}.
   */
  record Reconfigure(String kind, int replica, long atMicros) implements FaultEvent {
    public Reconfigure {
      if (!kind.equals("add") && !kind.equals("remove") && !kind.equals("rotate")) {
        throw new IllegalArgumentException("reconfiguration kind must be add, remove or rotate, got " + kind);
      }
    }

    @Override
    public String render() {
      return kind + "(" + replica + ")@" + FaultPlan.time(atMicros);
    }
  }

  /** Every link comes back up. */
  record Heal(long atMicros) implements FaultEvent {
    @Override
    public String render() {
      return "heal@" + FaultPlan.time(atMicros);
    }
  }
}
