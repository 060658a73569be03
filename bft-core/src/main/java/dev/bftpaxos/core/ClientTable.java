package dev.bftpaxos.core;

import java.util.HashMap;

/**
 * Exactly-once bookkeeping: for every client, the last request executed and its result, so a
 * retransmission is answered from here instead of being applied twice. Updated only on execution,
 * so every replica's table is the same function of the chosen log.
 */
public final class ClientTable {
  /** The last executed request of one client. */
  public record Entry(long seq, long slot, byte[] result) {}

  private final HashMap<Long, Entry> entries = new HashMap<>();
  private final int clientsMax;

  public ClientTable(int clientsMax) {
    this.clientsMax = clientsMax;
  }

  public Entry get(long clientId) {
    return entries.get(clientId);
  }

  /** False when the table is full and the client is new: the request must not be applied. */
  public boolean canRecord(long clientId) {
    return entries.size() < clientsMax || entries.containsKey(clientId);
  }

  public void record(long clientId, long seq, long slot, byte[] result) {
    entries.put(clientId, new Entry(seq, slot, result));
  }

  public int size() {
    return entries.size();
  }
}
