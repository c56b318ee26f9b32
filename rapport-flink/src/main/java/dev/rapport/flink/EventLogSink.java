package dev.rapport.flink;

import dev.rapport.core.Interaction;
import dev.rapport.store.Store;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Appends the events the job reads to the event log of a PostgreSQL {@link Store}: the log {@code
 * rapport serve --store} loads and folds, so the server answers for what the job consumed. Each
 * writer batches events and appends them when Flink flushes it (before every checkpoint and at the
 * end of input); appends are idempotent by event id, so the events a restart replays from the last
 * checkpoint are not stored twice.
 */
public class EventLogSink implements Sink<FlinkEvent> {
  private static final long serialVersionUID = 1L;

  /** Events appended in one statement at most; more are appended in several. */
  private static final int BATCH = 5_000;

  private final String jdbcUrl;
  private final String schema;

  public EventLogSink(String jdbcUrl, String schema) {
    this.jdbcUrl = jdbcUrl;
    this.schema = schema;
  }

  @Override
  public SinkWriter<FlinkEvent> createWriter(WriterInitContext context) {
    return new Writer(Store.openPostgres(jdbcUrl, schema, 1));
  }

  private static final class Writer implements SinkWriter<FlinkEvent> {
    private final Store store;
    private final List<Interaction> pending = new ArrayList<>();

    Writer(Store store) {
      this.store = store;
    }

    @Override
    public void write(FlinkEvent e, Context context) {
      pending.add(e.toInteraction());
      if (pending.size() >= BATCH) {
        append();
      }
    }

    @Override
    public void flush(boolean endOfInput) {
      append();
    }

    private void append() {
      if (!pending.isEmpty()) {
        store.appendEvents(pending);
        pending.clear();
      }
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
