package dev.bftpaxos.experiment;

/**
 * One row of {@code compare --real --reads}: one way of reading on one real cluster.
 *
 * @param verdict the history's: LINEARIZABLE (writes and non-stale reads), with the stale reads'
 *     count when they all matched their slots; STALE_READS_WRONG; or the checker's other verdicts
 * @param problem why the row was not measured, or null
 */
public record RealReadRow(String mode, int replicas, String kind, int clients, long ops, double opsPerSecond,
    long readP50Micros, long readP99Micros, long writeP50Micros, long timedOut, String verdict, String problem) {

  public static RealReadRow notRun(Configuration c, String kind, String problem) {
    return new RealReadRow(c.mode().label(), c.replicas(), kind, 0, 0, 0, 0, 0, 0, 0, "-", problem);
  }
}
