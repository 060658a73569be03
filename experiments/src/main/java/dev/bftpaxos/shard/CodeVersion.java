package dev.bftpaxos.shard;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Which code a shard ran: the version from the jar's manifest and a fingerprint of the project's
 * compiled classes (SHA-256 over the name and bytes of every class under {@code dev/bftpaxos/},
 * in name order). Two builds of the same source give the same fingerprint (javac output does not
 * depend on the time), a changed protocol or checker gives another, so a merge can refuse shards
 * that ran different code even when the version string is the same snapshot.
 */
public final class CodeVersion {
  private static final String PREFIX = "dev/bftpaxos/";
  private static volatile String cached;

  private CodeVersion() {}

  /** {@code 0.1.0-SNAPSHOT+1a2b3c4d5e6f7a8b}, or {@code development+...} outside a jar. */
  public static String current() {
    String c = cached;
    if (c == null) {
      String v = CodeVersion.class.getPackage().getImplementationVersion();
      c = (v == null ? "development" : v) + "+" + fingerprint();
      cached = c;
    }
    return c;
  }

  private static String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path where : codePlaces()) {
        if (Files.isDirectory(where)) {
          hashDirectory(where, sha);
        } else {
          hashJar(where, sha);
        }
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (IOException | URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * Every classpath root holding the project's classes: the one jar, or in a development run each
   * module's classes folder (found through the package folder they all share).
   */
  private static java.util.SortedSet<Path> codePlaces() throws IOException, URISyntaxException {
    java.util.TreeSet<Path> places = new java.util.TreeSet<>();
    places.add(Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    java.util.Enumeration<java.net.URL> roots = CodeVersion.class.getClassLoader().getResources(PREFIX);
    while (roots.hasMoreElements()) {
      java.net.URL u = roots.nextElement();
      if (u.getProtocol().equals("file")) {
        places.add(Path.of(u.toURI()).getParent().getParent());
      }
    }
    return places;
  }

  private static void hashJar(Path jar, MessageDigest sha) throws IOException {
    try (JarFile j = new JarFile(jar.toFile())) {
      List<JarEntry> entries = new ArrayList<>(j.stream()
          .filter(e -> e.getName().startsWith(PREFIX) && e.getName().endsWith(".class")).toList());
      entries.sort((a, b) -> a.getName().compareTo(b.getName()));
      for (JarEntry e : entries) {
        sha.update(e.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (InputStream in = j.getInputStream(e)) {
          sha.update(in.readAllBytes());
        }
      }
    }
  }

  /** A classes folder (a development run): the same over the module's classes. */
  private static void hashDirectory(Path root, MessageDigest sha) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = new ArrayList<>(s.filter(p -> p.toString().endsWith(".class")).toList());
    }
    files.sort(null);
    for (Path f : files) {
      sha.update(root.relativize(f).toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sha.update(Files.readAllBytes(f));
    }
  }
}
