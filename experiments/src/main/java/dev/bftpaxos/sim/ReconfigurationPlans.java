package dev.bftpaxos.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Draws configuration changes for one seed, to run beside a random fault plan: the cluster starts
 * with the first {@code firstMembers} of {@code universe} replicas, then adds the others one by
 * one, and sometimes removes or rotates the key of a member (possibly a crashed, partitioned or
 * faulty one; possibly the leader). Changes are issued inside the fault window, so they are decided
 * during crashes and partitions. The replicas refuse what is not allowed (for instance a change
 * issued while another is pending), which is part of what is tested.
 */
public final class ReconfigurationPlans {
  private ReconfigurationPlans() {}

  public static FaultPlan draw(int universe, int firstMembers, long windowMicros, SeededRandom random) {
    List<FaultEvent> events = new ArrayList<>();
    TreeSet<Integer> members = new TreeSet<>();
    for (int r = 0; r < firstMembers; r++) {
      members.add(r);
    }
    events.add(new FaultEvent.Members(members, 0));
    long t = random.nextLong(windowMicros / 20, windowMicros / 4);
    for (int r = firstMembers; r < universe; r++) {
      events.add(new FaultEvent.Reconfigure("add", r, t));
      t += random.nextLong(windowMicros / 20, windowMicros / 4);
    }
    if (random.chance(0.5)) {
      events.add(new FaultEvent.Reconfigure("remove", random.nextInt(universe), t));
      t += random.nextLong(windowMicros / 20, windowMicros / 4);
    }
    if (random.chance(0.5)) {
      events.add(new FaultEvent.Reconfigure("rotate", random.nextInt(universe), Math.min(t, windowMicros)));
    }
    return new FaultPlan(events);
  }

  /** {@code plan} with {@code more}'s events too. */
  public static FaultPlan merge(FaultPlan plan, FaultPlan more) {
    List<FaultEvent> all = new ArrayList<>(plan.events());
    all.addAll(more.events());
    return new FaultPlan(all);
  }
}
