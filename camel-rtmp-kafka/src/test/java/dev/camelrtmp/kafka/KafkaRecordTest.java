package dev.camelrtmp.kafka;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.camelrtmp.component.FlvConstants;
import dev.camelrtmp.component.Mp4Constants;
import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams through a real Kafka broker (one KRaft node in the test JVM): an ingest CamelContext sends what publishers
 * send to {@code rtmp:} to a topic ({@link IngestToKafkaRoute}), a second CamelContext records the topic with
 * {@code flv:} ({@link KafkaToFlvRoute}). The recordings equal those made directly on the ingest side, tag for tag,
 * and every RTMP header arrives with its value and type.
 */
class KafkaRecordTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KafkaRecordTest.class);

    @TempDir
    static Path brokerDir;
    private static KafkaBroker broker;

    @TempDir
    Path work;

    private final int port = AvailablePortFinder.getNextAvailable();
    private CamelContext ingest;
    private CamelContext recorder;
    /** More contexts a test starts; stopped after it. */
    private final List<CamelContext> others = new ArrayList<>();
    /** The CamelRtmp* headers (and body hash) of each Exchange, in order, per stream: as sent and as received. */
    private final Map<String, List<Map<String, Object>>> sent = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, Object>>> received = new ConcurrentHashMap<>();
    /** The partitions each stream's records came from. */
    private final Map<String, java.util.Set<Integer>> partitions = new ConcurrentHashMap<>();
    /** The value sizes of the records of each stream that carry a part of a split frame. */
    private final Map<String, List<Integer>> partRecords = new ConcurrentHashMap<>();
    /** PUBLISH_END: the direct and the Kafka recordings, per stream. */
    private final Map<String, Path> directFiles = new ConcurrentHashMap<>();
    private final Map<String, Path> kafkaFiles = new ConcurrentHashMap<>();

    @BeforeAll
    static void startBroker() throws Exception {
        long start = System.nanoTime();
        broker = KafkaBroker.start(brokerDir);
        broker.createTopic("rtmp-frames", 3, Map.of());
        LOG.info("Kafka broker up in {} ms at {}", (System.nanoTime() - start) / 1_000_000, broker.bootstrap());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        Properties properties = new Properties();
        properties.put("rtmp.port", String.valueOf(port));
        properties.put("kafka.brokers", broker.bootstrap());
        properties.put("recordings", work.resolve("via-kafka").toString());

        ingest = context();
        ingest.getPropertiesComponent().setInitialProperties(properties);
        Path direct = work.resolve("direct");
        ingest.addRoutes(new IngestToKafkaRoute() {
            @Override
            public void configure() {
                // a direct recording and the headers as the rtmp: consumer made them
                interceptFrom("rtmp:*").to("flv:" + direct).process(e -> {
                    snapshot(sent, e.getIn());
                    ended(e.getIn(), directFiles);
                });
                super.configure();
            }
        });
        recorder = context();
        recorder.getPropertiesComponent().setInitialProperties(properties);
        recorder.addRoutes(new KafkaToFlvRoute() {
            @Override
            public void configure() {
                interceptFrom("kafka:*").process(e -> {
                    if (e.getIn().getHeader(RtmpKafkaConstants.FRAME_PARTS) != null) {
                        partRecords.computeIfAbsent(stream(e.getIn()), k -> Collections.synchronizedList(
                                new ArrayList<>())).add(e.getIn().getBody(byte[].class).length);
                    }
                });
                interceptSendToEndpoint("flv:*").afterUri("direct:recorded").process(e -> {
                    Message in = e.getIn();
                    snapshot(received, in);
                    partitions.computeIfAbsent(stream(in), k -> ConcurrentHashMap.newKeySet())
                            .add(in.getHeader(KafkaConstants.PARTITION, Integer.class));
                });
                super.configure();
            }
        });
        recorder.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:recorded").process(e -> {
                    ended(e.getIn(), kafkaFiles);
                });
            }
        });
        recorder.start();
        ingest.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (CamelContext context : others) {
            context.close();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (recorder != null) {
            recorder.close();
        }
    }

    /** A CamelContext whose Kafka consumers poll for at most 500 ms: they stop that fast, too. */
    private static CamelContext context() {
        CamelContext context = new DefaultCamelContext();
        context.getComponent("kafka", KafkaComponent.class).getConfiguration().setPollTimeoutMs(500L);
        return context;
    }

    private static String stream(Message in) {
        return in.getHeader(RtmpConstants.APPLICATION) + "/" + in.getHeader(RtmpConstants.STREAM_KEY);
    }

    private static void snapshot(Map<String, List<Map<String, Object>>> into, Message in) {
        Map<String, Object> headers = new TreeMap<>();
        in.getHeaders().forEach((name, value) -> {
            if (name.startsWith(RtmpKafkaHeaders.PREFIX)) {
                headers.put(name, value);
            }
        });
        Object body = in.getBody();
        headers.put("body", body == null ? "null" : MediaTools.sha256((byte[]) body));
        into.computeIfAbsent(stream(in), k -> Collections.synchronizedList(new ArrayList<>())).add(headers);
    }

    /** At PUBLISH_END: keeps the file the recorder names; whether it was PUBLISH_END. */
    private static boolean ended(Message in, Map<String, Path> files) {
        if (RtmpConstants.PUBLISH_END.equals(in.getHeader(RtmpConstants.EVENT))) {
            files.put(stream(in), Path.of(in.getHeader(FlvConstants.FILE_NAME, String.class)));
            return true;
        }
        return false;
    }

    /** Waits (60 s at most) until the recorder has had the PUBLISH_END of each stream. */
    private void awaitRecorded(String... streams) {
        Wait.until("PUBLISH_END of " + List.of(streams) + " through Kafka", Duration.ofSeconds(60),
                () -> kafkaFiles.keySet().containsAll(List.of(streams)));
    }

    /** The audio and video tags of an FLV file (type, timestamp, size, hash). */
    private static List<String> media(Path flv) throws Exception {
        return tags(flv).stream().filter(t -> !t.startsWith(FlvTagType.SCRIPT_DATA + "@")).toList();
    }

    private static List<String> tags(Path flv) throws Exception {
        List<String> tags = new ArrayList<>();
        for (FlvTag tag : FlvReader.readAll(flv)) {
            tags.add(tag.type() + "@" + tag.timestamp() + " " + tag.data().length + " "
                    + MediaTools.sha256(tag.data()));
        }
        return tags;
    }

    @Test
    void ffmpegPublishesAreRecordedBitExactThroughKafka() throws Exception {
        Path clip = Clips.h264Aac(6);
        List<String> keys = List.of("cam1", "cam2");
        // more consumers of the topic: a relay to another server (the rtmp: client producer) and an mp4: recorder
        int originPort = AvailablePortFinder.getNextAvailable();
        Map<String, Path> relayedFiles = new ConcurrentHashMap<>();
        Map<String, Path> mp4Files = new ConcurrentHashMap<>();
        CamelContext origin = context();
        others.add(origin);
        origin.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + originPort + "/relay?lifecycleEvents=true")
                    .to("flv:" + work.resolve("relayed"))
                    .process(e -> ended(e.getIn(), relayedFiles));
            }
        });
        origin.start();
        recorder.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                String consumer = "&autoOffsetReset=earliest"
                        + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                        + "&headerFilterStrategy=#rtmpKafkaHeaders&headerDeserializer=#rtmpKafkaHeaders";
                from("kafka:rtmp-frames?brokers={{kafka.brokers}}&groupId=relay" + consumer)
                    .split(new KafkaToRtmp())
                        .filter(header(RtmpConstants.STREAM_KEY).in("cam1", "cam2"))
                            .to("rtmp://127.0.0.1:" + originPort + "/relay");
                from("kafka:rtmp-frames?brokers={{kafka.brokers}}&groupId=mp4" + consumer)
                    .split(new KafkaToRtmp())
                        .filter(header(RtmpConstants.STREAM_KEY).in("cam1", "cam2"))
                            .to("mp4:" + work.resolve("mp4"))
                            .filter(header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PUBLISH_END))
                                .process(e -> mp4Files.put(stream(e.getIn()),
                                        Path.of(e.getIn().getHeader(Mp4Constants.FILE_NAME, String.class))));
            }
        });
        long start = System.nanoTime();
        List<Process> publishers = new ArrayList<>();
        List<List<String>> commands = new ArrayList<>();
        for (String key : keys) {
            List<String> cmd = List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-i",
                    clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/" + key);
            commands.add(cmd);
            publishers.add(ProcessRunner.start(cmd, null));
        }
        for (int i = 0; i < publishers.size(); i++) {
            ProcessResult r = ProcessRunner.await(publishers.get(i), 60, commands.get(i));
            r.requireSuccess("ffmpeg publish " + keys.get(i));
        }
        awaitRecorded("live/cam1", "live/cam2");
        long millis = (System.nanoTime() - start) / 1_000_000;
        Wait.until("the relayed and the mp4 recordings end", Duration.ofSeconds(60),
                () -> relayedFiles.keySet().containsAll(List.of("relay/cam1", "relay/cam2"))
                        && mp4Files.keySet().containsAll(List.of("live/cam1", "live/cam2")));

        Map<String, Long> counts = MediaTools.packetCounts(Peers.ffprobe(), clip, null);
        List<String> clipPackets = MediaTools.framemd5(Peers.ffmpeg(), clip, null);
        for (String key : keys) {
            String stream = "live/" + key;
            Path direct = directFiles.get(stream);
            Path viaKafka = kafkaFiles.get(stream);
            assertThat(viaKafka).as(stream + " recorded from Kafka").isNotNull();
            assertThat(viaKafka.startsWith(work.resolve("via-kafka"))).isTrue();
            assertThat(tags(viaKafka)).as(stream + ": the tags of the recording from Kafka")
                    .containsExactlyElementsOf(tags(direct));
            assertThat(MediaTools.packetCounts(Peers.ffprobe(), viaKafka, null)).isEqualTo(counts);
            assertThat(MediaTools.framemd5(Peers.ffmpeg(), viaKafka, null)).containsExactlyElementsOf(clipPackets);
            assertThat(received.get(stream)).as(stream + ": headers and bodies, in order")
                    .containsExactlyElementsOf(sent.get(stream));
            assertThat(partitions.get(stream)).as(stream + ": one partition").hasSize(1);
            assertThat(media(relayedFiles.get("relay/" + key))).as(stream + ": relayed, audio and video tags")
                    .containsExactlyElementsOf(media(direct));
            assertThat(MediaTools.packetCounts(Peers.ffprobe(), mp4Files.get(stream), null)).as(stream + ": mp4")
                    .isEqualTo(counts);
            assertThat(sent.get(stream).get(0).get(RtmpConstants.EVENT)).isEqualTo(RtmpConstants.PUBLISH_START);
            assertThat(partRecords.get(stream)).as(stream + ": no frame split").isNull();
        }
        LOG.info("{} streams of {} ({} video, {} audio packets each) published and recorded through Kafka in {} ms",
                keys.size(), clip.getFileName(), counts.get("video"), counts.get("audio"), millis);
    }

    @Test
    void aThreeMebibyteFrameCrossesKafkasDefaultLimits() throws Exception {
        byte[] keyFrame = new byte[3 * 1024 * 1024];
        new Random(18).nextBytes(keyFrame);
        keyFrame[0] = 0x17; // AVC key frame
        keyFrame[1] = 0x01; // NALUs
        keyFrame[2] = keyFrame[3] = keyFrame[4] = 0; // composition time 0
        byte[] sequenceHeader = {0x17, 0x00, 0, 0, 0, 0x01, 0x42, (byte) 0xC0, 0x1E, (byte) 0xFF, (byte) 0xE1, 0x00,
            0x04, 0x67, 0x42, (byte) 0xC0, 0x1E, 0x01, 0x00, 0x04, 0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
        byte[] interFrame = {0x27, 0x01, 0, 0, 0, 0, 0, 0, 2, 0x41, (byte) 0x9A};
        String uri = "rtmp://127.0.0.1:" + port + "/live/big";
        try (ProducerTemplate template = ingest.createProducerTemplate()) {
            send(template, uri, sequenceHeader, 0);
            send(template, uri, keyFrame, 0);
            send(template, uri, interFrame, 33);
            template.send(uri, e -> {
                e.getIn().setHeader(RtmpConstants.STREAM_KEY, "big");
                e.getIn().setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_EVENT);
                e.getIn().setHeader(RtmpConstants.EVENT, RtmpConstants.PUBLISH_END);
            });
        }
        awaitRecorded("live/big");

        List<FlvTag> video = FlvReader.readAll(kafkaFiles.get("live/big")).stream()
                .filter(t -> t.type() == FlvTagType.VIDEO).toList();
        assertThat(video).hasSize(3);
        assertThat(video.get(1).data()).isEqualTo(keyFrame);
        assertThat(partRecords.get("live/big")).as("the key frame's records").hasSize(6)
                .allSatisfy(size -> assertThat(size).isEqualTo(RtmpToKafka.DEFAULT_MAX_RECORD_PAYLOAD));
        assertThat(tags(kafkaFiles.get("live/big"))).containsExactlyElementsOf(tags(directFiles.get("live/big")));
        assertThat(received.get("live/big")).containsExactlyElementsOf(sent.get("live/big"));
    }

    @Test
    void edgesServeAndHlsPackagesFromKafka() throws Exception {
        int edgePort = AvailablePortFinder.getNextAvailable();
        Properties properties = new Properties();
        properties.put("kafka.brokers", broker.bootstrap());
        properties.put("edge.name", "edge-1");
        properties.put("edge.port", String.valueOf(edgePort));
        Path hls = work.resolve("hls");
        Path clip = Clips.h264Aac(4);
        Path played = work.resolve("played.flv");
        try (CamelContext edge = context(); LogCapture log = LogCapture.start()) {
            edge.getPropertiesComponent().setInitialProperties(properties);
            edge.addRoutes(new KafkaToEdgeRoute());
            edge.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kafka:rtmp-frames?brokers={{kafka.brokers}}&groupId=hls&autoOffsetReset=earliest"
                            + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                            + "&headerFilterStrategy=#rtmpKafkaHeaders&headerDeserializer=#rtmpKafkaHeaders")
                        .split(new KafkaToRtmp())
                            .filter(header(RtmpConstants.STREAM_KEY).isEqualTo("cam3"))
                            .to("hls:" + hls);
                }
            });
            edge.start();
            broker.awaitAssigned("edge-1", "rtmp-frames", Duration.ofSeconds(60));
            Process player = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "warning", "-i", "rtmp://127.0.0.1:" + edgePort + "/live/cam3", "-c", "copy", "-f", "flv", "-y",
                    played.toString()), null);
            Wait.until("the player waits", Duration.ofSeconds(30),
                    () -> !log.lines("INFO", "Play started: live/cam3").isEmpty());
            ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-re", "-i",
                    clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/cam3"), null, 60)
                    .requireSuccess("ffmpeg publish");
            ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play from the edge");
            Wait.until("the HLS playlist ends", Duration.ofSeconds(60), () -> {
                try {
                    return Files.readString(hls.resolve("live/cam3/index.m3u8")).endsWith("#EXT-X-ENDLIST\n");
                } catch (java.io.IOException notYet) {
                    return false;
                }
            });
        }
        List<String> source = MediaTools.framemd5(Peers.ffmpeg(), clip, null);
        assertThat(MediaTools.framemd5(Peers.ffmpeg(), played, null)).as("played from the edge")
                .containsExactlyElementsOf(source);
        assertThat(MediaTools.packetCounts(Peers.ffprobe(), hls.resolve("live/cam3/index.m3u8"), null))
                .as("HLS packets").isEqualTo(MediaTools.packetCounts(Peers.ffprobe(), clip, null));
    }

    @Test
    void aConsumerThatJoinsMidStreamBeginsAtAKeyFrameWithTheSequenceHeaders() throws Exception {
        Path clip = Clips.h264Aac(8);
        Path lateDir = work.resolve("late");
        java.util.concurrent.atomic.AtomicReference<Path> lateFile = new java.util.concurrent.atomic.AtomicReference<>();
        Properties properties = new Properties();
        properties.put("kafka.brokers", broker.bootstrap());
        Process publisher = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "warning", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + port + "/live/late"), null);
        try (CamelContext late = context()) {
            Wait.until("two seconds of the stream sent", Duration.ofSeconds(30),
                    () -> sent.getOrDefault("live/late", List.of()).size() > 150);
            late.getPropertiesComponent().setInitialProperties(properties);
            late.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    bindToRegistry("rtmpKafkaHeaders", new RtmpKafkaHeaders());
                    from("kafka:rtmp-frames?brokers={{kafka.brokers}}&groupId=late&autoOffsetReset=latest"
                            + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                            + "&headerFilterStrategy=#rtmpKafkaHeaders&headerDeserializer=#rtmpKafkaHeaders")
                        .split(new KafkaToRtmp())
                            .filter(header(RtmpConstants.STREAM_KEY).isEqualTo("late"))
                                .to("flv:" + lateDir)
                                .filter(header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PUBLISH_END))
                                    .process(e -> lateFile.set(Path.of(e.getIn().getHeader(FlvConstants.FILE_NAME,
                                            String.class))));
                }
            });
            late.start();
            broker.awaitAssigned("late", "rtmp-frames", Duration.ofSeconds(60));
            assertThat(publisher.isAlive()).as("the publish still goes on when the late consumer has joined")
                    .isTrue();
            ProcessRunner.await(publisher, 60, List.of("ffmpeg publish")).requireSuccess("ffmpeg publish");
            Wait.until("the late consumer's recording ends", Duration.ofSeconds(60), () -> lateFile.get() != null);
        }
        Path recording = lateFile.get();
        ProcessResult flags = ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error", "-select_streams",
                "v", "-show_entries", "packet=flags", "-of", "csv=p=0", recording.toString()), null, 60)
                .requireSuccess("ffprobe");
        assertThat(flags.stdout().strip().split("\n")[0]).as("the first video packet").startsWith("K");
        ProcessResult decode = ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-v", "error",
                "-i", recording.toString(), "-f", "null", "-"), null, 120).requireSuccess("ffmpeg decode");
        assertThat(decode.stderr().strip()).as("decoding errors").isEmpty();
        Map<String, List<String>> source = byStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
        Map<String, List<String>> joined = byStream(MediaTools.framemd5(Peers.ffmpeg(), recording, null));
        assertThat(joined.keySet()).containsExactlyElementsOf(source.keySet());
        for (String stream : source.keySet()) {
            List<String> all = source.get(stream);
            List<String> tail = joined.get(stream);
            assertThat(tail.size()).as("stream " + stream + " joined late").isBetween(1, all.size() - 30);
            assertThat(all.subList(all.size() - tail.size(), all.size())).as("stream " + stream + ": the clip's end")
                    .containsExactlyElementsOf(tail);
        }
        LOG.info("Joined mid-stream: recorded the last {} of {} video packets, decoding without errors",
                joined.get("0").size(), source.get("0").size());
    }

    /**
     * framemd5 packet lines by stream index (0 video, 1 audio), each as stream, pts minus dts, duration, size and
     * hash: FFmpeg shifts a file's timestamps to begin at 0, and a file that begins later shifts them differently.
     */
    private static Map<String, List<String>> byStream(List<String> packets) {
        Map<String, List<String>> streams = new TreeMap<>();
        for (String packet : packets) {
            String[] f = packet.split(",");
            String line = f[0] + "," + (Long.parseLong(f[2]) - Long.parseLong(f[1])) + "," + f[3] + "," + f[4] + ","
                    + f[5];
            streams.computeIfAbsent(f[0], k -> new ArrayList<>()).add(line);
        }
        return streams;
    }

    private static void send(ProducerTemplate template, String uri, byte[] payload, long timestamp) {
        Exchange e = template.send(uri, x -> {
            x.getIn().setHeader(RtmpConstants.STREAM_KEY, "big");
            x.getIn().setHeader(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_VIDEO);
            x.getIn().setHeader(RtmpConstants.TIMESTAMP, timestamp);
            x.getIn().setBody(payload);
        });
        assertThat(e.getException()).isNull();
    }
}
