package dev.bftpaxos.faulty;

import java.util.Map;
import java.util.function.Function;

/** The ready misbehaviours by name, for scenarios and command-line flags. */
public final class Behaviours {
  private static final Registry<Behaviour> ALL = new Registry<>(Behaviour.class, "behaviour");

  static {
    add("equivocating-proposer", "as leader, sends two different batches for one ballot and slot, both signed", "",
        p -> new EquivocatingProposer());
    add("lying-replier", "answers clients with results nobody wrote",
        "collude=true|false (default false; true: the same lie at every replica running it, and made-up answers to "
        + "every request received, member or not)", LyingReplier::fromParams);
    add("new-ballot-forger", "as a new leader, replaces the re-proposals its promises prove by no-ops "
        + "(Byzantine mode)", "", p -> new NewBallotForger());
    add("silent-node", "omits all messages, or only to chosen peers", "to=ID+ID (default: everyone)",
        p -> {
          java.util.Set<Integer> to = p.replicas("to");
          return to == null ? new SilentNode() : new SilentNode(to);
        });
    add("replayer", "re-sends old messages from earlier ballots and slots", "", p -> new Replayer());
    add(SkewedClock.NAME, "a correct replica whose clock runs fast or slow beyond the assumed drift bound (crash mode's "
        + "lease reads rest on that bound)", "rate=PERMILLE of real time (default 500: half speed; 100..100000), while=always|leading (default always; "
        + "leading: only while it leads, the adversary's clock)",
        SkewedClock::fromParams);
    add("forgetful-promiser", "its promises report no accepted values", "", p -> new ForgetfulPromiser());
    add("colluding-equivocators", "a coalition: the leading member sends each half of the correct replicas its own "
        + "batch and every member votes for both", "", p -> new ColludingEquivocators());
    add(SlowLeader.NAME, "as leader, holds each proposal (and NEW-BALLOT) just under the timeout that would depose it",
        "delay=TICKS (default: electionTimeoutTicks - max(3, electionTimeoutTicks/20)), "
        + "what=proposals[+new-ballot] (default both; new-ballot is Byzantine mode only)", SlowLeader::fromParams);
    add(Twins.NAME, "two correct instances with one id and key, each fed by a different part of the network",
        "a=ID+ID (peers feeding twin A; default the lower half of the other replicas), "
        + "sends=all|own-side (default all: both twins talk to everyone)", Twins::fromParams);
    add(CrashWithAmnesia.NAME, "restarts now and then with its durable state wiped (forgets promises and votes)",
        "every=TICKS (default 2 x electionTimeoutTicks, +-25% seeded jitter), "
        + "down=TICKS (default heartbeatTicks/2)", CrashWithAmnesia::fromParams);
    add("promise-breaking-acceptor", "breaks its promises: votes for lower ballots after promising a higher one "
        + "(and, in crash mode, promises while it follows a live leader and keeps the stale leader alive); its "
        + "promises report nothing, or a stale view", "promises=honest|empty|stale (default empty), "
        + "lower=true|false (default true)", PromiseBreakingAcceptor::fromParams);
    add("lying-acceptor", "signs ACCEPT and COMMIT for every value it is sent, any ballot, several per slot; in crash "
        + "mode answers every ACCEPT with ACCEPTED", "commit=true|false (default true: also sign COMMIT without a "
        + "certificate)", LyingAcceptor::fromParams);
    add("certificate-forger", "sends certificates with too few, repeated or wrong signatures, and promises claiming "
        + "values it cannot prove (crash mode: promises claiming a made-up accepted value)",
        "forge=few+repeated+wrong+unprovable (default: all)", CertificateForger::fromParams);
    add("random-mutator", "with probability p changes one field of an outgoing message (ballot or slot +-1, digest, "
        + "batch), re-signed with its own key", "p=0..1 (default 0.05), types=propose+accept+commit+promise+prepare+"
        + "newballot+heartbeat+nack+checkpoint+catchup (default: all)", RandomMutator::fromParams);
    add(ExtremeValues.NAME, "with probability p sets one number field of an outgoing message (ballot, slot, checkpoint "
        + "slot, range bound, commit point) to 0, -1, the maximum, the minimum, or 2^40 into the future or past, "
        + "re-signed with its own key", "p=0..1 (default 0.05), types=as random-mutator (default: all), "
        + "values=zero+minus-one+max+min+far-future+far-past (default: all)", ExtremeValues::fromParams);
    add(VoteFlooder.NAME, "every few ticks floods its peers with distinct signed votes (ACCEPT and COMMIT with junk "
        + "digests for slots around the current one), far-future checkpoints, promises for higher ballots, and a "
        + "NEW-BALLOT it leads near Long.MAX_VALUE", "kinds=votes+checkpoints+promises+newballot (default all), "
        + "every=TICKS (default 50), count=N per slot or kind (default 8), slots=N (default 16), once=true|false "
        + "(default false)", VoteFlooder::fromParams);
    add(RequestForger.NAME, "as leader, puts requests no client sent, altered operations, or already executed "
        + "requests into its proposals (re-signed with its own key)", "forge=invent+alter+replay (default all), "
        + "p=0..1 per proposal (default 0.2)", RequestForger::fromParams);
    add(FetchAbuser.NAME, "every tick asks every peer for huge and backwards slot ranges, the same state again and "
        + "again, and both in another replica's name", "kinds=huge+repeat+others (default all), every=TICKS "
        + "(default 1)", FetchAbuser::fromParams);
  }

  private Behaviours() {}

  /** Registers a behaviour; names are unique. */
  public static void add(String name, String summary, String parameters, Function<BehaviourParams, Behaviour> factory) {
    ALL.add(name, summary, parameters, factory);
  }

  /**
   * Builds the behaviour a spec names: {@code name}, {@code name(key=value,...)}, or a class on the
   * classpath implementing {@link Behaviour}, {@code com.example.MyBehaviour(k=v)}.
   */
  public static Behaviour byName(String spec) {
    return ALL.byName(spec);
  }

  public static Iterable<String> names() {
    return ALL.names();
  }

  public static Map<String, Registry.Entry<Behaviour>> entries() {
    return ALL.entries();
  }
}
