package dev.bftpaxos.core;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * A leader's queue of client requests waiting for a slot, and the batching rule: a batch closes
 * when it holds {@code batchCountMax} requests or {@code batchBytesMax} bytes, or when its oldest
 * request has waited {@code batchDelayTicks}. Shared by both modes.
 */
public final class RequestQueue {
  private final CoreConfig config;
  private final ArrayDeque<Request> queue = new ArrayDeque<>();
  private int queuedBytes;
  private long oldestQueuedTick;
  /** clientId -> seq of the request queued or in flight, to drop retransmissions. */
  private final HashMap<Long, Long> pendingSeq = new HashMap<>();

  public RequestQueue(CoreConfig config) {
    this.config = config;
  }

  /** Queues {@code r}; false if it is already pending or the queue is full. */
  public boolean offer(Request r, long now) {
    Long pending = pendingSeq.get(r.clientId());
    if (pending != null && pending >= r.seq()) {
      return false;
    }
    if (queue.size() >= config.pendingRequestsMax()) {
      return false;
    }
    if (queue.isEmpty()) {
      oldestQueuedTick = now;
    }
    queue.add(r);
    queuedBytes += r.sizeBytes();
    pendingSeq.put(r.clientId(), r.seq());
    return true;
  }

  /** The next batch if the batching rule says one is ready, else null. */
  public Batch nextBatch(long now) {
    if (queue.isEmpty()) {
      return null;
    }
    boolean full = queue.size() >= config.batchCountMax() || queuedBytes >= config.batchBytesMax();
    boolean due = now - oldestQueuedTick >= config.batchDelayTicks();
    if (!full && !due) {
      return null;
    }
    List<Request> batch = new ArrayList<>(Math.min(queue.size(), config.batchCountMax()));
    int bytes = 0;
    while (!queue.isEmpty() && batch.size() < config.batchCountMax()) {
      Request r = queue.peek();
      if (!batch.isEmpty() && bytes + r.sizeBytes() > config.batchBytesMax()) {
        break;
      }
      queue.poll();
      bytes += r.sizeBytes();
      batch.add(r);
    }
    queuedBytes -= bytes;
    oldestQueuedTick = now;
    return new Batch(batch);
  }

  /** Forgets a request once executed, so a later retransmission is answered from the client table. */
  public void executed(Request r) {
    Long pending = pendingSeq.get(r.clientId());
    if (pending != null && pending <= r.seq()) {
      pendingSeq.remove(r.clientId());
    }
  }

  /** Drops everything queued and every pending mark: this replica stopped leading. */
  public void clear() {
    queue.clear();
    pendingSeq.clear();
    queuedBytes = 0;
  }

  public int size() {
    return queue.size();
  }
}
