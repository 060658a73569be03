package dev.bftpaxos.core.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Signed votes counted by what they vote for ({@code K}), kept per signer with a per-signer bound:
 * a signer holds at most {@code perSignerMax} keys, and a new vote of a full signer replaces only
 * that signer's own least worth keeping key (and is refused if it is worth less than all of them;
 * by default "worth" is the keys' natural order, the highest kept). So a faulty signer that votes
 * for thousands of distinct values fills its own share and nothing else: it can never evict or
 * block another signer's vote.
 */
public final class VoteTally<K extends Comparable<K>> {
  /** What {@link #add} did. */
  public enum Added {
    /** Counted. */
    NEW,
    /** This signer's vote for this key was already counted. */
    REPEATED,
    /** The signer's share is full of keys above this one. */
    REFUSED
  }

  private final int perSignerMax;
  private final HashMap<K, TreeMap<Integer, byte[]>> signersByKey = new HashMap<>(4);
  /** Per signer (index: its id), its keys; a few at most, so a list scanned beats a sorted set. */
  private ArrayList<K>[] keysBySigner;

  public VoteTally(int perSignerMax) {
    this.perSignerMax = perSignerMax;
  }

  /** Counts {@code signer}'s vote for {@code key}, with the signature that proves it; signer >= 0. */
  public Added add(K key, int signer, byte[] signature) {
    return add(key, signer, signature, Comparator.naturalOrder());
  }

  /**
   * As {@link #add(Comparable, int, byte[])}, with {@code worth} ordering keys from least to most
   * worth keeping when the signer's share is full (it may depend on the caller's state, such as a
   * window: a key it ranks low now may rank higher later).
   */
  @SuppressWarnings("unchecked")
  public Added add(K key, int signer, byte[] signature, Comparator<? super K> worth) {
    if (keysBySigner == null || signer >= keysBySigner.length) {
      ArrayList<K>[] grown = new ArrayList[Math.max(signer + 1, keysBySigner == null ? 4 : 2 * keysBySigner.length)];
      if (keysBySigner != null) {
        System.arraycopy(keysBySigner, 0, grown, 0, keysBySigner.length);
      }
      keysBySigner = grown;
    }
    ArrayList<K> mine = keysBySigner[signer];
    if (mine == null) {
      mine = new ArrayList<>(2);
      keysBySigner[signer] = mine;
    }
    if (mine.contains(key)) {
      return Added.REPEATED;
    }
    if (mine.size() >= perSignerMax) {
      int lowest = 0;
      for (int i = 1; i < mine.size(); i++) {
        if (worth.compare(mine.get(i), mine.get(lowest)) < 0) {
          lowest = i;
        }
      }
      if (worth.compare(key, mine.get(lowest)) < 0) {
        return Added.REFUSED;
      }
      forget(mine.remove(lowest), signer);
    }
    mine.add(key);
    signersByKey.computeIfAbsent(key, k -> new TreeMap<>()).put(signer, signature);
    return Added.NEW;
  }

  /** The signers of {@code key} with their signatures, in signer order (empty if none). */
  public SortedMap<Integer, byte[]> signers(K key) {
    TreeMap<Integer, byte[]> s = signersByKey.get(key);
    return s == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(s);
  }

  /** Every key with at least one vote, with its signers. */
  public Map<K, TreeMap<Integer, byte[]>> all() {
    return Collections.unmodifiableMap(signersByKey);
  }

  /** Drops every vote for a key {@code drop} accepts (truncation). */
  public void removeIf(Predicate<K> drop) {
    signersByKey.keySet().removeIf(drop);
    if (keysBySigner != null) {
      for (ArrayList<K> mine : keysBySigner) {
        if (mine != null) {
          mine.removeIf(drop);
        }
      }
    }
  }

  /** How many (signer, key) votes are held: at most the signers times {@code perSignerMax}. */
  public int size() {
    int total = 0;
    if (keysBySigner != null) {
      for (ArrayList<K> mine : keysBySigner) {
        total += mine == null ? 0 : mine.size();
      }
    }
    return total;
  }

  private void forget(K key, int signer) {
    TreeMap<Integer, byte[]> s = signersByKey.get(key);
    if (s != null) {
      s.remove(signer);
      if (s.isEmpty()) {
        signersByKey.remove(key);
      }
    }
  }
}
