package dev.rapport.flink;

/**
 * A customer as the job last folded them: the profile and lifecycle in their record text, which
 * carries every field (the sinks to PostgreSQL and Kafka read the same fold; see docs/SCALE.md).
 */
public class Snapshot {
  public String customerId;
  public int events;
  public String profile;
  public String lifecycle;

  public Snapshot() {}
}
