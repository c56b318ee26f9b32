package dev.rapport.server;

import java.time.Duration;

/**
 * How {@code rapport serve} runs.
 *
 * @param host the address to bind; {@code 127.0.0.1} by default, so that a server is not exposed
 *     before its keys are handed out
 * @param port the port; 0 picks a free one
 * @param maxBodyBytes the largest request body; larger ones get 413
 * @param maxBatch the most events one {@code POST /v1/events} may carry; more get 413
 * @param maxCommit the most events one group commit takes from the queue
 * @param wallClock whether the end of observation follows the wall clock (live data) or, as in a
 *     batch run, the latest event (replayed history)
 * @param populationRefresh how often the population references (style ranks, fallback times) are
 *     refitted
 * @param triggerTick how often the silence triggers check what has come due
 */
public record ServerSettings(
    String host,
    int port,
    long maxBodyBytes,
    int maxBatch,
    int maxCommit,
    boolean wallClock,
    Duration populationRefresh,
    Duration triggerTick) {

  public static ServerSettings defaults() {
    return new ServerSettings(
        "127.0.0.1",
        8080,
        16L << 20,
        10_000,
        50_000,
        false,
        Duration.ofMinutes(5),
        Duration.ofSeconds(1));
  }

  public ServerSettings withPort(int p) {
    return new ServerSettings(
        host, p, maxBodyBytes, maxBatch, maxCommit, wallClock, populationRefresh, triggerTick);
  }

  public ServerSettings withHost(String h) {
    return new ServerSettings(
        h, port, maxBodyBytes, maxBatch, maxCommit, wallClock, populationRefresh, triggerTick);
  }

  public ServerSettings withLimits(long bodyBytes, int batch) {
    return new ServerSettings(
        host, port, bodyBytes, batch, maxCommit, wallClock, populationRefresh, triggerTick);
  }

  public ServerSettings withPopulationRefresh(Duration every) {
    return new ServerSettings(
        host, port, maxBodyBytes, maxBatch, maxCommit, wallClock, every, triggerTick);
  }

  public ServerSettings withTriggerTick(Duration tick) {
    return new ServerSettings(
        host, port, maxBodyBytes, maxBatch, maxCommit, wallClock, populationRefresh, tick);
  }

  public ServerSettings withWallClock(boolean wall) {
    return new ServerSettings(
        host, port, maxBodyBytes, maxBatch, maxCommit, wall, populationRefresh, triggerTick);
  }
}
