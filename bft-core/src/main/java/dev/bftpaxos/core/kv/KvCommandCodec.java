package dev.bftpaxos.core.kv;

/**
 * The binary form of {@link KvCommand}: tag byte (1 put, 2 get, 3 delete, 4 cas), then strings
 * as minimal-varint byte length plus UTF-8; cas has a 0/1 presence byte before {@code expected}.
 */
final class KvCommandCodec {

  static final int TAG_PUT = 1;
  static final int TAG_GET = 2;
  static final int TAG_DELETE = 3;
  static final int TAG_CAS = 4;

  private KvCommandCodec() {}

  static byte[] encode(KvCommand command) {
    ByteWriter w = new ByteWriter(32);
    if (command instanceof KvCommand.Put p) {
      w.writeByte(TAG_PUT).writeBytes(key(p.key())).writeBytes(value(p.value(), "value"));
    } else if (command instanceof KvCommand.Get g) {
      w.writeByte(TAG_GET).writeBytes(key(g.key()));
    } else if (command instanceof KvCommand.Delete d) {
      w.writeByte(TAG_DELETE).writeBytes(key(d.key()));
    } else if (command instanceof KvCommand.Cas c) {
      w.writeByte(TAG_CAS).writeBytes(key(c.key()));
      if (c.expected() == null) {
        w.writeByte(0);
      } else {
        w.writeByte(1).writeBytes(value(c.expected(), "expected"));
      }
      w.writeBytes(value(c.newValue(), "newValue"));
    } else {
      throw new IllegalArgumentException("unknown command " + command);
    }
    return w.toByteArray();
  }

  static KvCommand decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes, "command");
    int tag = r.readByte("command tag");
    KvCommand command;
    switch (tag) {
      case TAG_PUT -> command = new KvCommand.Put(readKey(r), readValue(r, "value"));
      case TAG_GET -> command = new KvCommand.Get(readKey(r));
      case TAG_DELETE -> command = new KvCommand.Delete(readKey(r));
      case TAG_CAS -> {
        String key = readKey(r);
        String expected = r.readFlag("expected presence") ? readValue(r, "expected") : null;
        command = new KvCommand.Cas(key, expected, readValue(r, "newValue"));
      }
      default -> throw new KvDecodeException("unknown command tag " + tag);
    }
    r.expectEnd("command");
    return command;
  }

  static byte[] key(String key) {
    return Utf8.encode(key, KvLimits.KEY_BYTES_MAX, "key");
  }

  static byte[] value(String value, String what) {
    return Utf8.encode(value, KvLimits.VALUE_BYTES_MAX, what);
  }

  static String readKey(ByteReader r) {
    return r.readString(KvLimits.KEY_BYTES_MAX, "key");
  }

  static String readValue(ByteReader r, String what) {
    return r.readString(KvLimits.VALUE_BYTES_MAX, what);
  }
}
