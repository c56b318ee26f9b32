package dev.rapport.flink;

import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes customers' snapshots into a PostgreSQL {@link Store}'s profile and lifecycle tables, the
 * ones {@code rapport} reads, and deletes the rows of customers merged away. Each writer keeps the
 * latest snapshot per customer and writes them all in one transaction when Flink flushes it (before
 * every checkpoint and at the end of input, or when many are waiting). A write replaces a
 * customer's rows ({@link Store#updateCustomers}), so the snapshots a restart replays from the last
 * checkpoint leave the same rows: nothing is written twice.
 */
public class CustomerSink implements Sink<Snapshot> {
  private static final long serialVersionUID = 1L;

  /** Customers written in one transaction at most between checkpoints. */
  private static final int BATCH = 5_000;

  private final String jdbcUrl;
  private final String schema;

  public CustomerSink(String jdbcUrl, String schema) {
    this.jdbcUrl = jdbcUrl;
    this.schema = schema;
  }

  @Override
  public SinkWriter<Snapshot> createWriter(WriterInitContext context) {
    return new Writer(Store.openPostgres(jdbcUrl, schema, 1));
  }

  private static final class Writer implements SinkWriter<Snapshot> {
    private final Store store;

    /** The latest snapshot of each customer since the last write; a later one replaces it. */
    private final Map<String, Snapshot> latest = new LinkedHashMap<>();

    private boolean marked;

    Writer(Store store) {
      this.store = store;
    }

    @Override
    public void write(Snapshot s, Context context) {
      latest.put(s.customerId, s);
      if (latest.size() >= BATCH) {
        writeAll();
      }
    }

    @Override
    public void flush(boolean endOfInput) {
      writeAll();
    }

    private void writeAll() {
      if (latest.isEmpty()) {
        return;
      }
      List<CustomerProfile> profiles = new ArrayList<>(latest.size());
      Map<String, Lifecycle> lifecycles = new HashMap<>(latest.size() * 2);
      List<String> removed = new ArrayList<>();
      for (Snapshot s : latest.values()) {
        if (s.removed()) {
          removed.add(s.customerId);
        } else {
          SnapshotCodec.Decoded d = SnapshotCodec.decode(s.fold);
          profiles.add(d.profile());
          lifecycles.put(s.customerId, d.lifecycle());
        }
      }
      if (!marked) {
        // So that the CLI reads these tables as they are and never refolds over them.
        store.putMeta(Store.META_PROFILES_BY, Store.PROFILES_BY_STREAM);
        marked = true;
      }
      store.updateCustomers(profiles, lifecycles, removed);
      latest.clear();
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
