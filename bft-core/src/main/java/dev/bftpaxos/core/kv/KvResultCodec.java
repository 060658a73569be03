package dev.bftpaxos.core.kv;

/**
 * The binary form of {@link KvResult}: tag byte (1 ok, 2 value, 3 cas, 4 error); a value is a
 * 0/1 presence byte then, if present, the string; a cas result is a 0/1 applied byte then a
 * present-or-absent current value; an error is its reason string.
 */
final class KvResultCodec {

  static final int TAG_OK = 1;
  static final int TAG_VALUE = 2;
  static final int TAG_CAS = 3;
  static final int TAG_ERROR = 4;

  private KvResultCodec() {}

  static byte[] encode(KvResult result) {
    ByteWriter w = new ByteWriter(16);
    if (result instanceof KvResult.Ok) {
      w.writeByte(TAG_OK);
    } else if (result instanceof KvResult.Value v) {
      writeOptional(w.writeByte(TAG_VALUE), v.valueOrNull());
    } else if (result instanceof KvResult.CasResult c) {
      writeOptional(w.writeByte(TAG_CAS).writeByte(c.applied() ? 1 : 0), c.current());
    } else if (result instanceof KvResult.Error e) {
      w.writeByte(TAG_ERROR)
          .writeBytes(Utf8.encode(e.reason(), KvLimits.REASON_BYTES_MAX, "reason"));
    } else {
      throw new IllegalArgumentException("unknown result " + result);
    }
    return w.toByteArray();
  }

  static KvResult decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes, "result");
    int tag = r.readByte("result tag");
    KvResult result;
    switch (tag) {
      case TAG_OK -> result = new KvResult.Ok();
      case TAG_VALUE -> result = new KvResult.Value(readOptional(r, "value"));
      case TAG_CAS -> {
        boolean applied = r.readFlag("applied");
        result = new KvResult.CasResult(applied, readOptional(r, "current"));
      }
      case TAG_ERROR ->
          result = new KvResult.Error(r.readString(KvLimits.REASON_BYTES_MAX, "reason"));
      default -> throw new KvDecodeException("unknown result tag " + tag);
    }
    r.expectEnd("result");
    return result;
  }

  private static void writeOptional(ByteWriter w, String valueOrNull) {
    if (valueOrNull == null) {
      w.writeByte(0);
    } else {
      w.writeByte(1).writeBytes(KvCommandCodec.value(valueOrNull, "value"));
    }
  }

  private static String readOptional(ByteReader r, String what) {
    return r.readFlag(what + " presence") ? KvCommandCodec.readValue(r, what) : null;
  }
}
