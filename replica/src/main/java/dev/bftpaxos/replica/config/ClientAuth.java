package dev.bftpaxos.replica.config;

import java.util.Locale;

/**
 * How Byzantine-mode clients and replicas authenticate requests and replies (the cluster file's
 * {@code crypto.clientAuth}); crash mode authenticates neither.
 */
public enum ClientAuth {
  /**
   * Ed25519 on every request and every reply: third-party verifiable, so commit certificates prove
   * which client asked and f+1 replies form a reply certificate.
   */
  SIGNATURES,
  /**
   * PBFT-style MAC authenticators: a request carries one HMAC tag per replica, a reply one tag for
   * its client. Much cheaper; proves nothing to a third party (no reply certificates), and a faulty
   * client can send tags only some replicas accept (docs/BENCHMARKS.md, "Client authentication").
   */
  MACS,
  /**
   * Requests signed (so a faulty client cannot send a request only some replicas accept, and
   * commit certificates still show who asked), replies MAC-tagged (the client checks f+1 tags
   * instead of f+1 signatures; no reply certificates).
   */
  HYBRID;

  /** Whether requests carry Ed25519 signatures (otherwise MAC authenticators). */
  public boolean signsRequests() {
    return this != MACS;
  }

  /** Whether replies carry Ed25519 signatures (otherwise a MAC tag for their client). */
  public boolean signsReplies() {
    return this == SIGNATURES;
  }

  /** The name in the cluster file. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The value called {@code name} in the file, or null. */
  public static ClientAuth fromFileName(String name) {
    for (ClientAuth a : values()) {
      if (a.fileName().equals(name)) {
        return a;
      }
    }
    return null;
  }
}
