package dev.bftpaxos.learner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The strict JSON reading both certificate file formats share ({@link CertificateFile},
 * {@link ReplyCertificateFile}), so that they accept one spelling per value in the same way: unknown,
 * missing and duplicate fields are errors, integers only, 64 lowercase hex digits for a digest,
 * canonical padded base64. Every problem is a {@link CertificateFileException} naming the field.
 */
final class StrictJson {
  /** Root object, arrays, their objects: anything deeper is garbage. */
  private static final int NESTING_DEPTH_MAX = 8;
  private static final int SHOWN_VALUE_CHARS_MAX = 40;
  private static final Pattern SCHEME_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
  private static final HexFormat HEX = HexFormat.of();
  private static final Set<String> SIGNATURE_FIELDS = Set.of("signer", "signature");

  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(NESTING_DEPTH_MAX)
          .maxNumberLength(64)
          .maxStringLength((int) CertificateFile.FILE_BYTES_MAX)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private StrictJson() {}

  /**
   * The root object of a certificate file's bytes: UTF-8, at most {@link CertificateFile#FILE_BYTES_MAX}
   * bytes, one JSON value.
   */
  static JsonNode root(byte[] bytes) throws CertificateFileException {
    if (bytes.length > CertificateFile.FILE_BYTES_MAX) {
      throw new CertificateFileException("file is larger than the " + CertificateFile.FILE_BYTES_MAX + " bytes allowed");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new CertificateFileException("file is not UTF-8 text");
    }
    return root(text);
  }

  /** The root object of a certificate file's text. */
  static JsonNode root(String text) throws CertificateFileException {
    if (text.length() > CertificateFile.FILE_BYTES_MAX) {
      throw new CertificateFileException("file is larger than the " + CertificateFile.FILE_BYTES_MAX + " bytes allowed");
    }
    if (text.isBlank()) {
      throw new CertificateFileException("file is empty");
    }
    JsonNode root = parseJson(text);
    requireObject(root, "the top level");
    return root;
  }

  /** The {@code "scheme"} field: a scheme name as PublicConfiguration allows them. */
  static String scheme(JsonNode root) throws CertificateFileException {
    String scheme = string(root, "scheme", "");
    if (!SCHEME_NAME.matcher(scheme).matches()) {
      throw new CertificateFileException("field \"scheme\" is not a scheme name: " + shown(root.get("scheme")));
    }
    return scheme;
  }

  static void requireObject(JsonNode node, String what) throws CertificateFileException {
    if (!node.isObject()) {
      throw new CertificateFileException(what + " must be a JSON object, found " + shown(node));
    }
  }

  static void allowOnly(JsonNode object, Set<String> allowed, String where) throws CertificateFileException {
    allowOnly(object, allowed, Set.of(), where);
  }

  /** As above, where the fields in {@code optional} may also appear, or not. */
  static void allowOnly(JsonNode object, Set<String> required, Set<String> optional, String where)
      throws CertificateFileException {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!required.contains(name) && !optional.contains(name)) {
        TreeSet<String> allowed = new TreeSet<>(required);
        allowed.addAll(optional);
        throw new CertificateFileException("unknown field \"" + where + clip(name) + "\" (allowed: " + allowed + ")");
      }
    }
    Set<String> allowed = required;
    for (String name : new TreeSet<>(allowed)) {
      if (!object.has(name)) {
        throw new CertificateFileException("missing field \"" + where + name + "\"");
      }
    }
  }

  static JsonNode field(JsonNode object, String name, String where) throws CertificateFileException {
    JsonNode v = object.get(name);
    if (v == null) {
      throw new CertificateFileException("missing field \"" + where + name + "\"");
    }
    return v;
  }

  static String string(JsonNode object, String name, String where) throws CertificateFileException {
    JsonNode v = field(object, name, where);
    if (!v.isTextual()) {
      throw new CertificateFileException("field \"" + where + name + "\" must be a string, found " + shown(v));
    }
    return v.textValue();
  }

  static long integer(JsonNode object, String name, String where, long min, long max)
      throws CertificateFileException {
    JsonNode v = field(object, name, where);
    if (!v.isIntegralNumber()) {
      throw new CertificateFileException("field \"" + where + name + "\" must be an integer, found " + shown(v));
    }
    if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
      throw new CertificateFileException("field \"" + where + name + "\" must be in " + min + ".." + max + ", found "
          + shown(v));
    }
    return v.longValue();
  }

  static Digest32 digest(JsonNode object, String name) throws CertificateFileException {
    String s = string(object, name, "");
    if (s.length() != 2 * Digest32.LENGTH) {
      throw new CertificateFileException("field \"" + name + "\" must be " + 2 * Digest32.LENGTH
          + " hex digits (a SHA-256 digest), found " + s.length() + " characters");
    }
    byte[] bytes;
    try {
      bytes = HEX.parseHex(s);
    } catch (IllegalArgumentException e) {
      throw new CertificateFileException("field \"" + name + "\" is not valid hex: " + shown(object.get(name)));
    }
    // One byte-exact form per certificate, so that files can be compared and deduplicated as bytes.
    if (!HEX.formatHex(bytes).equals(s)) {
      throw new CertificateFileException("field \"" + name + "\" must be lowercase hex (the one canonical form), found "
          + shown(object.get(name)));
    }
    return Digest32.of(bytes);
  }

  static byte[] base64(JsonNode object, String name, String where) throws CertificateFileException {
    String s = string(object, name, where);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new CertificateFileException("field \"" + where + name + "\" is not valid base64 (" + oneLine(e.getMessage())
          + ")");
    }
    if (!Base64.getEncoder().encodeToString(bytes).equals(s)) {
      throw new CertificateFileException("field \"" + where + name + "\" is not canonical base64 (standard alphabet, "
          + "'=' padding, unused bits zero)");
    }
    return bytes;
  }

  static JsonNode array(JsonNode object, String name, int max, String what) throws CertificateFileException {
    JsonNode v = field(object, name, "");
    if (!v.isArray()) {
      throw new CertificateFileException("field \"" + name + "\" must be an array, found " + shown(v));
    }
    if (v.size() > max) {
      throw new CertificateFileException("field \"" + name + "\" has " + v.size() + " " + what + ", at most " + max
          + " are allowed");
    }
    return v;
  }

  /** A value for an error message: its JSON type and, if short, the value itself. */
  static String shown(JsonNode v) {
    if (v == null) {
      return "nothing";
    }
    if (v.isNull()) {
      return "null";
    }
    String type = v.getNodeType().name().toLowerCase(Locale.ROOT);
    if (v.isContainerNode()) {
      return "an " + (v.isArray() ? "array" : "object");
    }
    return type + " " + clip(v.toString());
  }

  static String clip(String s) {
    String one = oneLine(s);
    return one.length() <= SHOWN_VALUE_CHARS_MAX ? one : one.substring(0, SHOWN_VALUE_CHARS_MAX) + "...";
  }

  static String oneLine(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    return b.toString().strip();
  }

  private static JsonNode parseJson(String text) throws CertificateFileException {
    try {
      JsonNode root = JSON.readTree(text);
      if (root == null || root.isMissingNode()) {
        throw new CertificateFileException("file is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new CertificateFileException("not valid JSON" + where + ": " + oneLine(e.getOriginalMessage()));
    } catch (RuntimeException e) {
      // Jackson promises JsonProcessingException for bad input; this keeps the reader's contract
      // (nothing but CertificateFileException) should some corner of it not.
      throw new CertificateFileException("not valid JSON: " + oneLine(String.valueOf(e.getMessage())));
    }
  }

  static List<SignerSignature> signatures(JsonNode array) throws CertificateFileException {
    List<SignerSignature> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String where = "signatures[" + i + "].";
      JsonNode s = array.get(i);
      requireObject(s, "signatures[" + i + "]");
      allowOnly(s, SIGNATURE_FIELDS, where);
      int signer = (int) integer(s, "signer", where, Integer.MIN_VALUE, Integer.MAX_VALUE);
      out.add(new SignerSignature(signer, base64(s, "signature", where)));
    }
    return out;
  }
}
