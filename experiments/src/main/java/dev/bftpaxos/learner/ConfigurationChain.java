package dev.bftpaxos.learner;

import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.client.ReplyCertificate;
import dev.bftpaxos.core.log.ChangeAccepted;
import dev.bftpaxos.core.log.ConfigChange;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.PublicKeyRing;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a learner who holds only the first configuration's keys (config.json, and which of its
 * replicas are the first members) knows of the later ones: each configuration {@code C(j)} is
 * proved by the reply certificate of the change that made it, a request whose op is a
 * {@link ConfigChange} and whose result is {@code ok C<j> from <slot>}, signed by f+1 replicas of
 * {@code C(j-1)} with {@code C(j-1)}'s keys (docs/CERTIFICATES.md, section 10).
 *
 * <p>Why a reply certificate and not the commit certificate of the change's slot: a commit
 * certificate proves the change was <em>ordered</em>, not that it was <em>accepted</em> (a change
 * submitted while another is pending, or by a client not allowed to reconfigure, is ordered and
 * refused), and a learner that applied a refused change could be walked, one certified refusal at a
 * time, to a configuration of faulty replicas only. The reply's result is the replicas' verdict.
 * Links must be numbered {@code C1, C2, ...} without a gap, so each is the one change that made its
 * configuration. A chain that stops early is not unsafe: every configuration in it is one the
 * cluster really had, whose correct members sign only slots it governs; a certificate from a later
 * configuration then just does not verify.
 *
 * <p>Assumed, as for every certificate: each configuration has at most f faulty members, also after
 * it is replaced, for as long as its certificates are to be believed.
 */
public final class ConfigurationChain {
  /** The most links a chain may have: each is a file a person hands over, not a log. */
  public static final int LINKS_MAX = 10_000;


  /**
   * One configuration: its number, the first slot it governs, its members' public keys, and for
   * every configuration after the first, the change that made it and the slot it executed in.
   */
  public record Link(long id, long fromSlot, Map<Integer, byte[]> keys, ConfigChange change, long changeSlot) {
    public Link {
      keys = java.util.Collections.unmodifiableMap(new TreeMap<>(keys));
    }

    public SortedSet<Integer> members() {
      return new TreeSet<>(keys.keySet());
    }

    /** Byzantine faults tolerated: {@code floor((n-1)/3)}. */
    public int f() {
      return (keys.size() - 1) / 3;
    }

    /** The commit quorum {@code ceil((n+f+1)/2)}. */
    public int quorum() {
      return OfflineVerifier.quorum(keys.size());
    }
  }

  private final PublicConfiguration initial;
  private final SignatureScheme scheme;
  private final List<Link> links = new ArrayList<>();
  /** Per link, built on first use: its keys parsed once, not once per certificate checked. */
  private final List<LinkKeys> keys = new ArrayList<>();

  /** A link's members as verifiers: commit and reply certificates, and single reply signatures. */
  private record LinkKeys(OfflineVerifier certificates, PublicKeyRing ring) {}

  /**
   * The chain of one configuration, {@code C0}: the replicas of {@code config} listed in
   * {@code members} (null: every replica), governing from slot 1.
   *
   * @throws IllegalArgumentException if a member is not a replica of {@code config}
   */
  public ConfigurationChain(PublicConfiguration config, SignatureScheme scheme, SortedSet<Integer> members) {
    this.initial = config;
    this.scheme = scheme;
    Map<Integer, byte[]> keys = new TreeMap<>();
    for (int r : members == null ? config.ids(Role.REPLICA) : members) {
      if (!config.ids(Role.REPLICA).contains(r)) {
        throw new IllegalArgumentException("member " + r + " is not a replica of configuration "
            + config.configId().shortHex() + " (replicas " + config.ids(Role.REPLICA) + ")");
      }
      keys.put(r, config.publicKey(Role.REPLICA, r));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("the first configuration needs a member");
    }
    links.add(new Link(0, 1, keys, null, 0));
  }

  public List<Link> links() {
    return List.copyOf(links);
  }

  public Link last() {
    return links.get(links.size() - 1);
  }

  /** The configuration that governs {@code slot}: the last link whose first slot is at or below it. */
  public Link governing(long slot) {
    for (int i = links.size() - 1; i > 0; i--) {
      if (links.get(i).fromSlot() <= slot) {
        return links.get(i);
      }
    }
    return links.get(0);
  }

  /**
   * Checks {@code c} as the next link and appends the configuration it proves; on an invalid link
   * the chain is unchanged and the reason says why.
   */
  public OfflineVerifier.Result extend(ReplyCertificate c) {
    if (links.size() > LINKS_MAX) {
      return invalid(InvalidReason.CHAIN_BROKEN, "a chain of more than " + LINKS_MAX + " links");
    }
    Link prev = last();
    ConfigChange change = ConfigChange.decode(c.op());
    if (change == null) {
      return invalid(InvalidReason.NOT_A_CONFIGURATION_CHANGE, "the request's op is not a configuration change");
    }
    ChangeAccepted accepted = ChangeAccepted.parse(c.result());
    if (accepted == null) {
      return invalid(InvalidReason.NOT_A_CONFIGURATION_CHANGE, "the change was not accepted: the replicas answered \""
          + printable(new String(c.result(), StandardCharsets.UTF_8)) + "\"");
    }
    long id = accepted.configuration();
    long from = accepted.fromSlot();
    if (id != prev.id() + 1) {
      return invalid(InvalidReason.CHAIN_BROKEN, "the change made C" + id + ", the chain's next is C" + (prev.id() + 1)
          + " (links must be given in order, none left out)");
    }
    if (c.slot() < prev.fromSlot() || from <= c.slot()) {
      return invalid(InvalidReason.CHAIN_BROKEN, "the change executed at slot " + c.slot() + " and governs from slot "
          + from + ", but C" + prev.id() + " governs from slot " + prev.fromSlot()
          + " (a change executes in its predecessor's slots and takes effect after them)");
    }
    String wrong = applicable(prev, change);
    if (wrong != null) {
      return invalid(InvalidReason.CHAIN_BROKEN, wrong);
    }
    // The change's slot is governed by prev (one change at a time): prev's keys and f+1 of its members.
    OfflineVerifier.Result r = keysOf(prev).certificates().replies().verify(c);
    if (!r.isValid()) {
      return r;
    }
    Map<Integer, byte[]> keys = new TreeMap<>(prev.keys());
    switch (change.kind()) {
      case ADD, REPLACE -> keys.put(change.replica(), change.publicKey());
      case REMOVE -> keys.remove(change.replica());
    }
    links.add(new Link(id, from, keys, change, c.slot()));
    return r;
  }

  /**
   * Verifies a commit certificate with the keys and quorum of the configuration that governs its
   * slot (so a certificate signed by a quorum of an older configuration, for a slot a newer one
   * governs, is refused: BFT-SMaRt's "f not updated" seen from the learner's side).
   */
  public OfflineVerifier.Result verify(CommitCertificate c) {
    Link k = governing(c.slot());
    OfflineVerifier.Result r = keysOf(k).certificates().verify(c);
    return r instanceof OfflineVerifier.Valid v ? new OfflineVerifier.Valid(v.certificate(), v.quorum(), k.id()) : r;
  }

  /** {@code k}'s members, each with its key in {@code k}. */
  public PublicKeyRing ring(Link k) {
    return keysOf(k).ring();
  }

  /** {@code k} as a client counts replies in it: its members, each with its key in {@code k} (KnownConfigurations). */
  public dev.bftpaxos.core.client.KnownConfigurations.Known asKnown(Link k) {
    return new dev.bftpaxos.core.client.KnownConfigurations.Known(k.id(), k.fromSlot(), k.members(), ring(k)::verify);
  }

  /**
   * {@code c} with only the signatures a link after {@link #last()} can count: members of the last
   * configuration whose signature over the reply statement verifies with their key there, at most
   * f+1 of them; null if fewer remain. What a collector of replies (the simulator's
   * reconfiguration client) uses to make a link out of whatever replies it heard.
   */
  public ReplyCertificate trimmedForNextLink(ReplyCertificate c) {
    Link k = last();
    PublicKeyRing ring = keysOf(k).ring();
    byte[] statement = dev.bftpaxos.crypto.Statements.reply(initial.configId(), c.clientId(), c.seq(), c.slot(),
        c.result());
    List<dev.bftpaxos.crypto.SignerSignature> kept = new ArrayList<>();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (dev.bftpaxos.crypto.SignerSignature sig : c.signatures()) {
      if (kept.size() < k.f() + 1 && seen.add(sig.signerId()) && ring.verify(sig.signerId(), statement,
          sig.signature())) {
        kept.add(sig);
      }
    }
    return kept.size() < k.f() + 1 ? null : new ReplyCertificate(c.configId(), c.clientId(), c.seq(), c.slot(), c.op(),
        c.requestSignature(), c.result(), kept);
  }

  /**
   * Verifies the bytes of a certificate file, commit or reply (told apart by {@code format}), with
   * the configuration that governs its slot.
   */
  public OfflineVerifier.Result verify(byte[] contents) {
    try {
      com.fasterxml.jackson.databind.JsonNode root = StrictJson.root(contents);
      com.fasterxml.jackson.databind.JsonNode format = root.get("format");
      if (format != null && format.isTextual() && format.asText().equals(ReplyCertificateFile.FORMAT)) {
        ReplyCertificateFile.Contents reply = ReplyCertificateFile.certificate(root);
        OfflineVerifier.Result wrong = labelled(reply.scheme(), "reply certificate", reply.configuration(),
            reply.certificate().slot());
        return wrong != null ? wrong : keysOf(governing(reply.certificate().slot())).certificates().replies()
            .verify(reply.certificate());
      }
      CertificateFile.Contents parsed = CertificateFile.certificate(root);
      OfflineVerifier.Result wrong = labelled(parsed.scheme(), "certificate", parsed.configuration(),
          parsed.certificate().slot());
      return wrong != null ? wrong : verify(parsed.certificate());
    } catch (CertificateFileException e) {
      return invalid(InvalidReason.MALFORMED_FILE, e.getMessage());
    }
  }

  /**
   * Why a file of {@code scheme} naming configuration {@code configuration} for {@code slot} cannot
   * be checked in this chain, or null: its scheme must be the cluster's, and its configuration the
   * one the chain says governs the slot (the label is not signed; the slot is).
   */
  private OfflineVerifier.Result labelled(String scheme, String what, long configuration, long slot) {
    if (!scheme.equals(initial.schemeName())) {
      return invalid(InvalidReason.SCHEME_MISMATCH, what + " is signed with scheme " + scheme + ", configuration "
          + initial.configId().shortHex() + " uses " + initial.schemeName());
    }
    long governing = governing(slot).id();
    if (configuration != governing) {
      return invalid(InvalidReason.CONFIGURATION_MISMATCH, "the " + what + " names configuration C" + configuration
          + ", but by the chain slot " + slot + " is governed by C" + governing + " (" + this + ")");
    }
    return null;
  }

  /** Checks the bytes of a reply certificate file as the next link ({@link #extend(ReplyCertificate)}). */
  public OfflineVerifier.Result extend(byte[] contents) {
    try {
      ReplyCertificateFile.Contents parsed = ReplyCertificateFile.read(contents);
      if (!parsed.scheme().equals(initial.schemeName())) {
        return invalid(InvalidReason.SCHEME_MISMATCH, "reply certificate is signed with scheme " + parsed.scheme()
            + ", configuration " + initial.configId().shortHex() + " uses " + initial.schemeName());
      }
      // A change executes in its predecessor's slots: its reply certificate names the last configuration.
      if (parsed.configuration() != last().id()) {
        return invalid(InvalidReason.CONFIGURATION_MISMATCH, "the link names configuration C" + parsed.configuration()
            + ", but a change after C" + last().id() + " executes in C" + last().id() + "'s slots");
      }
      return extend(parsed.certificate());
    } catch (CertificateFileException e) {
      return invalid(InvalidReason.MALFORMED_FILE, "a chain link must be a reply certificate ("
          + ReplyCertificateFile.FORMAT + "): " + e.getMessage());
    }
  }

  /** Why {@code change} cannot follow {@code prev}, or null: the replicas' own rules (Configurations). */
  private static String applicable(Link prev, ConfigChange change) {
    boolean member = prev.keys().containsKey(change.replica());
    return switch (change.kind()) {
      case ADD -> member ? "C" + (prev.id() + 1) + " adds replica " + change.replica() + ", already a member of C"
          + prev.id() : change.publicKey().length == 0 ? "C" + (prev.id() + 1) + " adds replica " + change.replica()
          + " without a public key" : null;
      case REMOVE -> !member ? "C" + (prev.id() + 1) + " removes replica " + change.replica() + ", not a member of C"
          + prev.id() : prev.keys().size() <= 1 ? "C" + (prev.id() + 1) + " leaves no member" : null;
      case REPLACE -> !member ? "C" + (prev.id() + 1) + " replaces the key of replica " + change.replica()
          + ", not a member of C" + prev.id() : change.publicKey().length == 0 ? "C" + (prev.id() + 1)
          + " replaces the key of replica " + change.replica() + " with none" : null;
    };
  }

  /**
   * {@code k}'s members and keys as a public configuration, for the verifiers' key rings; the
   * statements they check are still made over the first configuration's id (the cluster's), which
   * the verifiers are given separately.
   */
  private LinkKeys keysOf(Link k) {
    int i = (int) k.id(); // links are numbered 0, 1, ... in list order
    while (keys.size() <= i) {
      keys.add(null);
    }
    LinkKeys lk = keys.get(i);
    if (lk == null) {
      PublicConfiguration members = configurationOf(k);
      lk = new LinkKeys(new OfflineVerifier(members, scheme, initial), PublicKeyRing.replicas(members, scheme));
      keys.set(i, lk);
    }
    return lk;
  }

  private PublicConfiguration configurationOf(Link k) {
    Map<Integer, byte[]> clients = new TreeMap<>();
    for (int id : initial.ids(Role.CLIENT)) {
      clients.put(id, initial.publicKey(Role.CLIENT, id));
    }
    return PublicConfiguration.of(initial.schemeName(), k.keys(), clients);
  }

  private static String printable(String s) {
    String t = s.length() > 120 ? s.substring(0, 120) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static OfflineVerifier.Invalid invalid(InvalidReason reason, String detail) {
    return new OfflineVerifier.Invalid(reason, OptionalInt.empty(), detail);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Link k : links) {
      b.append(b.length() == 0 ? "" : ", ").append('C').append(k.id()).append(" from slot ").append(k.fromSlot())
          .append(" members ").append(k.members());
    }
    return b.toString();
  }
}
