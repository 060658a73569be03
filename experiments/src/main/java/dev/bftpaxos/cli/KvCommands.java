package dev.bftpaxos.cli;

import dev.bftpaxos.core.client.ReplyCertificate;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.learner.ReplyCertificateFile;
import dev.bftpaxos.replica.client.KvClient;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.replica.node.ClusterKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** put, get, delete and cas against a real cluster: one operation, its result on stdout. */
final class KvCommands {
  private KvCommands() {}

  /** ok, the value, (absent), or error: REASON. */
  static String show(KvResult r) {
    if (r instanceof KvResult.Value v) {
      return v.valueOrNull() == null ? "(absent)" : v.valueOrNull();
    }
    if (r instanceof KvResult.Error e) {
      return "error: " + e.reason();
    }
    if (r instanceof KvResult.CasResult c) {
      String v = c.current() == null ? "(absent)" : c.current();
      return c.applied() ? "applied (was: " + v + ")" : "not applied (current: " + v + ")";
    }
    return r instanceof KvResult.Ok ? "ok" : r.toString();
  }

  /** Exit code of a cas that was not applied: the answer is no, as check-history's 1 is. */
  static final int CAS_NOT_APPLIED = 1;

  /** 0 done, 2 an error result; a cas that was not applied is {@link #CAS_NOT_APPLIED}. */
  static int exitCode(KvResult r) {
    if (r instanceof KvResult.Error) {
      return ExitCodes.BAD_INPUT;
    }
    if (r instanceof KvResult.CasResult c && !c.applied()) {
      return CAS_NOT_APPLIED;
    }
    return ExitCodes.OK;
  }

  abstract static class KvCommandBase extends CliCommand {
    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The cluster file (YAML).")
    Path config;

    @Option(names = "--client-key", paramLabel = "FILE", required = true,
        description = "This client's private key file from keygen (client-ID.key); the client id is read from it.")
    Path clientKey;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "10000",
        description = "Give up (exit 3) if no result arrives in this long.")
    long timeoutMillis;

    @Option(names = "--reply-certificate", paramLabel = "FILE",
        description = "Byzantine mode: also write the reply certificate to FILE (JSON, format "
            + "bftpaxos-reply-certificate/v1): the signed request and f+1 replicas' signed replies agreeing on slot "
            + "and result, checkable offline with verify-certificate. Written atomically; replaces FILE.")
    Path replyCertificate;

    /** The operation; bad arguments (a key too long, say) are thrown by its encoder. */
    abstract KvCommand command();

    /** A get's read kind outside the log; null: through the log (every other command). */
    dev.bftpaxos.core.msg.Read.Kind readKind() {
      return null;
    }

    @Override
    int execute() throws Exception {
      if (timeoutMillis < 1) {
        throw new BadInputException("--timeout-ms must be at least 1, got " + timeoutMillis);
      }
      KvCommand command = BadInputException.check(this::command);
      dev.bftpaxos.core.msg.Read.Kind readKind = readKind();
      if (readKind != null && replyCertificate != null) {
        throw new BadInputException("--reply-certificate needs a read through the log (--read log): a read outside "
            + "the log has no reply certificate");
      }
      ClientIdentity me = ClientIdentity.read(config, clientKey);
      ClusterConfig c = me.config();
      if (replyCertificate != null) {
        if (c.mode() != ClusterMode.BYZANTINE) {
          throw new BadInputException("--reply-certificate: " + config + " is a " + c.mode().fileName()
              + "-mode cluster, whose replies are unsigned; reply certificates exist in byzantine mode only");
        }
        if (Files.isDirectory(replyCertificate)) {
          throw new BadInputException("--reply-certificate " + replyCertificate + ": is a directory, give a file");
        }
      }
      ClusterKeys keys = me.keys();
      MemberKey own = me.own();
      if (replyCertificate != null && !c.tuning().clientAuthKind().signsReplies()) {
        throw new BadInputException("--reply-certificate: " + config + " has crypto.clientAuth: " + c.tuning().clientAuthKind().fileName() + "; replies carry "
            + "MAC tags only this client can check, so they make no certificate (use clientAuth: signatures)");
      }
      try (KvClient client = new KvClient(c, keys, own.signer(keys.scheme()), me.macs(), own.id(),
          KvClient.clockSeq())) {
        ChainDirectory.follow(client, c, keys, null, err());
        KvResult r;
        if (readKind != null) {
          if (!client.serves(readKind)) {
            throw new BadInputException("--read " + ReadKindOption.name(readKind) + ": " + KvClient.LEASE_UNSERVED);
          }
          KvClient.ReadResult a = client.get(((KvCommand.Get) command).key(), readKind)
              .get(timeoutMillis, TimeUnit.MILLISECONDS);
          out().println(show(a.result()));
          if (readKind == dev.bftpaxos.core.msg.Read.Kind.STALE && !a.throughLog()) {
            out().println("(stale read: the state of replica " + a.replica() + " through slot " + a.slot() + ")");
          } else if (a.throughLog()) {
            err().println("(" + ReadKindOption.name(readKind) + " read went through the log, slot " + a.slot() + ")");
          }
          return exitCode(a.result());
        } else if (replyCertificate == null) {
          r = client.submit(command).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } else {
          ReplyCertificate cert = client.certified(command).get(timeoutMillis, TimeUnit.MILLISECONDS);
          r = KvResult.decode(cert.result());
          writeCertificate(cert, keys, client.configurationOf(cert.slot()));
        }
        out().println(show(r));
        return exitCode(r);
      } catch (TimeoutException e) {
        err().println(spec.qualifiedName() + ": no result in " + timeoutMillis + " ms (are the replicas running?)");
        return ExitCodes.LIVENESS;
      }
    }

    private void writeCertificate(ReplyCertificate cert, ClusterKeys keys, long configuration) {
      try {
        ReplyCertificateFile.write(replyCertificate, cert, keys.publicConfiguration(), configuration);
      } catch (IOException e) {
        throw new BadInputException("--reply-certificate: cannot write " + replyCertificate + ": " + e);
      }
    }
  }

  @Command(name = "put", header = "Set a key on a real cluster.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:done", "2:bad input", "3:no result before --timeout-ms", "4:internal error"},
      footerHeading = "%nExamples:%n",
      footer = {"  bft-paxos put --config cluster/cluster.yaml --client-key cluster/keys/client-1000.key k v"})
  static final class Put extends KvCommandBase {
    @Parameters(index = "0", paramLabel = "KEY") String key;
    @Parameters(index = "1", paramLabel = "VALUE") String value;

    @Override
    KvCommand command() {
      return new KvCommand.Put(key, value);
    }
  }

  @Command(name = "get", header = "Read a key from a real cluster (through the log, or --read outside it).",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:done", "2:bad input", "3:no result before --timeout-ms", "4:internal error"},
      footerHeading = "%nExamples:%n",
      footer = {"  bft-paxos get --config cluster/cluster.yaml --client-key cluster/keys/client-1000.key k",
          "  bft-paxos get --config cluster/cluster.yaml --client-key cluster/keys/client-1000.key --read stale k"})
  static final class Get extends KvCommandBase {
    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Option(names = "--read", paramLabel = "KIND", defaultValue = "log", description = ReadKindOption.HELP)
    String read;

    @Override
    dev.bftpaxos.core.msg.Read.Kind readKind() {
      return ReadKindOption.parse("--read", read);
    }

    @Override
    KvCommand command() {
      return new KvCommand.Get(key);
    }
  }

  @Command(name = "delete", header = "Delete a key on a real cluster.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:done", "2:bad input", "3:no result before --timeout-ms", "4:internal error"},
      footerHeading = "%nExamples:%n",
      footer = {"  bft-paxos delete --config cluster/cluster.yaml --client-key cluster/keys/client-1000.key k"})
  static final class Delete extends KvCommandBase {
    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Override
    KvCommand command() {
      return new KvCommand.Delete(key);
    }
  }

  @Command(name = "cas", header = "Compare-and-set a key on a real cluster.",
      description = {
          "Sets --key to --value if it currently holds --expected (or, with --expect-absent, if it is "
              + "absent), in one step of the log. Prints 'applied (was: V)' or 'not applied (current: V)', "
              + "V being the value the key held when the cas ran ('(absent)' if none).",
          ""},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:applied", "1:not applied: the key held another value (printed)", "2:bad input",
          "3:no result before --timeout-ms", "4:internal error"},
      footerHeading = "%nExamples:%n",
      footer = {
          "  bft-paxos cas --config cluster/cluster.yaml --client-key cluster/keys/client-1000.key --key k --expected v --value w",
          "  bft-paxos cas --config cluster/cluster.yaml --client-key cluster/keys/client-1000.key --key k --expect-absent --value v"})
  static final class Cas extends KvCommandBase {
    @Option(names = "--key", paramLabel = "KEY", required = true, description = "The key to set.")
    String key;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Expectation expectation;

    static final class Expectation {
      @Option(names = "--expected", paramLabel = "VALUE", required = true,
          description = "Apply only if the key holds exactly this value.")
      String expected;

      @Option(names = "--expect-absent", required = true, description = "Apply only if the key is absent.")
      boolean absent;
    }

    @Option(names = "--value", paramLabel = "NEW", required = true, description = "The value to set.")
    String value;

    @Override
    KvCommand command() {
      return new KvCommand.Cas(key, expectation.absent ? null : expectation.expected, value);
    }
  }
}
