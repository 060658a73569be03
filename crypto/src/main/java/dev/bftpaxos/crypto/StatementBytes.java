package dev.bftpaxos.crypto;

import java.nio.charset.StandardCharsets;

/**
 * Entry point for the canonical byte encoding of signed statements.
 *
 * <p>Exists because a signature must cover exactly one byte string, fixed by the statement's
 * content, never a re-serialization of a decoded message (two encoders could disagree, and a
 * decoder may accept several encodings of one value). Every signed statement is built with
 * {@link #builder(String)} and is laid out as:
 *
 * <pre>
 *   tag      int32 big-endian length, then the tag's ASCII bytes   (domain separation)
 *   fields   in the order the statement's definition lists them:
 *              putByte   1 byte
 *              putInt    4 bytes, big-endian two's complement
 *              putLong   8 bytes, big-endian two's complement
 *              putDigest 32 bytes, no prefix (fixed width)
 *              putBytes  int32 big-endian length, then the bytes
 *              putString like putBytes, over the string's UTF-8 bytes
 * </pre>
 *
 * There are no field names or type markers: each tag (for example {@code "bftpaxos/commit/v1"})
 * stands for one fixed list of fields, and because every variable-length field carries its
 * length, one tag's encoding is injective. Different tags never produce the same prefix, so a
 * signature over one kind of statement can never be presented as a signature over another kind.
 * Change the tag's version suffix whenever a statement's field list changes.
 */
public final class StatementBytes {
    /** Longest tag accepted, in characters. */
    public static final int MAX_TAG_LENGTH = 128;

    private StatementBytes() {
    }

    /**
     * A builder whose output starts with {@code tag}. A tag is 1 to {@value #MAX_TAG_LENGTH}
     * printable ASCII characters without spaces, by convention {@code "bftpaxos/<kind>/v<n>"}.
     */
    public static StatementBuilder builder(String tag) {
        checkTag(tag);
        return new StatementBuilder().putString(tag);
    }

    /**
     * The tag at the start of {@code statement}, for diagnostics.
     *
     * @throws IllegalArgumentException if the bytes do not start with a well-formed tag
     */
    public static String tagOf(byte[] statement) {
        if (statement.length < 4) {
            throw new IllegalArgumentException("statement of " + statement.length + " bytes has no tag");
        }
        int len = ((statement[0] & 0xff) << 24) | ((statement[1] & 0xff) << 16)
                | ((statement[2] & 0xff) << 8) | (statement[3] & 0xff);
        if (len < 1 || len > MAX_TAG_LENGTH || len > statement.length - 4) {
            throw new IllegalArgumentException("statement has a malformed tag length " + len);
        }
        String tag = new String(statement, 4, len, StandardCharsets.US_ASCII);
        checkTag(tag);
        return tag;
    }

    private static void checkTag(String tag) {
        if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
            throw new IllegalArgumentException("a tag needs 1.." + MAX_TAG_LENGTH + " characters, got " + tag.length());
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("tag \"" + tag + "\" has a character outside printable ASCII at " + i);
            }
        }
    }
}
