package dev.bftpaxos.core.kv;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The binary form of a {@link KvStateMachine} snapshot: format version byte, varint entry count,
 * then each entry as key string and value string, keys strictly increasing in {@link
 * String#compareTo} order. Decoding accepts only that canonical form.
 */
final class KvSnapshotCodec {

  /** Smallest possible entry: an empty key and an empty value, one length byte each. */
  private static final int ENTRY_BYTES_MIN = 2;

  private KvSnapshotCodec() {}

  static byte[] encode(SortedMap<String, String> entries) {
    ByteWriter w = new ByteWriter(16 + 32 * entries.size());
    w.writeByte(KvStateMachine.SNAPSHOT_FORMAT_VERSION).writeVarint(entries.size());
    for (Map.Entry<String, String> e : entries.entrySet()) {
      w.writeBytes(KvCommandCodec.key(e.getKey()));
      w.writeBytes(KvCommandCodec.value(e.getValue(), "value"));
    }
    return w.toByteArray();
  }

  static TreeMap<String, String> decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes, "snapshot");
    int version = r.readByte("snapshot format version");
    if (version != KvStateMachine.SNAPSHOT_FORMAT_VERSION) {
      throw new KvDecodeException("unknown snapshot format version " + version);
    }
    int count = r.readVarint(Integer.MAX_VALUE, "snapshot entry count");
    if (count > r.remaining() / ENTRY_BYTES_MIN) {
      throw new KvDecodeException(
          "truncated: snapshot claims " + count + " entries in " + r.remaining() + " bytes");
    }
    TreeMap<String, String> entries = new TreeMap<>();
    String previous = null;
    for (int i = 0; i < count; i++) {
      String key = KvCommandCodec.readKey(r);
      if (previous != null && previous.compareTo(key) >= 0) {
        throw new KvDecodeException("snapshot keys not strictly increasing at entry " + i);
      }
      entries.put(key, KvCommandCodec.readValue(r, "value"));
      previous = key;
    }
    r.expectEnd("snapshot");
    return entries;
  }
}
