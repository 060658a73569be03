package dev.bftpaxos.core.client;

import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.util.List;

/**
 * What a Byzantine-mode client can show a third party for one request: f+1 distinct replicas'
 * signatures over {@code Statements.reply(configId, clientId, seq, slot, result)} (the same
 * statement, so the same slot and result for all), plus the client's own signed request
 * {@code Statements.request(configId, clientId, seq, op)} so that the op is bound to
 * {@code (clientId, seq)}: the reply statement names the request only by that pair.
 *
 * <p>It proves, if at most f replicas are faulty, that at least one correct replica executed the
 * request {@code (clientId, seq)} at {@code slot} with this result. The fields are exactly what the
 * signatures cover; nothing here is unsigned except the order of the signatures.
 */
public record ReplyCertificate(Digest32 configId, long clientId, long seq, long slot, byte[] op,
    byte[] requestSignature, byte[] result, List<SignerSignature> signatures) {
  public ReplyCertificate {
    op = op.clone();
    requestSignature = requestSignature.clone();
    result = result.clone();
    signatures = List.copyOf(signatures);
  }

  @Override
  public byte[] op() {
    return op.clone();
  }

  @Override
  public byte[] requestSignature() {
    return requestSignature.clone();
  }

  @Override
  public byte[] result() {
    return result.clone();
  }
}
