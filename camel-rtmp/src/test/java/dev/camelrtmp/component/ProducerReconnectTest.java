package dev.camelrtmp.component;

import dev.camelrtmp.dataformat.FlvDataFormat;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer's BUFFER gap policy against this project's own server, stopped and started again between frames;
 * and the flv data format's marshal.
 */
class ProducerReconnectTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/live?lifecycleEvents=true").routeId("ingest").to("mock:in");
                from("direct:out").routeId("out").to("rtmp://127.0.0.1:" + port
                        + "/live/buf?reconnectGap=BUFFER&reconnectBufferSize=4&reconnectDelay=20&reconnectMaxDelay=50");
                from("direct:marshal").marshal(new FlvDataFormat());
            }
        };
    }

    private void frame(int typeId, long ts, byte... body) {
        Exchange e = template.send("direct:out", x -> {
            x.getIn().setHeader(RtmpConstants.MESSAGE_TYPE_ID, typeId);
            x.getIn().setHeader(RtmpConstants.TIMESTAMP, ts);
            x.getIn().setBody(body);
        });
        assertThat(e.getException()).isNull();
    }

    private RtmpProducer producer() {
        return context.getEndpoint("rtmp://127.0.0.1:" + port + "/live/buf?reconnectGap=BUFFER&reconnectBufferSize=4"
                + "&reconnectDelay=20&reconnectMaxDelay=50", RtmpEndpoint.class).getProducers().iterator().next();
    }

    @Test
    void bufferedFramesAreSentAfterReconnectingBehindTheHeaders() throws Exception {
        MockEndpoint in = getMockEndpoint("mock:in");
        frame(18, 0, (byte) 2, (byte) 0, (byte) 10, (byte) 'o', (byte) 'n', (byte) 'M', (byte) 'e', (byte) 't',
                (byte) 'a', (byte) 'D', (byte) 'a', (byte) 't', (byte) 'a');
        frame(9, 0, (byte) 0x17, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 1);   // AVC sequence header
        frame(8, 0, (byte) 0xAF, (byte) 0, (byte) 0x12, (byte) 0x10);                 // AAC sequence header
        frame(9, 0, (byte) 0x17, (byte) 1, (byte) 0, (byte) 0, (byte) 0, (byte) 10);  // key frame
        Wait.until("the ingest got the first frames", Duration.ofSeconds(10), () -> in.getReceivedCounter() == 5);

        context.getRouteController().stopRoute("ingest");
        Wait.until("the producer notices the server is gone", Duration.ofSeconds(10),
                () -> producer().getConnectedPublishes() == 0);
        List<Byte> sent = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            frame(9, 33L * i, (byte) 0x27, (byte) 1, (byte) 0, (byte) 0, (byte) 0, (byte) (10 + i));
            sent.add((byte) (10 + i));
        }
        context.getRouteController().startRoute("ingest");
        in.reset();
        Wait.until("the producer reconnects", Duration.ofSeconds(10), () -> {
            byte marker = (byte) (20 + sent.size());
            frame(9, 300 + sent.size(), (byte) 0x27, (byte) 1, (byte) 0, (byte) 0, (byte) 0, marker);
            sent.add(marker);
            return producer().getConnectedPublishes() == 1;
        });
        long dropped = producer().getDroppedFrames();
        int expected = 1 + 3 + sent.size() - (int) dropped;
        Wait.until("the resumed stream arrives", Duration.ofSeconds(10), () -> in.getReceivedCounter() >= expected);
        List<Integer> types = new ArrayList<>();
        List<Byte> lastBytes = new ArrayList<>();
        for (Exchange e : in.getExchanges()) {
            Message m = e.getIn();
            if (!"EVENT".equals(m.getHeader(RtmpConstants.MESSAGE_TYPE))) {
                byte[] body = m.getBody(byte[].class);
                types.add(m.getHeader(RtmpConstants.MESSAGE_TYPE_ID, Integer.class));
                lastBytes.add(body[body.length - 1]);
            }
        }
        // metadata and both sequence headers again, then the newest frames: the 4 the buffer kept and what followed;
        // the oldest ones overflowed the buffer and were counted as dropped
        assertThat(types.subList(0, 3)).containsExactly(18, 9, 8);
        assertThat(lastBytes.subList(3, lastBytes.size())).containsExactlyElementsOf(sent.subList((int) dropped,
                sent.size()));
        assertThat(dropped).isGreaterThanOrEqualTo(2);
        assertThat(producer().getReconnects()).isEqualTo(1);
    }

    @Test
    void marshalWritesFramesIntoAnFlvFile() throws Exception {
        List<FlvTag> tags = FlvReader.readAll(Clips.h264Aac(6));
        List<Message> frames = new ArrayList<>();
        for (FlvTag tag : tags) {
            Message m = new org.apache.camel.support.DefaultMessage(context);
            m.setHeader(RtmpConstants.MESSAGE_TYPE, tag.type() == 8 ? "AUDIO" : tag.type() == 9 ? "VIDEO" : "DATA");
            m.setHeader(RtmpConstants.TIMESTAMP, tag.timestamp());
            m.setBody(tag.data());
            frames.add(m);
        }
        byte[] flv = template.requestBody("direct:marshal", frames, byte[].class);
        assertThat(flv).isEqualTo(Files.readAllBytes(Clips.h264Aac(6)));
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        one.write(template.requestBodyAndHeader("direct:marshal", tags.get(1).data(), RtmpConstants.MESSAGE_TYPE,
                "VIDEO", byte[].class));
        assertThat(one.size()).isEqualTo(11 + tags.get(1).data().length + 4);
    }
}
