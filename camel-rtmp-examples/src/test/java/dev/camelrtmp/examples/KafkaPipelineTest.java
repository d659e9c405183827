package dev.camelrtmp.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.camelrtmp.kafka.KafkaBroker;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka pipeline of the README as processes: a real Kafka broker (KRaft, in the test JVM), HAProxy (Debian's) in
 * front of two ingest nodes (the examples' main with {@code KAFKA_BOOTSTRAP}), two record nodes of one consumer group
 * ({@code ROLE=record}) and an edge ({@code ROLE=edge}). {@value #STREAMS} FFmpeg publishers ({@code -re -c copy},
 * so encoding costs nothing) publish through HAProxy. Mid-stream one ingest node is killed (SIGKILL): its publishers
 * fail and are published again (another clip, so that the two publishes are told apart) through HAProxy, to the
 * other node; and one of the two record nodes stops (SIGTERM), so that the other takes its partitions over. Then:
 * every file recorded is a bit-exact run of packets of its clip; per stream, the files of both record nodes together
 * hold every packet of each publish that ended (a killed publish: a prefix, without a hole), so nothing was lost
 * between the two owners of a partition; the file the new owner began mid-stream starts with a key frame and decodes
 * without an error; an FFmpeg player of the edge receives an exact tail of a stream.
 */
class KafkaPipelineTest {

    /** 20 publishers: the figure of issue 18; with -c copy they cost little on the 2-core machine. */
    static final int STREAMS = 20;

    @TempDir
    Path work;

    private final List<RecorderJvm> jvms = new ArrayList<>();
    /** Every process started, for the clean-up; publishers are added from the threads of their predecessors' exit. */
    private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void streamsThroughKafkaAreRecordedAndServedAcrossAKilledIngestNodeAndARebalance() throws Exception {
        Path haproxy = Peers.require("haproxy", "apt-get install haproxy");
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(12);
        Path reclip = Clips.h264Aac(10, 256, 144);
        try (KafkaBroker broker = KafkaBroker.start(work.resolve("broker"))) {
            try {
                run(broker, haproxy, ffmpeg, clip, reclip);
            } catch (Throwable failure) {
                // what the nodes said, for the failure's report
                for (RecorderJvm jvm : jvms) {
                    ProcessResult r = jvm.stop(30);
                    failure.addSuppressed(new AssertionError("a node's output (exit " + r.exitCode() + "):\n"
                            + r.stdout() + r.stderr()));
                }
                throw failure;
            } finally {
                // ended, and their captured output files removed
                for (Process p : processes) {
                    p.destroyForcibly();
                    ProcessRunner.await(p, 30, List.of("a process of the test"));
                }
                for (RecorderJvm jvm : jvms) {
                    jvm.process().destroyForcibly();
                    jvm.await(30);
                }
            }
        }
    }

    private void run(KafkaBroker broker, Path haproxy, Path ffmpeg, Path clip, Path reclip)
            throws Exception {
        int ingest1Port = AvailablePortFinder.getNextAvailable();
        int ingest2Port = AvailablePortFinder.getNextAvailable();
        int edgePort = AvailablePortFinder.getNextAvailable();
        int frontend = AvailablePortFinder.getNextAvailable();
        Path recordA = work.resolve("record-a");
        Path recordB = work.resolve("record-b");
        String bootstrap = broker.bootstrap();

        RecorderJvm ingest1 = jvm(Map.of("KAFKA_BOOTSTRAP", bootstrap, "RTMP_PORT", String.valueOf(ingest1Port)));
        RecorderJvm ingest2 = jvm(Map.of("KAFKA_BOOTSTRAP", bootstrap, "RTMP_PORT", String.valueOf(ingest2Port)));
        Wait.until("the ingest nodes listen (and created the topic)", Duration.ofSeconds(60),
                () -> Wait.accepts(ingest1Port) && Wait.accepts(ingest2Port));
        RecorderJvm recorderA = jvm(Map.of("KAFKA_BOOTSTRAP", bootstrap, "ROLE", "record", "KAFKA_GROUP", "rec",
                "RECORDINGS_DIR", recordA.toString()));
        RecorderJvm recorderB = jvm(Map.of("KAFKA_BOOTSTRAP", bootstrap, "ROLE", "record", "KAFKA_GROUP", "rec",
                "RECORDINGS_DIR", recordB.toString()));
        RecorderJvm edge = jvm(Map.of("KAFKA_BOOTSTRAP", bootstrap, "ROLE", "edge", "KAFKA_GROUP", "edge-1",
                "RTMP_PORT", String.valueOf(edgePort)));
        String config = Files.readString(Path.of("src/test/resources/haproxy/kafka-ingest.cfg"));
        Path cfg = Files.writeString(work.resolve("haproxy.cfg"), config);
        processes.add(ProcessRunner.start(List.of(haproxy.toString(), "-f", cfg.toString(), "-db"),
                Map.of("RTMP_FRONTEND", "127.0.0.1:" + frontend, "RTMP_INGEST1", "127.0.0.1:" + ingest1Port,
                        "RTMP_INGEST2", "127.0.0.1:" + ingest2Port)));
        Wait.until("HAProxy accepts", Duration.ofSeconds(15), () -> Wait.accepts(frontend));
        Wait.until("the edge listens", Duration.ofSeconds(60), () -> Wait.accepts(edgePort));
        broker.awaitAssigned("rec", "rtmp-frames", Duration.ofSeconds(60));
        broker.awaitAssigned("edge-1", "rtmp-frames", Duration.ofSeconds(60));
        try (Admin admin = broker.admin()) {
            assertThat(admin.describeTopics(List.of("rtmp-frames")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("rtmp-frames").partitions()).as("KAFKA_PARTITIONS' default").hasSize(12);
            Wait.until("both record nodes share the partitions of group rec", Duration.ofSeconds(60), () -> {
                try {
                    var group = admin.describeConsumerGroups(List.of("rec")).all().get(10, TimeUnit.SECONDS)
                            .get("rec");
                    return group.members().size() == 2
                            && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())
                            && group.members().stream().mapToInt(m -> m.assignment().topicPartitions().size())
                                    .sum() == 12;
                } catch (Exception notYet) {
                    return false;
                }
            });
        }

        // the publishers; one whose ingest node dies publishes again, the other clip, through HAProxy
        Map<Integer, Process> republished = new ConcurrentHashMap<>();
        Set<Integer> failed = ConcurrentHashMap.newKeySet();
        Set<Integer> onKilledNode = ConcurrentHashMap.newKeySet();
        List<Process> publishers = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            int stream = s;
            Process p = publish(ffmpeg, clip, frontend, stream);
            publishers.add(p);
            p.onExit().thenRun(() -> {
                if (onKilledNode.contains(stream)) {
                    failed.add(stream);
                    try {
                        republished.put(stream, publish(ffmpeg, reclip, frontend, stream));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
        long quarter = (long) STREAMS * MediaTools.publishedMessages(clip) / 4;
        Wait.until("a quarter of every stream's messages in the topic", Duration.ofSeconds(60),
                () -> records(broker) >= quarter);

        // SIGKILL one ingest node, mid-stream; which publishers it has, its log says (its standard output so far)
        Wait.until("every stream started on an ingest node", Duration.ofSeconds(30),
                () -> started(ingest1).size() + started(ingest2).size() >= STREAMS);
        onKilledNode.addAll(started(ingest1));
        assertThat(onKilledNode).as("publishers HAProxy sent to ingest node 1").isNotEmpty()
                .hasSizeLessThan(STREAMS);
        ingest1.process().destroyForcibly();
        Wait.until(onKilledNode.size() + " publishers of the killed node fail and publish again",
                Duration.ofSeconds(30), () -> republished.size() >= onKilledNode.size());
        assertThat(failed).isEqualTo(onKilledNode);

        // a player of the edge, on a stream that goes on
        int watched = 0;
        while (failed.contains(watched)) {
            watched++;
        }
        Path played = work.resolve("played.flv");
        Process player = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning",
                "-i", "rtmp://127.0.0.1:" + edgePort + "/live/s" + watched, "-c", "copy", "-f", "flv", "-y",
                played.toString()), null);
        processes.add(player);

        // a rebalance: record node B leaves the group mid-stream, A takes its partitions over
        ProcessResult stoppedB = recorderB.stop(60);
        assertThat(stoppedB.stdout()).as("record node B stopped mid-stream").contains("closed as the route stopped");

        for (Process p : publishers) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("publisher ended").isTrue();
        }
        for (Map.Entry<Integer, Process> p : republished.entrySet()) {
            ProcessRunner.await(p.getValue(), 60, List.of("ffmpeg republish s" + p.getKey()))
                    .requireSuccess("republish s" + p.getKey());
        }
        ProcessRunner.await(player, 60, List.of("ffmpeg play")).requireSuccess("ffmpeg play from the edge");
        awaitConsumed(broker, "rec", Duration.ofSeconds(60));
        ProcessResult stoppedA = recorderA.stop(60);

        // every file is an exact run of its clip's packets; per stream, nothing lost between owners
        List<List<String>> source = tracks(ffmpeg, clip);
        List<List<String>> resource = tracks(ffmpeg, reclip);
        assertTail(tracks(ffmpeg, played), source);
        Set<Integer> takenOver = new java.util.TreeSet<>();
        for (int s = 0; s < STREAMS; s++) {
            Coverage first = new Coverage(source);
            Coverage second = new Coverage(resource);
            for (Path file : files(recordA, s, recordB)) {
                List<List<String>> packets = tracks(ffmpeg, file);
                boolean ofFirst = first.add(packets);
                boolean ofSecond = !ofFirst && second.add(packets);
                assertThat(ofFirst || ofSecond).as("%s is an exact run of a published clip's packets", file)
                        .isTrue();
                if (!first.startsAtZero(packets) && !second.startsAtZero(packets)) {
                    takenOver.add(s);
                    ProcessResult flags = ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error",
                            "-select_streams", "v:0", "-show_entries", "packet=flags", "-read_intervals", "%+#1",
                            "-of", "csv=p=0", file.toString()), null, 60).requireSuccess("ffprobe");
                    assertThat(flags.stdout().strip()).as("%s, begun mid-stream, starts with a key frame", file)
                            .startsWith("K");
                    // ffprobe decodes every video frame: no error, as many frames as packets
                    ProcessResult decode = ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error",
                            "-count_frames", "-count_packets", "-select_streams", "v:0", "-show_entries",
                            "stream=nb_read_frames,nb_read_packets", "-of", "csv=p=0", file.toString()), null, 120)
                            .requireSuccess("ffprobe decode");
                    assertThat(decode.stderr().strip()).as("%s decodes without an error", file).isEmpty();
                    String[] counts = decode.stdout().strip().split(",");
                    assertThat(counts[0]).as("%s: frames decoded = video packets", file).isEqualTo(counts[1]);
                }
            }
            if (failed.contains(s)) {
                assertThat(first.prefix()).as("s%d: the killed publish is recorded up to where it stopped", s)
                        .isTrue();
                assertThat(second.complete()).as("s%d: every packet of its second publish", s).isTrue();
            } else {
                assertThat(first.complete()).as("s%d: every packet", s).isTrue();
                assertThat(second.empty()).isTrue();
            }
        }
        assertThat(takenOver).as("streams record node A took over from B mid-stream").isNotEmpty();
        for (int s = 0; s < STREAMS; s++) {
            if (!failed.contains(s)) {
                assertThat(stoppedA.stdout()).contains("Stream live/s" + s + " ended (");
            }
        }
        assertThat(stoppedA.stdout() + stoppedB.stdout()).contains("Stream live/s0 started from ")
                .contains(", recording into ");
    }

    private RecorderJvm jvm(Map<String, String> env) throws Exception {
        RecorderJvm jvm = RecorderJvm.start(RecorderMain.class.getName(), env, false, "-Xmx256m");
        jvms.add(jvm);
        return jvm;
    }

    private Process publish(Path ffmpeg, Path clip, int port, int stream) throws Exception {
        Process p = ProcessRunner.start(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error", "-re",
                "-i", clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/s" + stream),
                null);
        processes.add(p);
        return p;
    }

    /** The streams a running node logged as started, from its standard output so far (Linux's /proc). */
    private static Set<Integer> started(RecorderJvm node) {
        try {
            String out = Files.readString(Path.of("/proc/" + node.process().pid() + "/fd/1"),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            Set<Integer> streams = new java.util.TreeSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Stream live/s([0-9]+) started from ")
                    .matcher(out);
            while (m.find()) {
                streams.add(Integer.parseInt(m.group(1)));
            }
            return streams;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits until group {@code group} has committed the end of every partition. */
    private static void awaitConsumed(KafkaBroker broker, String group, Duration timeout) throws Exception {
        try (Admin admin = broker.admin()) {
            Wait.until("group " + group + " has consumed the topic", timeout, () -> {
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (int p = 0; p < 12; p++) {
                        latest.put(new TopicPartition("rtmp-frames", p), OffsetSpec.latest());
                    }
                    var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                    return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                            || committed.get(e.getKey()) != null
                                    && committed.get(e.getKey()).offset() == e.getValue().offset());
                } catch (Exception notYet) {
                    return false;
                }
            });
        }
    }

    /** The records in the topic. */
    private static long records(KafkaBroker broker) {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 12; p++) {
                latest.put(new TopicPartition("rtmp-frames", p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
        } catch (Exception notYet) {
            return 0;
        }
    }

    private static List<Path> files(Path a, int stream, Path b) throws Exception {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(a, b)) {
            if (Files.isDirectory(dir.resolve("live"))) {
                try (Stream<Path> files = Files.list(dir.resolve("live"))) {
                    files.filter(f -> f.getFileName().toString().matches("s" + stream + "(-[0-9]+)?\\.flv"))
                            .sorted().forEach(all::add);
                }
            }
        }
        return all;
    }

    /** Size and hash of each packet, per track (video, audio). */
    private static List<List<String>> tracks(Path ffmpeg, Path file) throws Exception {
        List<List<String>> tracks = new ArrayList<>();
        for (String line : MediaTools.framemd5(ffmpeg, file, null)) {
            String[] f = line.split(",");
            int track = Integer.parseInt(f[0]);
            while (tracks.size() <= track) {
                tracks.add(new ArrayList<>());
            }
            tracks.get(track).add(f[4] + " " + f[5]);
        }
        return tracks;
    }

    private static void assertTail(List<List<String>> tail, List<List<String>> all) {
        assertThat(tail).hasSameSizeAs(all);
        for (int t = 0; t < all.size(); t++) {
            List<String> a = all.get(t);
            List<String> b = tail.get(t);
            assertThat(b).as("track %d joined mid-stream", t).isNotEmpty().hasSizeLessThan(a.size());
            assertThat(a.subList(a.size() - b.size(), a.size())).as("track %d is an exact tail", t)
                    .containsExactlyElementsOf(b);
        }
    }

    /** Which packets of a clip, per track, the files seen so far hold. */
    private static final class Coverage {
        private final List<List<String>> clip;
        private final List<boolean[]> held = new ArrayList<>();

        Coverage(List<List<String>> clip) {
            this.clip = clip;
            for (List<String> track : clip) {
                held.add(new boolean[track.size()]);
            }
        }

        /** Where each track of {@code packets} runs in the clip; null when not an exact run of it. */
        private int[] starts(List<List<String>> packets) {
            if (packets.size() != clip.size()) {
                return null;
            }
            int[] starts = new int[clip.size()];
            for (int t = 0; t < clip.size(); t++) {
                starts[t] = java.util.Collections.indexOfSubList(clip.get(t), packets.get(t));
                if (packets.get(t).isEmpty() || starts[t] < 0) {
                    return null;
                }
            }
            return starts;
        }

        boolean startsAtZero(List<List<String>> packets) {
            int[] starts = starts(packets);
            return starts != null && starts[0] == 0;
        }

        boolean add(List<List<String>> packets) {
            int[] starts = starts(packets);
            if (starts == null) {
                return false;
            }
            for (int t = 0; t < clip.size(); t++) {
                java.util.Arrays.fill(held.get(t), starts[t], starts[t] + packets.get(t).size(), true);
            }
            return true;
        }

        boolean empty() {
            return held.stream().noneMatch(h -> {
                for (boolean b : h) {
                    if (b) {
                        return true;
                    }
                }
                return false;
            });
        }

        boolean complete() {
            return held.stream().allMatch(h -> {
                for (boolean b : h) {
                    if (!b) {
                        return false;
                    }
                }
                return true;
            });
        }

        /** Held from the first packet of each track without a hole, and something held. */
        boolean prefix() {
            return held.stream().allMatch(h -> {
                int i = 0;
                while (i < h.length && h[i]) {
                    i++;
                }
                for (int j = i; j < h.length; j++) {
                    if (h[j]) {
                        return false;
                    }
                }
                return i > 0;
            });
        }
    }
}
