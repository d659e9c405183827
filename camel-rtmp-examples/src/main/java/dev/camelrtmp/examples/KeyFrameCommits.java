package dev.camelrtmp.examples;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.kafka.RtmpKafkaConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.CommitManager;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits, for each partition, the offset of the oldest latest key frame among the publishes in it: a consumer that
 * takes the partition over (a rebalance, a restart) re-reads from a key frame its predecessor had already recorded,
 * and {@link dev.camelrtmp.kafka.KafkaToRtmp} begins each stream there, so no frame falls between two owners (the
 * frames since that key frame are recorded twice). With camel-kafka's {@code autoCommitEnable=false},
 * {@code allowManualCommit=true} and this bean as {@code kafkaManualCommitFactory}; {@link #noteRecord()} before the
 * split, {@link #afterRecord()} after it. Commits at most once a second per partition (and when its last open
 * publish ends), on the consumer's thread. A
 * publish whose latest record is {@value #STALE_SECONDS} s older (record timestamps) than the partition's newest
 * (its ingest node died without a PUBLISH_END) no longer holds the offset back.
 */
final class KeyFrameCommits implements KafkaManualCommitFactory {

    static final int STALE_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(KeyFrameCommits.class);
    private static final String KEY_FRAME = "camelRtmpKafkaKeyFrame";

    private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();

    private static final class PartitionState {
        /** Per open publish: the offset of its latest record with a decoder state, and its latest record's time. */
        final Map<String, long[]> publishes = new ConcurrentHashMap<>();
        long committed = -1;
        long lastCommitNanos;
    }

    /** The commit of one record: holds the consumer, so that {@link #afterRecord()} can commit on its thread. */
    private record RecordCommit(Consumer<?, ?> consumer, TopicPartition partition, long offset, long timeoutMs)
            implements KafkaManualCommit {

        @Override
        public void commit() {
            // offsets are chosen and committed by afterRecord()
        }
    }

    @Override
    public KafkaManualCommit newInstance(CamelExchangePayload exchange, KafkaRecordPayload record,
            CommitManager commitManager) {
        return new RecordCommit(exchange.consumer, record.partition, record.recordOffset, record.commitTimeout);
    }

    /** Before the split: notes whether the record begins a decodable point (it carries the decoder state). */
    Processor noteRecord() {
        return exchange -> exchange.setProperty(KEY_FRAME,
                exchange.getIn().getHeader(RtmpKafkaConstants.DECODER_STATE) != null);
    }

    /** After the split: updates the partition's safe offset and commits it when it moved (at most once a second). */
    Processor afterRecord() {
        return this::afterRecord;
    }

    private void afterRecord(Exchange exchange) {
        Message in = exchange.getIn();
        if (!(in.getHeader(KafkaConstants.MANUAL_COMMIT) instanceof RecordCommit record)) {
            return;
        }
        PartitionState state = partitions.computeIfAbsent(record.partition(), p -> new PartitionState());
        long now = System.nanoTime();
        // stream time: the records' timestamps (when the ingest node sent them), also when a partition is re-read
        long time = in.getHeader(KafkaConstants.TIMESTAMP, 0L, Long.class);
        String publish = in.getHeader(KafkaConstants.KEY, "", String.class) + " "
                + in.getHeader(RtmpConstants.CONNECTION_ID, "", String.class) + " "
                + in.getHeader(RtmpConstants.MESSAGE_STREAM_ID, 0, Integer.class);
        Object event = in.getHeader(RtmpConstants.EVENT);
        if (RtmpConstants.PUBLISH_END.equals(event)) {
            state.publishes.remove(publish);
        } else if (RtmpConstants.PUBLISH_START.equals(event)) {
            state.publishes.put(publish, new long[] { record.offset(), time });
        } else if (Boolean.TRUE.equals(exchange.getProperty(KEY_FRAME))) {
            state.publishes.put(publish, new long[] { record.offset(), time });
        } else {
            long[] seen = state.publishes.get(publish);
            if (seen != null) {
                seen[1] = time;
            }
        }
        long safe = record.offset() + 1;
        for (Iterator<long[]> it = state.publishes.values().iterator(); it.hasNext();) {
            long[] seen = it.next();
            if (time - seen[1] > TimeUnit.SECONDS.toMillis(STALE_SECONDS)) {
                it.remove();
            } else {
                safe = Math.min(safe, seen[0]);
            }
        }
        // at most once a second, and when the partition has no open publish left (so that nothing stays re-read)
        if (safe > state.committed && (state.publishes.isEmpty()
                || now - state.lastCommitNanos >= TimeUnit.SECONDS.toNanos(1))) {
            try {
                record.consumer().commitSync(Map.of(record.partition(), new OffsetAndMetadata(safe)),
                        java.time.Duration.ofMillis(record.timeoutMs()));
                state.committed = safe;
                state.lastCommitNanos = now;
            } catch (RuntimeException e) {
                // the partition may have moved meanwhile: its new owner goes on from the last committed key frame
                LOG.warn("Kafka: could not commit offset {} of {}: {}", safe, record.partition(), e.toString());
                state.lastCommitNanos = now;
            }
        }
    }
}
