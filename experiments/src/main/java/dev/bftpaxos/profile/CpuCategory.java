package dev.bftpaxos.profile;

import java.util.List;

/**
 * Where a CPU sample is spent. A Java thread's sample goes to the first category that any frame of
 * its stack names, from the innermost frame outwards, checking the categories in declaration order
 * at each frame: so a HashMap lookup inside the core counts as core, a socket write inside the log
 * as the log, and a signature check anywhere as crypto. JVM threads outside Java code (collector,
 * compiler) are told apart by their thread names instead.
 */
public enum CpuCategory {
  CRYPTO("crypto", List.of("org.bouncycastle.", "javax.crypto.", "sun.security.", "com.sun.crypto.", "dev.bftpaxos.crypto.")),
  LOG("wal", List.of("dev.bftpaxos.replica.wal.", "sun.nio.ch.FileChannelImpl", "sun.nio.ch.FileDispatcherImpl")),
  SERIALIZATION("serialization", List.of("com.google.protobuf.", "dev.bftpaxos.core.wire.")),
  NETWORK("network", List.of("io.netty.", "sun.nio.ch.", "java.nio.", "dev.bftpaxos.replica.transport.")),
  CORE("core", List.of("dev.bftpaxos.core.")),
  DRIVER("driver/client", List.of("dev.bftpaxos.replica.", "dev.bftpaxos.cli.", "org.HdrHistogram.", "me.tongfei.")),
  OTHER_JAVA("other java", List.of()),
  GC("gc", List.of()),
  JIT("jit", List.of()),
  JVM("jvm/profiler", List.of());

  /** The name in tables and files. */
  public final String label;
  private final List<String> prefixes;

  CpuCategory(String label, List<String> prefixes) {
    this.label = label;
    this.prefixes = prefixes;
  }

  /** The category of a sample whose stack names these classes, innermost first. */
  public static CpuCategory ofStack(List<String> classNames) {
    for (String c : classNames) {
      for (CpuCategory k : values()) {
        for (String p : k.prefixes) {
          if (c.startsWith(p)) {
            return k;
          }
        }
      }
    }
    return OTHER_JAVA;
  }

  /**
   * The category of a thread by its kernel name alone, for threads no Java sample covers, or
   * null for an application thread (whose CPU its samples divide). HotSpot's names: "GC Thread#0",
   * "G1 Conc#0", "G1 Refine#0", "C2 CompilerThre", "VM Thread", "JFR Recorder Th".
   */
  public static CpuCategory ofJvmThread(String name) {
    if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("ZGC") || name.startsWith("Shenandoah")) {
      return GC;
    }
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") || name.startsWith("Compiler")) {
      return JIT;
    }
    if (name.startsWith("VM ") || name.startsWith("JFR") || name.equals("Signal Dispatch")
        || name.startsWith("Service Thread") || name.startsWith("Sweeper") || name.startsWith("Attach Listene")
        || name.startsWith("Monitor Deflati") || name.startsWith("Common-Cleaner") || name.startsWith("Notification")) {
      return JVM;
    }
    return null;
  }
}
