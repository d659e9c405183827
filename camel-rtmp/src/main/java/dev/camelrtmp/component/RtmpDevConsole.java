package dev.camelrtmp.component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.server.LiveStream;
import org.apache.camel.Route;
import org.apache.camel.support.console.AbstractDevConsole;

/**
 * Camel's developer console for RTMP: every {@code rtmp:} consumer with its listener and the streams published to it
 * now (client, uptime, messages, bytes, average bit rate).
 */
@org.apache.camel.spi.annotations.DevConsole(name = "rtmp", displayName = "RTMP",
                                             description = "Live RTMP streams of the rtmp: consumers")
public class RtmpDevConsole extends AbstractDevConsole {

    public RtmpDevConsole() {
        super("camel", "rtmp", "RTMP", "Live RTMP streams of the rtmp: consumers");
    }

    private List<RtmpConsumer> consumers() {
        List<RtmpConsumer> consumers = new ArrayList<>();
        for (Route route : getCamelContext().getRoutes()) {
            if (route.getConsumer() instanceof RtmpConsumer consumer) {
                consumers.add(consumer);
            }
        }
        return consumers;
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder text = new StringBuilder();
        long now = System.currentTimeMillis();
        for (RtmpConsumer consumer : consumers()) {
            text.append(String.format("RTMP consumer %s (route %s) on %s: %d publishers%n",
                    consumer.getEndpoint().getEndpointBaseUri(), consumer.getRouteId(), consumer.getLocalAddress(),
                    consumer.getLivePublishers()));
            for (LiveStream stream : consumer.liveStreams()) {
                text.append(String.format("    %s from %s: %.0f s, %d video, %d audio, %d data messages, %d bytes,"
                        + " %d kbit/s%n", stream.info().path(), stream.info().clientAddress(),
                        stream.uptimeSeconds(now), stream.videoMessages(), stream.audioMessages(),
                        stream.dataMessages(), stream.bytes(), stream.bitsPerSecond(now) / 1000));
            }
        }
        return text.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> list = new ArrayList<>();
        for (RtmpConsumer consumer : consumers()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("endpoint", consumer.getEndpoint().getEndpointBaseUri());
            c.put("routeId", consumer.getRouteId());
            c.put("address", String.valueOf(consumer.getLocalAddress()));
            List<Map<String, Object>> streams = new ArrayList<>();
            for (LiveStream stream : consumer.liveStreams()) {
                streams.add(RtmpConsumer.describe(stream, now));
            }
            c.put("streams", streams);
            list.add(c);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("consumers", list);
        return root;
    }
}
