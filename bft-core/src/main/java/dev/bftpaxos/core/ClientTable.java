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

  /** Canonical bytes: entries in client order, so equal tables give equal bytes. */
  public byte[] encode() {
    java.util.TreeMap<Long, Entry> sorted = new java.util.TreeMap<>(entries);
    int size = 4;
    for (Entry e : sorted.values()) {
      size += 8 + 8 + 8 + 4 + e.result().length;
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(size);
    b.putInt(sorted.size());
    for (java.util.Map.Entry<Long, Entry> e : sorted.entrySet()) {
      b.putLong(e.getKey()).putLong(e.getValue().seq()).putLong(e.getValue().slot());
      b.putInt(e.getValue().result().length).put(e.getValue().result());
    }
    return b.array();
  }

  /** Replaces the table with one from {@link #encode}; throws IllegalArgumentException if malformed. */
  public void restore(byte[] bytes, int offset, int length) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes, offset, length);
    HashMap<Long, Entry> fresh = new HashMap<>();
    try {
      int count = b.getInt();
      if (count < 0 || count > clientsMax) {
        throw new IllegalArgumentException("client table of " + count + " entries");
      }
      for (int i = 0; i < count; i++) {
        long client = b.getLong();
        long seq = b.getLong();
        long slot = b.getLong();
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
          throw new IllegalArgumentException("client table result length " + len);
        }
        byte[] result = new byte[len];
        b.get(result);
        fresh.put(client, new Entry(seq, slot, result));
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated client table");
    }
    if (b.hasRemaining()) {
      throw new IllegalArgumentException("trailing bytes after client table");
    }
    entries.clear();
    entries.putAll(fresh);
  }
}
