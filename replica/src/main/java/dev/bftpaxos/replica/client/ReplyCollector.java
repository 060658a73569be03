package dev.bftpaxos.replica.client;

import dev.bftpaxos.core.client.KnownConfigurations;
import dev.bftpaxos.core.client.ReplyCertificate;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gathers the signed replies to one request until f+1 distinct members of the configuration
 * governing one slot signed the same reply statement with their keys there (f of that
 * configuration, {@link KnownConfigurations}), which is what a {@link ReplyCertificate} holds.
 * Separate from the reply rule, which takes the result as soon as it may, while a certificate is
 * cut to exactly f+1 signatures a third party can check. Not thread-safe; {@link KvClient} holds its lock.
 */
final class ReplyCollector {
  private record Statement(long slot, ByteBuffer result) {}

  /** A signature, and the configuration it was checked in: it counts only while that one governs its slot. */
  private record Signed(long configuration, byte[] signature) {}

  private final Digest32 configId;
  private final KnownConfigurations configurations;
  private final Request request;
  private final Set<Integer> heard = new HashSet<>();
  private final Map<Statement, TreeMap<Integer, Signed>> bySignedStatement = new HashMap<>();

  /**
   * @param request the client's signed request; replies to other requests are ignored
   * @param configurations who may sign a reply for a slot, with which key, and how many must
   */
  ReplyCollector(Digest32 configId, KnownConfigurations configurations, Request request) {
    this.configId = Objects.requireNonNull(configId, "configId");
    this.configurations = Objects.requireNonNull(configurations, "configurations");
    this.request = Objects.requireNonNull(request, "request");
  }

  /** Counts {@code reply} if it answers this request and verifies; a replica counts once. */
  void offer(Reply reply) {
    if (reply.clientId() != request.clientId() || reply.seq() != request.seq() || reply.result() == null
        || heard.contains(reply.replica())) {
      return;
    }
    KnownConfigurations.Known c = configurations.governing(reply.slot());
    if (!configurations.counts(c, reply)) {
      return;
    }
    heard.add(reply.replica());
    bySignedStatement.computeIfAbsent(new Statement(reply.slot(), ByteBuffer.wrap(reply.result().clone())),
        k -> new TreeMap<>()).put(reply.replica(), new Signed(c.id(), reply.signature()));
  }

  /**
   * A certificate for {@code result} (the one the reply rule accepted), or null while fewer than
   * f+1 members signed one statement with it. Signatures in replica id order.
   */
  ReplyCertificate certificate(byte[] result) {
    ByteBuffer wanted = ByteBuffer.wrap(result);
    for (Map.Entry<Statement, TreeMap<Integer, Signed>> e : bySignedStatement.entrySet()) {
      if (!e.getKey().result().equals(wanted)) {
        continue;
      }
      KnownConfigurations.Known c = configurations.governing(e.getKey().slot());
      List<SignerSignature> sigs = new ArrayList<>(c.f() + 1);
      for (Map.Entry<Integer, Signed> s : e.getValue().entrySet()) {
        if (sigs.size() < c.f() + 1 && s.getValue().configuration() == c.id()) {
          sigs.add(new SignerSignature(s.getKey(), s.getValue().signature()));
        }
      }
      if (sigs.size() == c.f() + 1) {
        return new ReplyCertificate(configId, request.clientId(), request.seq(), e.getKey().slot(), request.op(),
            request.signature(), result, sigs);
      }
    }
    return null;
  }
}
