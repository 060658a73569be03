package dev.bftpaxos.history;

import dev.bftpaxos.history.HistoryOp.Cas;
import dev.bftpaxos.history.HistoryOp.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Linearizability search for the operations of one key: Wing &amp; Gong's backtracking search with
 * Lowe's "just-in-time" list of call/return entries and a memo of (set of linearized operations,
 * register state) configurations already known to fail, as in Porcupine.
 *
 * <p>Why it is shaped this way: the textbook search treats an {@code info} operation like any
 * other operation with return time +infinity, so every pending write stays a candidate at every
 * step and k of them make up to 2^k configurations - a history with a few hundred crashed writers
 * never finishes. Two reductions, both of which keep the search exact, remove that:
 *
 * <ol>
 *   <li><b>Info writes only immediately before an observer.</b> In any legal linearization, an
 *       info write that is not immediately followed by an operation that reads the state (a get,
 *       a cas) can be deleted: the next write overwrites its effect, and deleting an operation
 *       never breaks real-time order. The same holds for cycles (a run of info writes that comes
 *       back to the state it started from). So info operations are not search entries at all;
 *       they are only used as a short chain - put/delete/cas then cas* - that takes the register
 *       from its current state to the value an ok get or ok cas needs, and only when the current
 *       state does not already satisfy it.
 *   <li><b>Identical info operations are interchangeable.</b> Info operations with the same
 *       function and arguments form a class; swapping which member is used for the
 *       earliest-invoked unused one keeps real-time order (an earlier invoke only loosens
 *       constraints, and info operations have no return). So each class is used as a prefix and
 *       the search state for it is a count, not a subset.
 * </ol>
 *
 * What remains is the usual cost of ok operations, which is bounded by the concurrency window.
 * Pathological inputs (say long chains of info cas operations) can still be exponential, so the
 * number of memoised configurations is capped; past the cap the search reports {@link
 * Outcome#GAVE_UP} rather than a verdict it has not proven.
 */
final class KeySearch {
  enum Outcome {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    GAVE_UP
  }

  static final int PUT = 0;
  static final int GET = 1;
  static final int DELETE = 2;
  static final int CAS = 3;

  /** One operation prepared for the search; values are interned ints, 0 = absent. */
  record Op(HistoryOp source, int f, int a, int b, long call, long ret, boolean ok) {}

  /**
   * Prepares the operations of one key. Operations invoked after {@code prefixEnd} are left out,
   * ok operations completed after it (and those in {@code weakened}) become info; fail operations
   * and info gets are dropped because they constrain nothing.
   */
  static List<Op> prepare(
      Collection<HistoryOp> keyOps, long prefixEnd, java.util.Set<HistoryOp> weakened,
      Map<Object, Integer> interned) {
    List<Op> out = new ArrayList<>(keyOps.size());
    for (HistoryOp h : keyOps) {
      if (h.kind() == Kind.FAIL || h.invokeIndex() > prefixEnd) {
        continue;
      }
      boolean ok = h.kind() == Kind.OK && h.completeIndex() <= prefixEnd && !weakened.contains(h);
      int f = switch (h.f()) {
        case "put" -> PUT;
        case "get" -> GET;
        case "delete" -> DELETE;
        case "cas" -> CAS;
        default -> throw new IllegalArgumentException("unknown f " + h.f());
      };
      if (f == GET && !ok) {
        continue;
      }
      int a = 0;
      int b = 0;
      switch (f) {
        case PUT -> a = intern(interned, h.value());
        case GET -> a = intern(interned, h.result());
        case CAS -> {
          Cas c = (Cas) h.value();
          a = intern(interned, c.expected());
          b = intern(interned, c.replacement());
        }
        default -> { }
      }
      out.add(new Op(h, f, a, b, h.invokeIndex(), ok ? h.completeIndex() : Long.MAX_VALUE, ok));
    }
    return out;
  }

  private static int intern(Map<Object, Integer> interned, Object value) {
    if (value == null) {
      return 0;
    }
    return interned.computeIfAbsent(value, v -> interned.size() + 1);
  }

  // ---- problem ----
  private final int nOk;
  private final int numValues;
  private final int[] okF;
  private final int[] okA;
  private final int[] okB;

  // Lowe's list: 0 = head, 1+2i = call of ok op i, 2+2i = return of ok op i, tail = 2*nOk+1.
  private final int[] next;
  private final int[] prev;
  private final long[] time;
  private final int tail;

  // info classes
  private final int nClasses;
  private final int[] clsF;
  private final int[] clsA;
  private final int[] clsB;
  private final int[][] members; // bit indices, in invoke order
  private final long[][] memberCall;
  private final int[] used;
  private final int[] putClassByValue; // value -> class or -1
  private final int deleteClass;
  private final int[][] casByExpected; // value -> cas classes expecting it
  private final int[] casExpectedValues; // distinct expected values of cas classes

  // search state
  private final long[] bits;
  private final long[] zobrist;
  private long hash;
  private int okRemaining;
  private final long maxStates;
  private long states;
  private final int[] visitStamp;
  private int stamp;
  private long chainSteps;

  KeySearch(List<Op> ops, int numValues, long maxStates) {
    this.maxStates = maxStates;
    this.numValues = numValues + 1;
    List<Op> oks = new ArrayList<>();
    List<Op> infos = new ArrayList<>();
    for (Op o : ops) {
      (o.ok() ? oks : infos).add(o);
    }
    nOk = oks.size();
    okRemaining = nOk;
    okF = new int[nOk];
    okA = new int[nOk];
    okB = new int[nOk];
    int entries = 2 * nOk + 2;
    next = new int[entries];
    prev = new int[entries];
    time = new long[entries];
    tail = entries - 1;
    Integer[] order = new Integer[2 * nOk];
    for (int i = 0; i < nOk; i++) {
      Op o = oks.get(i);
      okF[i] = o.f();
      okA[i] = o.a();
      okB[i] = o.b();
      time[1 + 2 * i] = o.call();
      time[2 + 2 * i] = o.ret();
      order[2 * i] = 1 + 2 * i;
      order[2 * i + 1] = 2 + 2 * i;
    }
    time[0] = Long.MIN_VALUE;
    time[tail] = Long.MAX_VALUE;
    Arrays.sort(order, (x, y) -> Long.compare(time[x], time[y]));
    int last = 0;
    for (int e : order) {
      next[last] = e;
      prev[e] = last;
      last = e;
    }
    next[last] = tail;
    prev[tail] = last;
    next[tail] = -1;
    prev[0] = -1;

    // info classes, by (f, a, b); members in invoke order (ops are in invoke order already,
    // but sort to be independent of the caller).
    infos.sort((x, y) -> Long.compare(x.call(), y.call()));
    Map<Long, Integer> classOf = new HashMap<>();
    List<List<Op>> classMembers = new ArrayList<>();
    List<int[]> classSig = new ArrayList<>();
    for (Op o : infos) {
      long sig = ((long) o.f() << 60) ^ ((long) o.a() << 30) ^ o.b();
      Integer c = classOf.get(sig);
      if (c == null) {
        c = classMembers.size();
        classOf.put(sig, c);
        classMembers.add(new ArrayList<>());
        classSig.add(new int[] {o.f(), o.a(), o.b()});
      }
      classMembers.get(c).add(o);
    }
    nClasses = classMembers.size();
    clsF = new int[nClasses];
    clsA = new int[nClasses];
    clsB = new int[nClasses];
    members = new int[nClasses][];
    memberCall = new long[nClasses][];
    used = new int[nClasses];
    putClassByValue = new int[this.numValues];
    Arrays.fill(putClassByValue, -1);
    int del = -1;
    List<List<Integer>> casLists = new ArrayList<>();
    for (int v = 0; v < this.numValues; v++) {
      casLists.add(null);
    }
    int bit = nOk;
    List<Integer> expectedValues = new ArrayList<>();
    for (int c = 0; c < nClasses; c++) {
      int[] sig = classSig.get(c);
      clsF[c] = sig[0];
      clsA[c] = sig[1];
      clsB[c] = sig[2];
      List<Op> ms = classMembers.get(c);
      members[c] = new int[ms.size()];
      memberCall[c] = new long[ms.size()];
      for (int i = 0; i < ms.size(); i++) {
        members[c][i] = bit++;
        memberCall[c][i] = ms.get(i).call();
      }
      switch (clsF[c]) {
        case PUT -> putClassByValue[clsA[c]] = c;
        case DELETE -> del = c;
        case CAS -> {
          if (casLists.get(clsA[c]) == null) {
            casLists.set(clsA[c], new ArrayList<>());
            expectedValues.add(clsA[c]);
          }
          casLists.get(clsA[c]).add(c);
        }
        default -> throw new IllegalStateException("info get reached the search");
      }
    }
    deleteClass = del;
    casByExpected = new int[this.numValues][];
    for (int v = 0; v < this.numValues; v++) {
      List<Integer> l = casLists.get(v);
      casByExpected[v] = l == null ? new int[0] : l.stream().mapToInt(Integer::intValue).toArray();
    }
    casExpectedValues = expectedValues.stream().mapToInt(Integer::intValue).toArray();

    int totalBits = bit;
    bits = new long[Math.max(1, (totalBits + 63) >>> 6)];
    zobrist = new long[totalBits];
    SplittableRandom rnd = new SplittableRandom(0x5eed_1234_abcdL);
    for (int i = 0; i < totalBits; i++) {
      zobrist[i] = rnd.nextLong();
    }
    visitStamp = new int[this.numValues];
  }

  /** Number of memoised configurations the last {@link #run()} explored. */
  long statesExplored() {
    return states;
  }

  /** A move: linearize the info chain (class ids, in order), then ok op {@code op}. */
  private record Move(int op, int[] chain, int newState) {}

  private static final int[] NO_CHAIN = new int[0];

  /** Longest chain of info operations tried before one observer (bounds the recursion). */
  private static final int MAX_CHAIN = 1000;

  private static final class Frame {
    final Move via;
    final List<Move> moves;
    int next;

    Frame(Move via, List<Move> moves) {
      this.via = via;
      this.moves = moves;
    }
  }

  Outcome run() {
    if (okRemaining == 0) {
      return Outcome.LINEARIZABLE;
    }
    Memo memo = new Memo();
    ArrayList<Frame> stack = new ArrayList<>();
    List<Move> rootMoves = moves(0);
    if (rootMoves == null) {
      return Outcome.GAVE_UP;
    }
    stack.add(new Frame(null, rootMoves));
    while (!stack.isEmpty()) {
      Frame top = stack.get(stack.size() - 1);
      if (top.next == top.moves.size()) {
        stack.remove(stack.size() - 1);
        if (top.via != null) {
          undo(top.via);
        }
        continue;
      }
      Move m = top.moves.get(top.next++);
      apply(m);
      if (okRemaining == 0) {
        return Outcome.LINEARIZABLE;
      }
      if (!memo.add(hash ^ mix(m.newState()), m.newState(), bits)) {
        undo(m);
        continue;
      }
      if (++states > maxStates) {
        return Outcome.GAVE_UP;
      }
      List<Move> ms = moves(m.newState());
      if (ms == null) {
        return Outcome.GAVE_UP;
      }
      stack.add(new Frame(m, ms));
    }
    return Outcome.NOT_LINEARIZABLE;
  }

  private static long mix(int state) {
    long z = (state + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 31);
  }

  private void apply(Move m) {
    for (int c : m.chain()) {
      flip(members[c][used[c]++]);
    }
    int i = m.op();
    flip(i);
    int c = 1 + 2 * i;
    int r = 2 + 2 * i;
    next[prev[c]] = next[c];
    prev[next[c]] = prev[c];
    next[prev[r]] = next[r];
    prev[next[r]] = prev[r];
    okRemaining--;
  }

  private void undo(Move m) {
    int i = m.op();
    int c = 1 + 2 * i;
    int r = 2 + 2 * i;
    next[prev[r]] = r;
    prev[next[r]] = r;
    next[prev[c]] = c;
    prev[next[c]] = c;
    flip(i);
    okRemaining++;
    int[] chain = m.chain();
    for (int k = chain.length - 1; k >= 0; k--) {
      int cl = chain[k];
      flip(members[cl][--used[cl]]);
    }
  }

  private void flip(int bit) {
    bits[bit >>> 6] ^= 1L << bit;
    hash ^= zobrist[bit];
  }

  /** Candidate moves from {@code state}, or null when chain enumeration ran out of budget. */
  private List<Move> moves(int state) {
    List<Move> out = new ArrayList<>(4);
    int e = next[0];
    while (e != tail && (e & 1) == 1) {
      e = next[e];
    }
    long frontier = time[e]; // first return entry: only ops invoked before it may go next
    for (int c = next[0]; c != e; c = next[c]) {
      int i = (c - 1) >>> 1;
      switch (okF[i]) {
        case PUT -> out.add(new Move(i, NO_CHAIN, okA[i]));
        case DELETE -> out.add(new Move(i, NO_CHAIN, 0));
        case GET, CAS -> {
          int after = okF[i] == GET ? okA[i] : okB[i];
          if (state == okA[i]) {
            out.add(new Move(i, NO_CHAIN, after));
          } else if (nClasses > 0) {
            List<int[]> chains = new ArrayList<>(2);
            if (!chains(state, okA[i], frontier, chains)) {
              return null;
            }
            for (int[] ch : chains) {
              out.add(new Move(i, ch, after));
            }
          }
        }
        default -> throw new IllegalStateException();
      }
    }
    return out;
  }

  private boolean callable(int c, long frontier) {
    int u = used[c];
    return u < members[c].length && memberCall[c][u] < frontier;
  }

  /**
   * All simple chains of info operations (put/delete/cas, then cas*) that take the register from
   * {@code from} to {@code target != from}. Returns false when the enumeration budget ran out.
   */
  private boolean chains(int from, int target, long frontier, List<int[]> out) {
    int[] path = new int[Math.min(numValues, MAX_CHAIN) + 1];
    // first link: a put or delete (to any value from which cas chains might lead on), or a cas
    int pc = putClassByValue[target];
    if (pc >= 0 && callable(pc, frontier)) {
      out.add(new int[] {pc});
    }
    if (target == 0 && deleteClass >= 0 && callable(deleteClass, frontier)) {
      out.add(new int[] {deleteClass});
    }
    for (int u : casExpectedValues) {
      if (u == from || u == target) {
        continue;
      }
      int first = u == 0 ? deleteClass : putClassByValue[u];
      if (first >= 0 && callable(first, frontier)) {
        path[0] = first;
        if (!extend(from, u, target, frontier, path, 1, out)) {
          return false;
        }
      }
    }
    return extend(from, from, target, frontier, path, 0, out);
  }

  private boolean extend(
      int from, int cur, int target, long frontier, int[] path, int len, List<int[]> out) {
    if (len == 0 || len == 1) {
      stamp++;
      visitStamp[from] = stamp;
      visitStamp[cur] = stamp;
    }
    if (len + 1 >= path.length) {
      return false; // a chain this long is beyond what we explore: give up rather than guess
    }
    for (int c : casByExpected[cur]) {
      if (++chainSteps > maxStates) {
        return false;
      }
      int nv = clsB[c];
      if (visitStamp[nv] == stamp || !callable(c, frontier)) {
        continue;
      }
      path[len] = c;
      if (nv == target) {
        out.add(Arrays.copyOf(path, len + 1));
        continue;
      }
      visitStamp[nv] = stamp;
      boolean ok = extend(from, nv, target, frontier, path, len + 1, out);
      visitStamp[nv] = 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Open-addressing set of (bits, state) configurations, keyed by an incremental hash. */
  private static final class Memo {
    private long[] hashes = new long[1 << 10];
    private int[] states = new int[1 << 10];
    private long[][] keys = new long[1 << 10][];
    private int size;

    /** Adds the configuration; false if it was already there. */
    boolean add(long h, int state, long[] bits) {
      int mask = keys.length - 1;
      int i = (int) (h ^ (h >>> 32)) & mask;
      while (keys[i] != null) {
        if (hashes[i] == h && states[i] == state && Arrays.equals(keys[i], bits)) {
          return false;
        }
        i = (i + 1) & mask;
      }
      hashes[i] = h;
      states[i] = state;
      keys[i] = bits.clone();
      if (++size * 2 > keys.length) {
        grow();
      }
      return true;
    }

    private void grow() {
      long[] oh = hashes;
      int[] os = states;
      long[][] ok = keys;
      int cap = ok.length * 2;
      hashes = new long[cap];
      states = new int[cap];
      keys = new long[cap][];
      int mask = cap - 1;
      for (int j = 0; j < ok.length; j++) {
        if (ok[j] == null) {
          continue;
        }
        int i = (int) (oh[j] ^ (oh[j] >>> 32)) & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        hashes[i] = oh[j];
        states[i] = os[j];
        keys[i] = ok[j];
      }
    }
  }
}
