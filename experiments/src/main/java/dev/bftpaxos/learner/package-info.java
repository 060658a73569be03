/**
 * Learners' side of the Byzantine mode: commit certificates as files that anyone holding the
 * cluster's public configuration can check offline.
 *
 * <ul>
 *   <li>{@link dev.bftpaxos.learner.CertificateFile}: the JSON file format, strict reading.
 *   <li>{@link dev.bftpaxos.learner.OfflineVerifier}: the checks, in a fixed order, each failure
 *       with an {@link dev.bftpaxos.learner.InvalidReason}.
 *   <li>{@link dev.bftpaxos.learner.CertificateExport}: a run's certificates into a folder.
 *   <li>{@link dev.bftpaxos.learner.ConfigurationFiles}: a public configuration file with the
 *       scheme that verifies it.
 * </ul>
 * docs/CERTIFICATES.md describes the format and the checks precisely enough to write a verifier
 * without this code.
 */
package dev.bftpaxos.learner;
