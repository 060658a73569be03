package dev.bftpaxos.cli;

import dev.bftpaxos.crypto.KeyFileException;
import dev.bftpaxos.learner.CertificateFile;
import dev.bftpaxos.learner.ConfigurationFiles;
import dev.bftpaxos.learner.ConfigurationChain;
import dev.bftpaxos.learner.OfflineVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify-certificate",
    sortOptions = false,
    showDefaultValues = true,
    exitCodeOnExecutionException = ExitCodes.INTERNAL,
    headerHeading = "%n",
    header = "Check a commit or reply certificate file offline against a cluster's public configuration.",
    description = {
        "A commit certificate proves that a batch was chosen for a slot: the batch, its digest, and",
        "signatures over COMMIT(configId, ballot, slot, digest) by a quorum q = ceil((n+f+1)/2) of the",
        "configuration's n replicas, f = floor((n-1)/3). Prints, per file, one line:",
        "  VALID slot=<s> digest=<hex> ballot=<b> signers=<ids>",
        "  VALID reply client=<c> seq=<s> slot=<slot> result=<base64> signers=<ids>",
        "  INVALID: <reason>: <detail>",
        "(prefixed by the file name when several files are given). Reasons, in check order:",
        "MALFORMED_FILE, SCHEME_MISMATCH, CONFIG_MISMATCH, CONFIGURATION_MISMATCH, BATCH_DIGEST_MISMATCH, UNKNOWN_CLIENT,",
        "BAD_REQUEST_SIGNATURE, MALFORMED_SIGNATURE, DUPLICATE_SIGNER, UNKNOWN_SIGNER, TOO_FEW_SIGNERS,",
        "BAD_SIGNATURE; for a --chain link also NOT_A_CONFIGURATION_CHANGE, CHAIN_BROKEN.",
        "",
        "A reply certificate (format bftpaxos-reply-certificate/v1, what put/get/delete/cas",
        "--reply-certificate write) proves that a correct replica executed a client's request at a slot",
        "with a result: the client's signed request, and f+1 replicas' signatures over",
        "REPLY(configId, clientId, seq, slot, result).",
        "",
        "Certificate file (JSON, format bftpaxos-commit-certificate/v1): scheme, configId (hex),",
        "ballot, slot, digest (hex), batch [{clientId, seq, op (base64), signature (base64)}],",
        "signatures [{signer, signature (base64)}]. Configuration file: config.json as keygen writes",
        "it (format bftpaxos-public-configuration/v1). Byte layouts, check order and a worked",
        "example for writing your own verifier: docs/CERTIFICATES.md.",
        "",
        "After configuration changes, --chain gives the reply certificate of each change in order, and",
        "--members the first configuration's members; each certificate is then checked with the",
        "configuration governing its slot and VALID lines end in configuration=C<k>.",
        "",
        "ed25519 certificates need the configuration only. fastsim (simulation) signatures can only",
        "be checked with the private keys: give --keys DIR or --seed S.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every certificate is valid",
        "1:a certificate is invalid (including a file that is not a certificate at all)",
        "2:bad input: the configuration cannot be read, a certificate file does not exist or cannot be read",
        "4:internal error (an exception in the tool)"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos verify-certificate cert.json --config keys/config.json",
        "  bft-paxos verify-certificate certs/slot-*.json --config certs/config.json",
        "  bft-paxos verify-certificate put-reply.json --config cluster/keys/config.json",
        "  bft-paxos verify-certificate cert.json --config sim-keys/config.json --keys sim-keys/",
        "  bft-paxos verify-certificate slot-0000900.json --config keys/config.json --members 0,1,2,3 "
            + "--chain add-4.json --chain remove-0.json"})
final class VerifyCertificateCommand extends CliCommand {
  /** Exit code of an invalid certificate; the same number as a safety violation. */
  static final int INVALID = 1;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Commit or reply certificate file(s).")
  List<Path> certificates;

  @Option(names = "--config", paramLabel = "FILE", required = true,
      description = "The cluster's public configuration file (keygen's config.json).")
  Path config;

  @Option(names = "--chain", paramLabel = "FILE",
      description = "A configuration change's reply certificate (repeatable, in order: C1's, then C2's, ...): each "
          + "proves the configuration after it, checked with the one before. Certificates are then checked with "
          + "the keys and quorum of the configuration governing their slot (docs/CERTIFICATES.md, section 10).")
  List<Path> chain;

  @Option(names = "--members", paramLabel = "IDS", split = ",",
      description = "The first configuration's members, e.g. 0,1,2,3 (the cluster file's members:). "
          + "Default: every replica of --config.")
  List<Integer> members;

  @Option(names = "--keys", paramLabel = "DIR",
      description = "fastsim only: directory of the members' private key files (keygen's output directory).")
  Path keys;

  @Option(names = "--seed", paramLabel = "S",
      description = "fastsim only: the seed the keys were derived from (keygen --seed S).")
  Long seed;

  @Override
  int execute() {
    ConfigurationFiles.Loaded loaded;
    try {
      loaded = ConfigurationFiles.read(config, keys, seed == null ? OptionalLong.empty() : OptionalLong.of(seed));
    } catch (KeyFileException e) {
      throw new BadInputException("cannot use configuration " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    OfflineVerifier verifier = new OfflineVerifier(loaded.configuration(), loaded.scheme());
    ConfigurationChain configurations = null;
    if (chain != null || members != null) {
      try {
        configurations = new ConfigurationChain(loaded.configuration(), loaded.scheme(),
            members == null ? null : new java.util.TreeSet<>(members));
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--members: " + e.getMessage());
      }
      for (Path link : chain == null ? List.<Path>of() : chain) {
        OfflineVerifier.Result r = configurations.extend(contents(link));
        if (!r.isValid()) {
          out().println("chain " + link + ": " + r.render());
          return INVALID;
        }
      }
      err().println("configurations: " + configurations);
    }
    boolean allValid = true;
    for (Path file : certificates) {
      byte[] bytes = contents(file);
      OfflineVerifier.Result r = configurations != null ? configurations.verify(bytes) : verifier.verify(bytes);
      allValid &= r.isValid();
      out().println((certificates.size() > 1 ? file + ": " : "") + r.render());
    }
    return allValid ? ExitCodes.OK : INVALID;
  }

  /** The file's bytes; at most one byte more than a certificate may have, so a huge file costs nothing. */
  private static byte[] contents(Path file) {
    if (Files.isDirectory(file)) {
      throw new BadInputException("cannot read certificate " + file + ": it is a directory");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes((int) CertificateFile.FILE_BYTES_MAX + 1);
    } catch (NoSuchFileException e) {
      throw new BadInputException("cannot read certificate " + file + ": file does not exist");
    } catch (IOException e) {
      throw new BadInputException("cannot read certificate " + file + ": " + e);
    }
  }
}
