package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.http.hls.HlsStream;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.Fmp4Clip;
import dev.camelrtmp.test.HlsTestServer;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain HLS player on the LL-HLS playlist: FFmpeg's hls demuxer (which ignores the parts) reads a stream fed in
 * real time with the fragments of an fMP4 file that FFmpeg made from a clip (one fragment per part, a segment at
 * each key frame), and gets every packet of that file, payloads identical, in order.
 */
class HlsFfmpegPlayTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private HlsTestServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ffmpegPlaysTheSegmentsOfTheSamePlaylistPacketForPacket() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Fmp4Clip clip = Fmp4Clip.of(Clips.h264Aac(4), dir);
        server = new HlsTestServer(20);
        HlsStream stream = server.create("cam");
        stream.init(clip.init(), "avc1.64000d,mp4a.40.2", 320, 240);

        // two segments' worth at once, the rest in real time while FFmpeg reads, then the publisher ends
        Feeder feeder = new Feeder(stream, clip.fragments());
        while (feeder.fed() < 12) {
            feeder.run();
        }
        timer.scheduleAtFixedRate(feeder, 0, 200, TimeUnit.MILLISECONDS);

        // it reloads every half target duration while nothing new is there: 10 times is 5 s after the end
        List<String> command = List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error",
                "-live_start_index", "0", "-m3u8_hold_counters", "10", "-i", server.playlistUrl("cam"),
                "-map", "0:v?", "-map", "0:a?", "-c", "copy", "-f", "framemd5", "-");
        ProcessResult played = ProcessRunner.run(command, null, 120).requireSuccess("ffmpeg reading the playlist");
        assertThat(feeder.ended()).as("FFmpeg read to the end of the feed").isTrue();
        List<String> expected = MediaTools.framemd5(ffmpeg, clip.file(), null);
        assertThat(packets(played.stdout())).hasSize(expected.size()).containsExactlyElementsOf(
                expected.stream().map(HlsFfmpegPlayTest::withoutTimestamps).toList());
    }

    /** Adds one fragment a call as a part (a key frame starts a segment); ends the stream after the last. */
    static final class Feeder implements Runnable {
        private final HlsStream stream;
        private final List<Fmp4Clip.Fragment> fragments;
        private volatile int next;

        Feeder(HlsStream stream, List<Fmp4Clip.Fragment> fragments) {
            this.stream = stream;
            this.fragments = fragments;
        }

        @Override
        public void run() {
            int i = next;
            if (i < fragments.size()) {
                Fmp4Clip.Fragment fragment = fragments.get(i);
                stream.addPart(fragment.data(), fragment.durationMillis(), fragment.keyFrame(), fragment.keyFrame());
            } else if (i == fragments.size()) {
                stream.end();
            } else {
                return;
            }
            next = i + 1;
        }

        int fed() {
            return next;
        }

        boolean ended() {
            return next > fragments.size();
        }
    }

    /** The packet lines of framemd5 output without dts, pts and duration: stream, size, hash. */
    private static List<String> packets(String framemd5) {
        List<String> packets = new ArrayList<>();
        for (String line : framemd5.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                packets.add(withoutTimestamps(line));
            }
        }
        return packets;
    }

    private static String withoutTimestamps(String line) {
        String[] fields = Arrays.stream(line.split(",")).map(String::trim).toArray(String[]::new);
        return fields[0] + "," + fields[4] + "," + fields[5];
    }
}
