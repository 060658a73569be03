package dev.bftpaxos.replica.client;

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
import java.util.function.Predicate;

/**
 * Gathers the signed replies to one request until {@code needed} (f+1) distinct replicas signed the
 * same reply statement, which is what a {@link ReplyCertificate} holds. Separate from the reply
 * rule because the rule matches on the result alone, while one statement also fixes the slot: a
 * faulty replica can send the right result with a wrong slot, and then the certificate needs one
 * more correct reply than the rule did. Not thread-safe; {@link KvClient} holds its lock.
 */
final class ReplyCollector {
  private record Statement(long slot, ByteBuffer result) {}

  private final Digest32 configId;
  private final int needed;
  private final Predicate<Reply> verifier;
  private final Request request;
  private final Set<Integer> heard = new HashSet<>();
  private final Map<Statement, TreeMap<Integer, byte[]>> bySignedStatement = new HashMap<>();

  /**
   * @param request the client's signed request; replies to other requests are ignored
   * @param verifier true if a reply's signature verifies over its reply statement
   */
  ReplyCollector(Digest32 configId, int needed, Request request, Predicate<Reply> verifier) {
    this.configId = Objects.requireNonNull(configId, "configId");
    this.needed = needed;
    this.request = Objects.requireNonNull(request, "request");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  /** Counts {@code reply} if it answers this request and verifies; a replica counts once. */
  void offer(Reply reply) {
    if (reply.clientId() != request.clientId() || reply.seq() != request.seq() || reply.result() == null
        || heard.contains(reply.replica()) || !verifier.test(reply)) {
      return;
    }
    heard.add(reply.replica());
    bySignedStatement.computeIfAbsent(new Statement(reply.slot(), ByteBuffer.wrap(reply.result().clone())),
        k -> new TreeMap<>()).put(reply.replica(), reply.signature());
  }

  /**
   * A certificate for {@code result} (the one the reply rule accepted), or null while fewer than
   * {@code needed} replicas signed one statement with it. Signatures in replica id order.
   */
  ReplyCertificate certificate(byte[] result) {
    ByteBuffer wanted = ByteBuffer.wrap(result);
    for (Map.Entry<Statement, TreeMap<Integer, byte[]>> e : bySignedStatement.entrySet()) {
      if (e.getKey().result().equals(wanted) && e.getValue().size() >= needed) {
        List<SignerSignature> sigs = new ArrayList<>(needed);
        for (Map.Entry<Integer, byte[]> s : e.getValue().entrySet()) {
          if (sigs.size() == needed) {
            break;
          }
          sigs.add(new SignerSignature(s.getKey(), s.getValue()));
        }
        return new ReplyCertificate(configId, request.clientId(), request.seq(), e.getKey().slot(), request.op(),
            request.signature(), result, sigs);
      }
    }
    return null;
  }
}
