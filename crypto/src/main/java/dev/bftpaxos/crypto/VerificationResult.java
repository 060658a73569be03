package dev.bftpaxos.crypto;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The outcome of verifying a certificate: valid, or invalid with a {@link Reason}, the offending
 * signer where there is one, and a human-readable detail.
 *
 * <p>Exists so that rejections carry their cause to logs, metrics and tests, while
 * {@link #isValid()} stays the one thing protocol code must check. Immutable; equality covers
 * every field, so two verifiers can be compared result for result.
 */
public final class VerificationResult {
    private static final VerificationResult VALID = new VerificationResult(null, OptionalInt.empty(), "valid");

    private final Reason reason;
    private final OptionalInt signerId;
    private final String detail;

    private VerificationResult(Reason reason, OptionalInt signerId, String detail) {
        this.reason = reason;
        this.signerId = signerId;
        this.detail = detail;
    }

    /** The valid result. */
    public static VerificationResult valid() {
        return VALID;
    }

    /** An invalid result not attributable to one signer. */
    public static VerificationResult invalid(Reason reason, String detail) {
        return new VerificationResult(Objects.requireNonNull(reason), OptionalInt.empty(), Objects.requireNonNull(detail));
    }

    /** An invalid result caused by signer {@code signerId}. */
    public static VerificationResult invalid(Reason reason, int signerId, String detail) {
        return new VerificationResult(Objects.requireNonNull(reason), OptionalInt.of(signerId), Objects.requireNonNull(detail));
    }

    /** Whether the certificate is valid. */
    public boolean isValid() {
        return reason == null;
    }

    /**
     * Why the certificate is invalid.
     *
     * @throws IllegalStateException if it is valid
     */
    public Reason reason() {
        if (reason == null) {
            throw new IllegalStateException("a valid result has no reason");
        }
        return reason;
    }

    /** The signer the rejection is about, if it is about one (all reasons but TOO_FEW_SIGNERS). */
    public OptionalInt signerId() {
        return signerId;
    }

    /** Human-readable explanation; {@code "valid"} for the valid result. */
    public String detail() {
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerificationResult r && reason == r.reason && signerId.equals(r.signerId)
                && detail.equals(r.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, signerId, detail);
    }

    @Override
    public String toString() {
        return isValid() ? "VALID" : reason + ": " + detail;
    }
}
