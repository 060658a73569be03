package dev.bftpaxos.faulty;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Fuzz targets for behaviour specs as a user types them ({@code --faulty}, scenario YAML). The
 * property: {@link BehaviourSpec} parses or throws IllegalArgumentException (its documented
 * rejection), nothing else, no hang. Corpus: {@code
 * src/test/resources/dev/bftpaxos/faulty/BehaviourSpecFuzzTestInputs/}.
 */
class BehaviourSpecFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void spec(@NotNull String text) {
    try {
      BehaviourSpec.parse(text);
    } catch (IllegalArgumentException expected) {
      // the documented rejection
    }
  }

  @FuzzTest(maxDuration = "60s")
  void assignments(@NotNull String text) {
    try {
      BehaviourSpec.parseAssignments(text);
    } catch (IllegalArgumentException expected) {
      // the documented rejection
    }
  }
}
