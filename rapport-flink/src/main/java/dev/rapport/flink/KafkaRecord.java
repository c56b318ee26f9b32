package dev.rapport.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as read, before it is checked: where it came from (so that a rejection names the
 * topic, partition and offset) and its value.
 */
public class KafkaRecord {
  public String topic;
  public int partition;
  public long offset;
  public byte[] value;

  public KafkaRecord() {}

  /** Where the record is: {@code topic/partition@offset}. */
  public String where() {
    return topic + "/" + partition + "@" + offset;
  }

  /** Reads every record as it is; the checking is {@link ParseEvents}', where rejects are kept. */
  static final class Deserializer implements KafkaRecordDeserializationSchema<KafkaRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<KafkaRecord> out)
        throws IOException {
      KafkaRecord k = new KafkaRecord();
      k.topic = r.topic();
      k.partition = r.partition();
      k.offset = r.offset();
      k.value = r.value() == null ? new byte[0] : r.value();
      out.collect(k);
    }

    @Override
    public TypeInformation<KafkaRecord> getProducedType() {
      return TypeInformation.of(KafkaRecord.class);
    }
  }
}
