package dev.rapport.flink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.Collector;

/**
 * Numbers the lines of one file, read in order by a source of parallelism 1, so that a rejected
 * record names its file and line; blank lines are skipped but counted. The count is checkpointed,
 * so lines read after a restore keep their numbers.
 */
class NumberLines implements FlatMapFunction<String, RawRecord>, CheckpointedFunction {
  private static final long serialVersionUID = 1L;

  private final String file;
  private long line;
  private transient ListState<Long> state;

  NumberLines(String file) {
    this.file = file;
  }

  @Override
  public void flatMap(String text, Collector<RawRecord> out) {
    line++;
    if (!text.isBlank()) {
      out.collect(RawRecord.of(file + ":" + line, line, text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
    state.update(java.util.List.of(line));
  }

  @Override
  public void initializeState(FunctionInitializationContext ctx) throws Exception {
    state = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("line", Types.LONG));
    for (Long l : state.get()) {
      line = l;
    }
  }
}
