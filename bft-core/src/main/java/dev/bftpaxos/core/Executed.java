package dev.bftpaxos.core;

import dev.bftpaxos.core.msg.Batch;
import java.util.List;

/**
 * A slot this replica executed, in slot order. {@code results.get(i)} is the result of request i of
 * the batch, or null where the client table recognised a duplicate and did not apply it again.
 */
public record Executed(long slot, Batch batch, List<byte[]> results) {}
