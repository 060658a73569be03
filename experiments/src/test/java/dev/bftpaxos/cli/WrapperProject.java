package dev.bftpaxos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's {@code ./bft-paxos} wrapper, copied into a stand-in project that real Maven
 * builds in seconds: a root pom and an {@code experiments} module whose jar's main class prints
 * its arguments. Running the copy once makes the wrapper build, as on a fresh clone, so a test can
 * look at exactly what the wrapper prints while Maven runs. The stand-in uses the plugin versions
 * of the real root pom, which are already in the local repository after the real build.
 */
final class WrapperProject {
  /** A build downloads nothing and compiles one class; this bounds a stuck one. */
  private static final long TIMEOUT_SECONDS = 300;

  record Result(int exitCode, String stdout, String stderr) {}

  private WrapperProject() {}

  /** Lays out the stand-in in {@code dir} and runs {@code dir/bft-paxos --version} once. */
  static Result rebuild(Path dir) throws IOException, InterruptedException {
    Path repo = repositoryRoot();
    String rootPom = Files.readString(repo.resolve("pom.xml"));
    Files.createDirectories(dir.resolve("experiments/src/main/java/fake"));
    Files.copy(repo.resolve("bft-paxos"), dir.resolve("bft-paxos"));
    Files.writeString(dir.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>wrapper.test</groupId><artifactId>root</artifactId><version>1</version>
          <packaging>pom</packaging>
          <modules><module>experiments</module></modules>
        </project>
        """);
    Files.writeString(dir.resolve("experiments/pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>wrapper.test</groupId><artifactId>experiments</artifactId><version>1</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <build>
            <finalName>bft-paxos</finalName>
            <plugins>
              <plugin><artifactId>maven-resources-plugin</artifactId><version>%s</version></plugin>
              <plugin><artifactId>maven-compiler-plugin</artifactId><version>%s</version></plugin>
              <plugin><artifactId>maven-surefire-plugin</artifactId><version>%s</version></plugin>
              <plugin><artifactId>maven-jar-plugin</artifactId><version>%s</version>
                <configuration><archive><manifest><mainClass>fake.Main</mainClass></manifest></archive></configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(version(rootPom, "resources-plugin"), version(rootPom, "compiler-plugin"),
        version(rootPom, "surefire"), version(rootPom, "jar-plugin")));
    Files.writeString(dir.resolve("experiments/src/main/java/fake/Main.java"), """
        package fake;
        public class Main {
          public static void main(String[] args) {
            System.out.println("fake-bft-paxos " + String.join(" ", args));
          }
        }
        """);
    Process p = new ProcessBuilder("bash", dir.resolve("bft-paxos").toString(), "--version")
        .directory(dir.toFile())
        .redirectOutput(dir.resolve("stdout.txt").toFile())
        .redirectError(dir.resolve("stderr.txt").toFile())
        .start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("the wrapper's build did not finish in " + TIMEOUT_SECONDS + " s");
    }
    return new Result(p.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
  }

  /** {@code <name.version>} from the root pom's properties. */
  private static String version(String pom, String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + "\\.version>([^<]+)<").matcher(pom);
    if (!m.find()) {
      throw new AssertionError("no <" + name + ".version> in the root pom");
    }
    return m.group(1);
  }

  /** The checkout's root: the first folder upward from the working directory with the wrapper in it. */
  static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("bft-paxos")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new AssertionError("no ./bft-paxos wrapper above " + Path.of("").toAbsolutePath());
  }
}
