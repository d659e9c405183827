package dev.camelrtmp.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an Aggregate message (type 22, RTMP 7.1.6) into the messages it carries. Its body is a run of FLV tags,
 * each followed by a back pointer; the first sub-message takes the aggregate's timestamp and the others keep their
 * distance from it.
 */
public final class AggregateMessages {

    private static final int TAG_HEADER = 11;
    private static final int BACK_POINTER = 4;

    private AggregateMessages() {
    }

    public static List<RtmpMessage> split(RtmpMessage aggregate) {
        byte[] p = aggregate.payload();
        List<RtmpMessage> messages = new ArrayList<>();
        int pos = 0;
        long firstTimestamp = -1;
        while (pos < p.length) {
            if (p.length - pos < TAG_HEADER) {
                throw new RtmpProtocolException("aggregate message: truncated sub-message header at offset " + pos);
            }
            int type = p[pos] & 0xFF;
            int size = ((p[pos + 1] & 0xFF) << 16) | ((p[pos + 2] & 0xFF) << 8) | (p[pos + 3] & 0xFF);
            long timestamp = ((long) (p[pos + 7] & 0xFF) << 24) | ((p[pos + 4] & 0xFF) << 16)
                    | ((p[pos + 5] & 0xFF) << 8) | (p[pos + 6] & 0xFF);
            int start = pos + TAG_HEADER;
            if (size > p.length - start) {
                throw new RtmpProtocolException("aggregate message: sub-message of " + size + " bytes at offset "
                        + pos + " runs past the end (" + p.length + " bytes)");
            }
            if (firstTimestamp < 0) {
                firstTimestamp = timestamp;
            }
            byte[] body = new byte[size];
            System.arraycopy(p, start, body, 0, size);
            int ts = (int) (Integer.toUnsignedLong(aggregate.timestamp()) + (timestamp - firstTimestamp));
            messages.add(new RtmpMessage(aggregate.chunkStreamId(), type, ts, aggregate.messageStreamId(), body));
            pos = start + size + BACK_POINTER;
        }
        return messages;
    }
}
