package dev.camelrtmp.dataformat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.media.FlvWriter;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.spi.annotations.Dataformat;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.service.ServiceSupport;

/**
 * FLV in both directions. {@code unmarshal} turns an FLV file into an iterator of frame messages (split it with
 * {@code split(body()).streaming()}), each with the headers the {@code rtmp:} consumer sets (message type, type id,
 * timestamp, stream key), framed by PUBLISH_START and PUBLISH_END events; with {@code realtime} the iterator
 * paces the frames by their timestamps. {@code marshal} writes frames into FLV: a list of frame messages becomes a
 * whole file, a single frame one tag.
 */
@Dataformat("flv")
public class FlvDataFormat extends ServiceSupport implements DataFormat, DataFormatName {

    private static final byte[] SET_DATA_FRAME = { 0x02, 0x00, 0x0D, '@', 's', 'e', 't', 'D', 'a', 't', 'a', 'F', 'r',
            'a', 'm', 'e' };

    private boolean realtime;
    private boolean lifecycleEvents = true;
    private boolean setDataFrame = true;
    private String application = "live";
    private String streamKey;

    @Override
    public String getDataFormatName() {
        return "flv";
    }

    /** Pace unmarshalled frames by their timestamps (real time), instead of as fast as they are read. */
    public FlvDataFormat realtime(boolean realtime) {
        this.realtime = realtime;
        return this;
    }

    /** Frame the unmarshalled frames with PUBLISH_START and PUBLISH_END event messages (default true). */
    public FlvDataFormat lifecycleEvents(boolean lifecycleEvents) {
        this.lifecycleEvents = lifecycleEvents;
        return this;
    }

    /** Prefix onMetaData script tags with {@code @setDataFrame}, as a publisher sends them (default true). */
    public FlvDataFormat setDataFrame(boolean setDataFrame) {
        this.setDataFrame = setDataFrame;
        return this;
    }

    /** The application header of unmarshalled frames (default {@code live}). */
    public FlvDataFormat application(String application) {
        this.application = application;
        return this;
    }

    /**
     * The stream key header of unmarshalled frames; by default the file name without extension
     * ({@code CamelFileNameOnly}), else {@code stream}.
     */
    public FlvDataFormat streamKey(String streamKey) {
        this.streamKey = streamKey;
        return this;
    }

    public boolean isRealtime() {
        return realtime;
    }

    public void setRealtime(boolean realtime) {
        this.realtime = realtime;
    }

    public boolean isLifecycleEvents() {
        return lifecycleEvents;
    }

    public void setLifecycleEvents(boolean lifecycleEvents) {
        this.lifecycleEvents = lifecycleEvents;
    }

    public String getStreamKey() {
        return streamKey;
    }

    public void setStreamKey(String streamKey) {
        this.streamKey = streamKey;
    }

    public String getApplication() {
        return application;
    }

    public void setApplication(String application) {
        this.application = application;
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        if (graph instanceof List<?> list) {
            FlvWriter writer = new FlvWriter(Channels.newChannel(stream));
            for (Object element : list) {
                Message m = element instanceof Exchange e ? e.getIn() : (Message) element;
                writeTag(writer, m);
            }
            writer.flush();
            return;
        }
        // one tag, without file header: the body of the tag and its PreviousTagSize
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FlvWriter writer = new FlvWriter(Channels.newChannel(bytes));
        writeTag(writer, exchange.getIn());
        writer.flush();
        byte[] all = bytes.toByteArray();
        stream.write(all, 13, all.length - 13);
    }

    private static void writeTag(FlvWriter writer, Message m) throws IOException {
        String type = m.getHeader(RtmpConstants.MESSAGE_TYPE, String.class);
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            return;
        }
        byte[] body = m.getBody(byte[].class);
        int tagType = RtmpConstants.TYPE_AUDIO.equals(type) ? FlvTagType.AUDIO
                : RtmpConstants.TYPE_VIDEO.equals(type) ? FlvTagType.VIDEO : FlvTagType.SCRIPT_DATA;
        int offset = tagType == FlvTagType.SCRIPT_DATA && startsWith(body, SET_DATA_FRAME) ? SET_DATA_FRAME.length : 0;
        writer.writeTag(tagType, m.getHeader(RtmpConstants.TIMESTAMP, 0L, Long.class) & 0xFFFFFFFFL, body, offset,
                body.length - offset);
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        String key = streamKey;
        if (key == null) {
            String file = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
            key = file == null ? "stream" : file.replaceFirst("\\.[^.]*$", "");
        }
        return new FrameIterator(exchange.getContext(), new FlvReader(stream), application, key);
    }

    private static boolean startsWith(byte[] body, byte[] prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads tags on demand and turns them into frame messages, paced when asked to. */
    private final class FrameIterator implements Iterator<Message>, java.io.Closeable {
        private final CamelContext context;
        private final FlvReader reader;
        private final String application;
        private final String key;
        /** 0: start event due, 1: tags, 2: end event due, 3: done. */
        private int state;
        private FlvTag next;
        private long firstTimestamp = -1;
        private long startNanos;

        FrameIterator(CamelContext context, FlvReader reader, String application, String key) {
            this.context = context;
            this.reader = reader;
            this.application = application;
            this.key = key;
            this.state = lifecycleEvents ? 0 : 1;
        }

        @Override
        public boolean hasNext() {
            if (state == 1 && next == null) {
                try {
                    next = reader.next();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (next == null) {
                    close();
                    state = lifecycleEvents ? 2 : 3;
                }
            }
            return state != 3;
        }

        @Override
        public Message next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Message m = new DefaultMessage(context);
            m.setHeader(RtmpConstants.APPLICATION, application);
            m.setHeader(RtmpConstants.STREAM_KEY, key);
            m.setHeader(RtmpConstants.STREAM_NAME, key);
            if (state == 0 || state == 2) {
                boolean start = state == 0;
                state = start ? 1 : 3;
                m.setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_EVENT);
                m.setHeader(RtmpConstants.EVENT, start ? RtmpConstants.PUBLISH_START : RtmpConstants.PUBLISH_END);
                if (!start) {
                    m.setHeader(RtmpConstants.END_REASON, "UNPUBLISHED");
                }
                return m;
            }
            FlvTag tag = next;
            next = null;
            pace(tag.timestamp());
            byte[] body = tag.data();
            switch (tag.type()) {
                case FlvTagType.AUDIO -> m.setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_AUDIO);
                case FlvTagType.VIDEO -> m.setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_VIDEO);
                default -> {
                    m.setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_DATA);
                    if (setDataFrame && !startsWith(body, SET_DATA_FRAME)) {
                        byte[] framed = new byte[SET_DATA_FRAME.length + body.length];
                        System.arraycopy(SET_DATA_FRAME, 0, framed, 0, SET_DATA_FRAME.length);
                        System.arraycopy(body, 0, framed, SET_DATA_FRAME.length, body.length);
                        body = framed;
                    }
                }
            }
            m.setHeader(RtmpConstants.MESSAGE_TYPE_ID, tag.type() == FlvTagType.SCRIPT_DATA ? 18 : tag.type());
            // FLV stores a negative start (B-frames) as a 32-bit value just below 2^32, as RTMP does
            long ts = tag.timestamp() >= 0xFF000000L ? tag.timestamp() - 0x100000000L : tag.timestamp();
            m.setHeader(RtmpConstants.TIMESTAMP, ts);
            m.setBody(body);
            return m;
        }

        /** Waits until the tag's time has come, counted from the first tag. */
        private void pace(long timestamp) {
            if (!realtime) {
                return;
            }
            long ts = timestamp >= 0xFF000000L ? timestamp - 0x100000000L : timestamp;
            if (firstTimestamp < 0 || ts < firstTimestamp) {
                firstTimestamp = ts;
                startNanos = System.nanoTime();
                return;
            }
            long due = startNanos + TimeUnit.MILLISECONDS.toNanos(ts - firstTimestamp);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                // nothing more to read anyway
            }
        }
    }
}
