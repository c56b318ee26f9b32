package dev.rapport.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record as read, before it is checked: where it came from, so that a rejection names it (a Kafka
 * topic, partition and offset, or a file and line), and its bytes.
 */
public class RawRecord {
  /** {@code topic/partition@offset}, or {@code file:line}. */
  public String where;

  /** The record's position in its partition or file: the offset, or the line. */
  public long index;

  public byte[] value;

  public RawRecord() {}

  static RawRecord of(String where, long index, byte[] value) {
    RawRecord r = new RawRecord();
    r.where = where;
    r.index = index;
    r.value = value;
    return r;
  }

  /**
   * Reads every Kafka record as it is; the checking is {@link ParseEvents}', where rejects are
   * kept.
   */
  static final class FromKafka implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out)
        throws IOException {
      out.collect(
          of(
              r.topic() + "/" + r.partition() + "@" + r.offset(),
              r.offset(),
              r.value() == null ? new byte[0] : r.value()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
      return TypeInformation.of(RawRecord.class);
    }
  }
}
