package dev.bftpaxos.faulty;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The faulty replicas of one run, colluding: each knows who the others are and they share a
 * blackboard, so one strategy can span several replicas (a leader equivocating towards the
 * correct replicas while its accomplices vote for both values). Keys are chosen by the behaviours.
 */
public final class Coalition {
  private final SortedSet<Integer> members;
  private final Map<String, Object> shared = new HashMap<>();

  public Coalition(SortedSet<Integer> members) {
    this.members = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(members));
  }

  public SortedSet<Integer> members() {
    return members;
  }

  public boolean member(int replica) {
    return members.contains(replica);
  }

  public Map<String, Object> shared() {
    return shared;
  }
}
