package dev.bftpaxos.history;

import dev.bftpaxos.history.HistoryOp.Cas;
import dev.bftpaxos.history.HistoryOp.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Linearizability search for the operations of one key (a register: absent initially; put, get,
 * delete, cas).
 *
 * <p>Two searches over the same configurations - (ok operations linearized, register state, info
 * operations used) - run in alternating slices of doubling size until one answers (see {@link
 * #decide}), because each is fast where the other is slow:
 *
 * <ol>
 *   <li><b>Depth-first</b>: Wing &amp; Gong's backtracking search with Lowe's just-in-time list of
 *       call/return entries and a memo of configurations already explored, as in Porcupine. It
 *       usually walks straight to a linearization when one exists.
 *   <li><b>Breadth-first by event</b> (Lowe's just-in-time tree search): walk the history's
 *       events in time order, keeping every configuration reachable at each return. It never
 *       explores a configuration twice, so proving that no linearization exists costs only the
 *       number of reachable configurations (the depth-first search may explore a configuration
 *       again and again when it later reaches it having used fewer info operations; measured,
 *       10x more work on a hot key); and the return at which the set of configurations becomes
 *       empty is the end of the shortest non-linearizable prefix, which an explanation needs.
 * </ol>
 *
 * <p>The textbook search treats an {@code info} operation like an ok one with return time
 * +infinity, so every pending write stays a candidate at every step and k of them make up to 2^k
 * configurations: a history with a few hundred crashed writers never finishes. These reductions,
 * each of which keeps the answer exact, remove that and shrink the rest:
 *
 * <ol>
 *   <li><b>Info writes only right before an observer.</b> In a legal linearization, an info write
 *       not immediately followed by an operation that reads the state (get, cas) can be deleted:
 *       the next write overwrites it, and deleting an operation never breaks real-time order. The
 *       same goes for a run of info writes that returns to the state it started from. So info
 *       operations are not search entries: they are used only as a chain - put/delete/cas, then
 *       cas* - taking the register to the value an ok get or ok cas needs, when the current state
 *       does not already satisfy it.
 *   <li><b>Identical info operations are interchangeable</b>: using the earliest-invoked unused
 *       one of a class (same function and arguments) only loosens real-time constraints, so a
 *       class's usage is a count.
 *   <li><b>Dead info operations are forgotten</b>: once every ok operation that could observe a
 *       class's value has returned, whether it was used cannot matter, so it leaves the
 *       configuration.
 *   <li><b>Fewer info operations used dominates</b>: a configuration equal to an explored one
 *       except for using a superset of its info operations cannot succeed where that one failed.
 *   <li><b>Reads first</b>: a get the current state satisfies can be linearized at once without
 *       loss (it changes nothing), so no other order is tried.
 *   <li><b>Unobserved values are one value</b> (see {@link #prepare}).
 * </ol>
 *
 * What remains is exponential only in the number of concurrent ok operations, which is the
 * inherent cost of the problem. Work is still capped; past the cap the search reports {@link
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
   *
   * <p>Values that no get reads and no cas expects are all interned as one value: no operation
   * can tell them apart, and merging them merges search states that differ only in which
   * never-observed value was written last.
   */
  static List<Op> prepare(
      Collection<HistoryOp> keyOps, long prefixEnd, java.util.Set<HistoryOp> weakened,
      Map<Object, Integer> interned) {
    List<HistoryOp> kept = new ArrayList<>(keyOps.size());
    List<Boolean> oks = new ArrayList<>(keyOps.size());
    java.util.Set<Object> observed = new java.util.HashSet<>();
    for (HistoryOp h : keyOps) {
      if (h.kind() == Kind.FAIL || h.invokeIndex() > prefixEnd) {
        continue;
      }
      boolean ok = h.kind() == Kind.OK && h.completeIndex() <= prefixEnd && !weakened.contains(h);
      if (h.f().equals("get")) {
        if (!ok) {
          continue;
        }
        observed.add(h.result());
      } else if (h.f().equals("cas")) {
        observed.add(((Cas) h.value()).expected());
      }
      kept.add(h);
      oks.add(ok);
    }
    List<Op> out = new ArrayList<>(kept.size());
    for (int j = 0; j < kept.size(); j++) {
      HistoryOp h = kept.get(j);
      boolean ok = oks.get(j);
      int f = switch (h.f()) {
        case "put" -> PUT;
        case "get" -> GET;
        case "delete" -> DELETE;
        case "cas" -> CAS;
        default -> throw new IllegalArgumentException("unknown f " + h.f());
      };
      int a = 0;
      int b = 0;
      switch (f) {
        case PUT -> a = intern(interned, observed, h.value());
        case GET -> a = intern(interned, observed, h.result());
        case CAS -> {
          Cas c = (Cas) h.value();
          a = intern(interned, observed, c.expected());
          b = intern(interned, observed, c.replacement());
        }
        default -> { }
      }
      out.add(new Op(h, f, a, b, h.invokeIndex(), ok ? h.completeIndex() : Long.MAX_VALUE, ok));
    }
    return out;
  }

  /** Stands for every value that nothing observes. */
  private static final Object UNOBSERVED = new Object();

  private static int intern(Map<Object, Integer> interned, java.util.Set<Object> observed,
      Object value) {
    if (value == null) {
      return 0;
    }
    Object key = observed.contains(value) ? value : UNOBSERVED;
    return interned.computeIfAbsent(key, v -> interned.size() + 1);
  }

  // ---- the ok operations, indexed in order of return time ----
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

  // ---- info operations: classes of identical ones, members used earliest-invoked first ----
  private final int nClasses;
  private final int[] clsF;
  private final int[] clsA;
  private final int[] clsB;
  private final long[][] memberCall; // per class, invoke times of its members, ascending
  private final long[] clsLastUse; // ret time of the last ok op that could need the class
  private final int[] putClassByValue; // value -> class or -1
  private final int deleteClass;
  private final int[][] casByReplacement; // value -> cas classes that write it
  private final long classKeyBase;

  // ---- search state, shared by both searches (each leaves it clean) ----
  private final int[] used; // per class: members used
  private final long[] okBits;
  private final long[] zobrist;
  private long okHash;
  private int okRemaining;
  /** Classes with members used, keyed by (last use of the class, class id), to find live ones. */
  private final TreeSet<Long> usedClasses = new TreeSet<>();
  private final int[] visitStamp;
  private final int[] chainPath;
  private int stamp;

  // ---- budget and statistics ----
  private final long maxWork;
  private final long maxChainSteps;
  private long work;
  private long chainSteps;
  private long failedAt = -1;

  /** Prepares the search; {@code maxWork} caps configurations explored (both searches). */
  KeySearch(List<Op> ops, int numValues, long maxWork) {
    this.maxWork = maxWork;
    this.maxChainSteps = maxWork > Long.MAX_VALUE / 16 ? Long.MAX_VALUE : maxWork * 16;
    this.numValues = numValues + 1;
    List<Op> oks = new ArrayList<>();
    List<Op> infos = new ArrayList<>();
    for (Op o : ops) {
      (o.ok() ? oks : infos).add(o);
    }
    oks.sort((x, y) -> Long.compare(x.ret(), y.ret()));
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
    for (int i = 0; i < nOk; i++) {
      Op o = oks.get(i);
      okF[i] = o.f();
      okA[i] = o.a();
      okB[i] = o.b();
      time[1 + 2 * i] = o.call();
      time[2 + 2 * i] = o.ret();
    }
    time[0] = Long.MIN_VALUE;
    time[tail] = Long.MAX_VALUE;
    int last = 0;
    for (int e : eventsInTimeOrder()) {
      next[last] = e;
      prev[e] = last;
      last = e;
    }
    next[last] = tail;
    prev[tail] = last;
    next[tail] = -1;
    prev[0] = -1;

    // Last time each value can matter: the latest return of an ok get reading it or ok cas
    // expecting it, extended backwards through info cas (v -> w) to a fixpoint.
    long[] lastUse = new long[this.numValues];
    Arrays.fill(lastUse, -1);
    for (int i = 0; i < nOk; i++) {
      if (okF[i] == GET || okF[i] == CAS) {
        lastUse[okA[i]] = Math.max(lastUse[okA[i]], time[2 + 2 * i]);
      }
    }

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
    memberCall = new long[nClasses][];
    clsLastUse = new long[nClasses];
    used = new int[nClasses];
    putClassByValue = new int[this.numValues];
    Arrays.fill(putClassByValue, -1);
    int del = -1;
    List<List<Integer>> casLists = new ArrayList<>();
    for (int v = 0; v < this.numValues; v++) {
      casLists.add(null);
    }
    for (int c = 0; c < nClasses; c++) {
      int[] sig = classSig.get(c);
      clsF[c] = sig[0];
      clsA[c] = sig[1];
      clsB[c] = sig[2];
      List<Op> ms = classMembers.get(c);
      memberCall[c] = new long[ms.size()];
      for (int i = 0; i < ms.size(); i++) {
        memberCall[c][i] = ms.get(i).call();
      }
      switch (clsF[c]) {
        case PUT -> putClassByValue[clsA[c]] = c;
        case DELETE -> del = c;
        case CAS -> {
          if (casLists.get(clsB[c]) == null) {
            casLists.set(clsB[c], new ArrayList<>());
          }
          casLists.get(clsB[c]).add(c);
        }
        default -> throw new IllegalStateException("info get reached the search");
      }
    }
    deleteClass = del;
    casByReplacement = new int[this.numValues][];
    for (int v = 0; v < this.numValues; v++) {
      List<Integer> l = casLists.get(v);
      casByReplacement[v] =
          l == null ? new int[0] : l.stream().mapToInt(Integer::intValue).toArray();
    }
    for (boolean changed = true; changed; ) {
      changed = false;
      for (int c = 0; c < nClasses; c++) {
        if (clsF[c] == CAS && lastUse[clsB[c]] > lastUse[clsA[c]]) {
          lastUse[clsA[c]] = lastUse[clsB[c]];
          changed = true;
        }
      }
    }
    long maxLastUse = 0;
    for (int c = 0; c < nClasses; c++) {
      int written = clsF[c] == PUT ? clsA[c] : clsF[c] == CAS ? clsB[c] : 0;
      clsLastUse[c] = lastUse[written];
      maxLastUse = Math.max(maxLastUse, clsLastUse[c]);
    }
    classKeyBase = Math.max(1, nClasses);
    Math.multiplyExact(maxLastUse + 3, classKeyBase); // class keys must fit in a long

    okBits = new long[Math.max(1, (nOk + 63) >>> 6)];
    zobrist = new long[nOk];
    SplittableRandom rnd = new SplittableRandom(0x5eed_1234_abcdL);
    for (int i = 0; i < nOk; i++) {
      zobrist[i] = rnd.nextLong();
    }
    visitStamp = new int[this.numValues];
    chainPath = new int[Math.min(this.numValues, MAX_CHAIN) + 1];
  }

  /** Call and return entries (1+2i, 2+2i) sorted by time; all times are distinct lines. */
  private int[] eventsInTimeOrder() {
    Integer[] order = new Integer[2 * nOk];
    for (int i = 0; i < 2 * nOk; i++) {
      order[i] = i + 1;
    }
    Arrays.sort(order, (x, y) -> Long.compare(time[x], time[y]));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  /**
   * The answer for one key.
   *
   * @param failedAt for {@link Outcome#NOT_LINEARIZABLE}: the line of the return at which the
   *     history stopped being linearizable (the end of its shortest non-linearizable prefix), or
   *     -1 if the search that would tell ran out of budget
   * @param work configurations explored by both searches together, a machine-independent cost
   */
  record Result(Outcome outcome, long failedAt, long work) {}

  /**
   * The depth-first search keeps every configuration it explored (about 100 bytes each), so it
   * stops here and leaves the rest to the breadth-first one, whose memory is per event.
   */
  static final long MAX_DEPTH_FIRST_WORK = 2_000_000;

  /** Only the depth-first search, to completion (for tests). */
  static Result depthFirstOnly(List<Op> ops, int numValues, long maxWork) {
    KeySearch dfs = new KeySearch(ops, numValues, maxWork);
    Outcome d = dfs.nOk == 0 ? Outcome.LINEARIZABLE : dfs.depthFirst(Long.MAX_VALUE);
    return new Result(d, -1, dfs.work);
  }

  /** Only the breadth-first search, to completion (for tests). */
  static Result byEventsOnly(List<Op> ops, int numValues, long maxWork) {
    KeySearch bfs = new KeySearch(ops, numValues, maxWork);
    Outcome b = bfs.nOk == 0 ? Outcome.LINEARIZABLE : bfs.byEvents(Long.MAX_VALUE);
    return new Result(b, bfs.failedAt, bfs.work);
  }

  /**
   * Decides a key by running both searches in alternating slices of doubling size until one of
   * them answers, so the cost is within a small factor of the faster one: depth-first usually
   * wins when a linearization exists, breadth-first when none does (and it also reports where
   * the history breaks). Each search may explore up to {@code maxWork} configurations (the
   * depth-first one at most {@link #MAX_DEPTH_FIRST_WORK}).
   */
  static Result decide(List<Op> ops, int numValues, long maxWork) {
    KeySearch dfs = new KeySearch(ops, numValues, Math.min(maxWork, MAX_DEPTH_FIRST_WORK));
    if (dfs.nOk == 0) {
      return new Result(Outcome.LINEARIZABLE, -1, 0);
    }
    KeySearch bfs = new KeySearch(ops, numValues, maxWork);
    Outcome d = null;
    Outcome b = null;
    for (long quantum = 4L * dfs.nOk + 10_000; ; quantum = Math.min(quantum * 2, maxWork)) {
      if (d == null) {
        d = dfs.depthFirst(dfs.work + quantum);
      }
      long work = dfs.work + bfs.work;
      if (d == Outcome.LINEARIZABLE) {
        return new Result(d, -1, work);
      }
      if (b == null) {
        b = bfs.byEvents(bfs.work + quantum);
      }
      work = dfs.work + bfs.work;
      if (b == Outcome.LINEARIZABLE || b == Outcome.NOT_LINEARIZABLE) {
        return new Result(b, bfs.failedAt, work);
      }
      if (d == Outcome.NOT_LINEARIZABLE && b == Outcome.GAVE_UP) {
        return new Result(d, -1, work);
      }
      if (d != null && b != null) {
        return new Result(Outcome.GAVE_UP, -1, work);
      }
    }
  }

  /** A move: linearize the info chain (class ids, in order), then ok op {@code op}. */
  private record Move(int op, int[] chain, int newState) {}

  private static final int[] NONE = new int[0];

  /** Longest chain of info operations tried before one observer (bounds the recursion). */
  private static final int MAX_CHAIN = 1000;

  private long classKey(int c) {
    return (clsLastUse[c] + 1) * classKeyBase + c;
  }

  /**
   * The info usage that can still matter at {@code frontier}: pairs {@code [class, count, ...]}
   * sorted by class, for classes with members used whose last possible use (the return of the
   * last ok op that could observe their value) is not before the frontier.
   */
  private int[] liveInfoKey(long frontier) {
    if (usedClasses.isEmpty()) {
      return NONE;
    }
    SortedSet<Long> live = usedClasses.tailSet((frontier + 1) * classKeyBase);
    int[] classes = new int[live.size()];
    int n = 0;
    for (long x : live) {
      classes[n++] = (int) (x % classKeyBase);
    }
    Arrays.sort(classes);
    int[] key = new int[2 * n];
    for (int k = 0; k < n; k++) {
      key[2 * k] = classes[k];
      key[2 * k + 1] = used[classes[k]];
    }
    return key;
  }

  private void use(int c, int count) {
    if (used[c] == 0) {
      usedClasses.add(classKey(c));
    }
    used[c] += count;
  }

  private void unuse(int c, int count) {
    used[c] -= count;
    if (used[c] == 0) {
      usedClasses.remove(classKey(c));
    }
  }

  private void useChain(int[] chain) {
    for (int c : chain) {
      use(c, 1);
    }
  }

  private void unuseChain(int[] chain) {
    for (int k = chain.length - 1; k >= 0; k--) {
      unuse(chain[k], 1);
    }
  }

  private boolean linearized(int i) {
    return (okBits[i >>> 6] & (1L << i)) != 0;
  }

  private void flipOk(int i) {
    okBits[i >>> 6] ^= 1L << i;
    okHash ^= zobrist[i];
  }

  /**
   * The moves that linearize ok op {@code i} next from {@code state} (with an info chain first
   * if needed), added to {@code out}; false if chain enumeration ran out of budget.
   */
  private boolean movesFor(int i, int state, long frontier, List<Move> out) {
    switch (okF[i]) {
      case PUT -> out.add(new Move(i, NONE, okA[i]));
      case DELETE -> out.add(new Move(i, NONE, 0));
      case GET, CAS -> {
        int after = okF[i] == GET ? okA[i] : okB[i];
        if (state == okA[i]) {
          out.add(new Move(i, NONE, after));
        } else if (nClasses > 0) {
          List<int[]> chains = new ArrayList<>(2);
          if (!chains(state, okA[i], frontier, chains)) {
            return false;
          }
          for (int[] ch : chains) {
            out.add(new Move(i, ch, after));
          }
        }
      }
      default -> throw new IllegalStateException();
    }
    return true;
  }

  /** A read that {@code state} satisfies: linearizing it first loses nothing. */
  private boolean freeRead(int i, int state) {
    return okA[i] == state && (okF[i] == GET || (okF[i] == CAS && okB[i] == state));
  }

  /**
   * Moves using fewer info operations first: configurations reached with fewer info operations
   * used dominate those reached with more, so finding them first lets the memo prune the others
   * instead of exploring them twice.
   */
  private static void order(List<Move> moves) {
    moves.sort((x, y) -> Integer.compare(x.chain().length, y.chain().length));
  }

  // ---------------------------------------------------------------------------------------
  // Depth-first search (Wing & Gong, Lowe's list, Porcupine-style memo).

  private static final class Frame {
    final Move via;
    final List<Move> moves;
    int next;

    Frame(Move via, List<Move> moves) {
      this.via = via;
      this.moves = moves;
    }
  }

  private Memo memo;
  private ArrayList<Frame> stack;
  private Outcome dfsOutcome;

  /**
   * Runs the depth-first search until it decides or its work reaches {@code limit}; null if
   * undecided yet (call again to resume).
   */
  private Outcome depthFirst(long limit) {
    if (dfsOutcome != null) {
      return dfsOutcome;
    }
    if (stack == null) {
      memo = new Memo();
      stack = new ArrayList<>();
      List<Move> rootMoves = listMoves(0);
      if (rootMoves == null) {
        return dfsOutcome = Outcome.GAVE_UP;
      }
      stack.add(new Frame(null, rootMoves));
    }
    while (!stack.isEmpty()) {
      if (work >= limit) {
        return null;
      }
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
        return dfsOutcome = Outcome.LINEARIZABLE;
      }
      int first = firstReturn();
      int k = (first - 2) >>> 1; // first ok op, in return order, not yet linearized
      if (!memo.add(okHash ^ mix(m.newState()), m.newState(), okKey(k),
          liveInfoKey(time[first]))) {
        undo(m);
        continue;
      }
      List<Move> ms = ++work > maxWork ? null : listMoves(m.newState());
      if (ms == null) {
        memo = null;
        stack = null;
        return dfsOutcome = Outcome.GAVE_UP;
      }
      stack.add(new Frame(m, ms));
    }
    memo = null;
    return dfsOutcome = Outcome.NOT_LINEARIZABLE;
  }

  private static long mix(int state) {
    long z = (state + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 31);
  }

  /** The first return entry in the list (there is one while ok operations remain). */
  private int firstReturn() {
    int e = next[0];
    while ((e & 1) == 1 && e != tail) {
      e = next[e];
    }
    return e;
  }

  /**
   * The set of linearized ok ops, compactly: ops are indexed by return time, so it is {@code
   * 0..k-1} plus a few later ones (linearized early, so concurrent with op k): {@code [k,
   * those...]}.
   */
  private int[] okKey(int k) {
    int count = 0;
    int w0 = (k + 1) >>> 6;
    for (int w = w0; w < okBits.length; w++) {
      count += Long.bitCount(w == w0 ? okBits[w] & (-1L << (k + 1)) : okBits[w]);
    }
    int[] key = new int[count + 1];
    key[0] = k;
    int n = 1;
    for (int w = w0; w < okBits.length && n <= count; w++) {
      long word = w == w0 ? okBits[w] & (-1L << (k + 1)) : okBits[w];
      while (word != 0) {
        key[n++] = (w << 6) + Long.numberOfTrailingZeros(word);
        word &= word - 1;
      }
    }
    return key;
  }

  private void apply(Move m) {
    useChain(m.chain());
    int i = m.op();
    flipOk(i);
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
    flipOk(i);
    okRemaining++;
    unuseChain(m.chain());
  }

  /** Moves from {@code state} in the list, or null when chain enumeration ran out of budget. */
  private List<Move> listMoves(int state) {
    int e = firstReturn();
    long frontier = time[e]; // only ops invoked before the first pending return may go next
    for (int c = next[0]; c != e; c = next[c]) {
      int i = (c - 1) >>> 1;
      if (freeRead(i, state)) {
        return List.of(new Move(i, NONE, state));
      }
    }
    List<Move> out = new ArrayList<>(4);
    for (int c = next[0]; c != e; c = next[c]) {
      if (!movesFor((c - 1) >>> 1, state, frontier, out)) {
        return null;
      }
    }
    order(out);
    return out;
  }

  /**
   * Configurations already explored, as (ok key, state) -> info keys. A configuration is
   * skipped when one with the same ok operations and state but no more of its used info
   * operations was already seen: having more info operations left can only help.
   */
  private static final class Memo {
    private long[] hashes = new long[1 << 10];
    private int[] states = new int[1 << 10];
    private int[][] okKeys = new int[1 << 10][];
    private Object[] infoKeys = new Object[1 << 10]; // int[] or ParetoSet
    private int size;

    /** Records the configuration; false if it (or one that dominates it) was already there. */
    boolean add(long h, int state, int[] okKey, int[] infoKey) {
      int mask = okKeys.length - 1;
      int i = (int) (h ^ (h >>> 32)) & mask;
      while (okKeys[i] != null) {
        if (hashes[i] == h && states[i] == state && Arrays.equals(okKeys[i], okKey)) {
          if (infoKeys[i] instanceof int[] one) {
            if (leq(one, infoKey)) {
              return false;
            }
            ParetoSet set = new ParetoSet();
            set.add(one);
            infoKeys[i] = set;
          }
          return ((ParetoSet) infoKeys[i]).add(infoKey);
        }
        i = (i + 1) & mask;
      }
      hashes[i] = h;
      states[i] = state;
      okKeys[i] = okKey;
      infoKeys[i] = infoKey;
      if (++size * 2 > okKeys.length) {
        grow();
      }
      return true;
    }

    private void grow() {
      long[] oh = hashes;
      int[] os = states;
      int[][] ok = okKeys;
      Object[] oi = infoKeys;
      int cap = ok.length * 2;
      hashes = new long[cap];
      states = new int[cap];
      okKeys = new int[cap][];
      infoKeys = new Object[cap];
      int mask = cap - 1;
      for (int j = 0; j < ok.length; j++) {
        if (ok[j] == null) {
          continue;
        }
        int i = (int) (oh[j] ^ (oh[j] >>> 32)) & mask;
        while (okKeys[i] != null) {
          i = (i + 1) & mask;
        }
        hashes[i] = oh[j];
        states[i] = os[j];
        okKeys[i] = ok[j];
        infoKeys[i] = oi[j];
      }
    }
  }

  /** Pareto-minimal info usages (see {@link #leq}). */
  private static final class ParetoSet {
    final ArrayList<int[]> sets = new ArrayList<>(2);

    /** Adds {@code u} unless one at most it is present; drops those at least it. */
    boolean add(int[] u) {
      for (int[] s : sets) {
        if (leq(s, u)) {
          return false;
        }
      }
      sets.removeIf(s -> leq(u, s));
      sets.add(u);
      return true;
    }
  }

  /**
   * Whether info usage {@code a} is at most {@code b} for every class (both {@code [class,
   * count, ...]} sorted by class): then a configuration with {@code a} can do all one with
   * {@code b} can.
   */
  static boolean leq(int[] a, int[] b) {
    if (a.length > b.length) {
      return false;
    }
    int j = 0;
    for (int k = 0; k < a.length; k += 2) {
      while (j < b.length && b[j] < a[k]) {
        j += 2;
      }
      if (j == b.length || b[j] != a[k] || b[j + 1] < a[k + 1]) {
        return false;
      }
      j += 2;
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------
  // Breadth-first search by event (Lowe's just-in-time tree search).

  /**
   * A configuration between events: the ok ops linearized but not yet returned (sorted), the
   * state, and the live info usage (see {@link #liveInfoKey}).
   */
  private record Config(int[] w, int state, int[] u) {}

  /** (linearized pending ops, state) -> Pareto-minimal info usage. */
  private static final class ConfigSet {
    private record Key(int[] w, int state) {
      @Override
      public boolean equals(Object o) {
        return o instanceof Key k && k.state == state && Arrays.equals(k.w, w);
      }

      @Override
      public int hashCode() {
        return Arrays.hashCode(w) * 31 + state;
      }
    }

    private final HashMap<Key, ParetoSet> map = new HashMap<>();

    boolean add(int[] w, int state, int[] u) {
      return map.computeIfAbsent(new Key(w, state), k -> new ParetoSet()).add(u);
    }

    /** The configurations, those using fewer info operations first. */
    List<Config> configs() {
      List<Config> out = new ArrayList<>();
      map.forEach((k, set) -> {
        for (int[] u : set.sets) {
          out.add(new Config(k.w, k.state, u));
        }
      });
      out.sort((a, b) -> Integer.compare(a.u().length, b.u().length));
      return out;
    }
  }

  private int[] pending = new int[16];
  private int nPending;
  private ConfigSet seenThisEvent;
  private ConfigSet nextConfigs;
  private int[] events;
  private int eventIndex;
  private List<Config> configs;
  private Outcome bfsOutcome;

  /**
   * Walks the events in time order. At the return of ok op o, every configuration is extended
   * by every order of pending ops that ends with o (ops after o can wait for a later event) and
   * o is then forgotten; if no configuration survives, the prefix up to this line is not
   * linearizable. Runs until it decides or its work reaches {@code limit} (checked between
   * events); null if undecided yet (call again to resume).
   */
  private Outcome byEvents(long limit) {
    if (bfsOutcome != null) {
      return bfsOutcome;
    }
    if (events == null) {
      events = eventsInTimeOrder();
      configs = new ArrayList<>();
      configs.add(new Config(NONE, 0, NONE));
    }
    while (eventIndex < events.length) {
      if (work >= limit) {
        return null;
      }
      int e = events[eventIndex++];
      int op = (e - 1) >>> 1;
      if ((e & 1) == 1) {
        if (nPending == pending.length) {
          pending = Arrays.copyOf(pending, nPending * 2);
        }
        pending[nPending++] = op;
        continue;
      }
      long t = time[e];
      seenThisEvent = new ConfigSet();
      nextConfigs = new ConfigSet();
      for (Config c : configs) {
        load(c);
        boolean ok = true;
        if (linearized(op)) {
          flipOk(op);
          nextConfigs.add(pendingKey(), c.state(), liveInfoKey(t + 1));
          flipOk(op);
        } else {
          ok = extend(op, t, c.state());
        }
        unload(c);
        if (!ok) {
          return bfsOutcome = Outcome.GAVE_UP;
        }
      }
      for (int k = 0; k < nPending; k++) {
        if (pending[k] == op) {
          pending[k] = pending[--nPending];
          break;
        }
      }
      configs = nextConfigs.configs();
      seenThisEvent = null;
      nextConfigs = null;
      if (configs.isEmpty()) {
        failedAt = t;
        return bfsOutcome = Outcome.NOT_LINEARIZABLE;
      }
    }
    return bfsOutcome = Outcome.LINEARIZABLE;
  }

  private void load(Config c) {
    for (int i : c.w()) {
      flipOk(i);
    }
    for (int k = 0; k < c.u().length; k += 2) {
      use(c.u()[k], c.u()[k + 1]);
    }
  }

  private void unload(Config c) {
    for (int i : c.w()) {
      flipOk(i);
    }
    for (int k = 0; k < c.u().length; k += 2) {
      unuse(c.u()[k], c.u()[k + 1]);
    }
  }

  /** Linearized pending ops, sorted. */
  private int[] pendingKey() {
    int[] w = new int[nPending];
    int n = 0;
    for (int k = 0; k < nPending; k++) {
      if (linearized(pending[k])) {
        w[n++] = pending[k];
      }
    }
    w = Arrays.copyOf(w, n);
    Arrays.sort(w);
    return w;
  }

  /** Extends the loaded configuration by orders of pending ops ending with {@code o}. */
  private boolean extend(int o, long t, int state) {
    List<Move> moves = pendingMoves(state, t);
    if (moves == null) {
      return false;
    }
    for (Move m : moves) {
      if (++work > maxWork) {
        return false;
      }
      useChain(m.chain());
      boolean ok = true;
      if (m.op() == o) {
        nextConfigs.add(pendingKey(), m.newState(), liveInfoKey(t + 1));
      } else {
        flipOk(m.op());
        if (seenThisEvent.add(pendingKey(), m.newState(), liveInfoKey(t))) {
          ok = extend(o, t, m.newState());
        }
        flipOk(m.op());
      }
      unuseChain(m.chain());
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private List<Move> pendingMoves(int state, long t) {
    for (int k = 0; k < nPending; k++) {
      int i = pending[k];
      if (!linearized(i) && freeRead(i, state)) {
        return List.of(new Move(i, NONE, state));
      }
    }
    List<Move> out = new ArrayList<>(4);
    for (int k = 0; k < nPending; k++) {
      int i = pending[k];
      if (!linearized(i) && !movesFor(i, state, t, out)) {
        return null;
      }
    }
    order(out);
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // Info chains.

  private boolean callable(int c, long frontier) {
    int u = used[c];
    return u < memberCall[c].length && memberCall[c][u] < frontier;
  }

  /**
   * All simple chains of info operations (put/delete/cas, then cas*) that take the register from
   * {@code from} to {@code target != from}; each chain is a list of classes in linearization
   * order. Returns false when the enumeration budget ran out.
   *
   * <p>Chains are grown backwards from the target: the last link must write the target, and
   * histories rarely have more than one writer of a value, so this rarely branches (growing
   * forwards from the current state would try every cas expecting it).
   */
  private boolean chains(int from, int target, long frontier, List<int[]> out) {
    stamp++;
    visitStamp[target] = stamp;
    return back(from, target, frontier, chainPath, 0, out);
  }

  /**
   * {@code path[path.length - len ..]} is a chain suffix that takes the register from {@code cur}
   * to the target; emit every way to complete it.
   */
  private boolean back(int from, int cur, long frontier, int[] path, int len, List<int[]> out) {
    // cur != from here: the register must be brought to cur by a put/delete or a cas
    int first = cur == 0 ? deleteClass : putClassByValue[cur];
    if (first >= 0 && callable(first, frontier)) {
      int[] chain = new int[len + 1];
      chain[0] = first;
      System.arraycopy(path, path.length - len, chain, 1, len);
      out.add(chain);
    }
    if (casByReplacement[cur].length == 0) {
      return true;
    }
    if (len + 1 >= path.length) {
      return false; // a chain this long is beyond what we explore: give up rather than guess
    }
    for (int c : casByReplacement[cur]) {
      if (++chainSteps > maxChainSteps) {
        return false;
      }
      int prior = clsA[c];
      if (visitStamp[prior] == stamp || !callable(c, frontier)) {
        continue;
      }
      path[path.length - 1 - len] = c;
      if (prior == from) {
        out.add(Arrays.copyOfRange(path, path.length - 1 - len, path.length));
        continue;
      }
      visitStamp[prior] = stamp;
      boolean ok = back(from, prior, frontier, path, len + 1, out);
      visitStamp[prior] = 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
