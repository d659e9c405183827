package dev.camelrtmp.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelrtmp.http.hls.HlsStream;
import dev.camelrtmp.server.DuplicatePublish;
import dev.camelrtmp.server.EndReason;
import dev.camelrtmp.server.MediaMessage;
import dev.camelrtmp.server.PlayDecision;
import dev.camelrtmp.server.PlayPolicy;
import dev.camelrtmp.server.PublishInfo;
import dev.camelrtmp.server.PublishStats;
import dev.camelrtmp.server.PublishTarget;
import dev.camelrtmp.server.RtmpServer;
import dev.camelrtmp.server.RtmpServerOptions;
import dev.camelrtmp.server.StreamListener;
import dev.camelrtmp.server.TrafficStatistics;
import dev.camelrtmp.test.LlHlsProbe;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HLS side of the HTTP listener with real clients (java.net.http and a raw HTTP/1.1 socket): an HlsStream fed
 * with fake parts of 200 ms on a timer thread (5 parts a segment), its playlist checked by the LL-HLS probe, a
 * blocking reload answered only after the asked part was added, 400 far ahead, 404s, keep-alive and pipelined
 * requests answered in order on one connection, and play authorization at the playlist.
 */
class HlsHttpTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HlsHttpTest.class);
    private static final long PART_MILLIS = 200;
    private static final int PARTS_PER_SEGMENT = 5;
    private static final byte[] INIT = "ftyp+moov of the test".getBytes(StandardCharsets.US_ASCII);

    private final int httpPort = AvailablePortFinder.getNextAvailable();
    private final ExecutorService delivery = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** System.nanoTime before each part "msn.index" was added. */
    private final Map<String, Long> addedAt = new ConcurrentHashMap<>();
    private final AtomicInteger partsAdded = new AtomicInteger();
    private final AtomicInteger authorizations = new AtomicInteger();
    private RtmpServer server;
    private HttpListener http;
    private HlsStream stream;

    private void start(PlayPolicy policy) throws Exception {
        RtmpServerOptions options = new RtmpServerOptions().host("127.0.0.1")
                .port(AvailablePortFinder.getNextAvailable()).httpPort(httpPort);
        server = new RtmpServer(options, delivery);
        server.start();
        server.register(new PublishTarget("live", null, new NoListener(), null, DuplicatePublish.REFUSE, 0,
                new TrafficStatistics(), policy));
        http = new HttpListener(server, options);
        http.start();
        stream = http.hlsStreams().create("live/cam", PART_MILLIS);
        stream.init(INIT, "avc1.64001f", 640, 360);
    }

    @AfterEach
    void stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        if (http != null) {
            http.stop();
        }
        if (server != null) {
            server.stop();
        }
        delivery.shutdown();
    }

    /** Adds the next part: n-th part of the stream, the first of each segment independent and starting it. */
    private void addPart() {
        int n = partsAdded.get();
        long msn = n / PARTS_PER_SEGMENT;
        int index = n % PARTS_PER_SEGMENT;
        addedAt.put(msn + "." + index, System.nanoTime());
        stream.addPart(payload(msn, index), PART_MILLIS, index == 0, index == 0);
        partsAdded.incrementAndGet();
    }

    private static byte[] payload(long msn, int index) {
        return String.format(Locale.ROOT, "moof+mdat %d.%d", msn, index).getBytes(StandardCharsets.US_ASCII);
    }

    private void feedOnTimer() {
        timer.scheduleAtFixedRate(this::addPart, 0, PART_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void stopFeeding() throws InterruptedException {
        timer.shutdown();
        assertThat(timer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private HttpResponse<byte[]> get(String file) throws Exception {
        return client.send(HttpRequest.newBuilder(url(file)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI url(String file) {
        return URI.create("http://127.0.0.1:" + httpPort + "/live/cam/" + file);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aPlaylistFedOnATimerPassesTheProbeAndItsUrisServeTheParts() throws Exception {
        start(PlayPolicy.OPEN);
        feedOnTimer();
        Wait.until("three segments", Duration.ofSeconds(30), () -> partsAdded.get() >= 3 * PARTS_PER_SEGMENT + 2);
        HttpResponse<byte[]> response = get("index.m3u8");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/vnd.apple.mpegurl");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("*");
        LlHlsProbe.Playlist playlist = LlHlsProbe.check(text(response));
        assertThat(playlist.targetDuration()).isEqualTo(1);
        assertThat(playlist.partTargetMillis()).isEqualTo(PART_MILLIS);
        assertThat(playlist.segments().get(0).map()).isEqualTo("init-1.mp4");

        HttpResponse<byte[]> init = get("init-1.mp4");
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(init.headers().firstValue("content-type")).hasValue("video/mp4");
        assertThat(init.body()).isEqualTo(INIT);

        LlHlsProbe.Segment complete = playlist.lastComplete();
        HttpResponse<byte[]> segment = get("seg-" + complete.msn() + ".m4s");
        assertThat(segment.statusCode()).isEqualTo(200);
        assertThat(segment.headers().firstValue("content-type")).hasValue("video/iso.segment");
        assertThat(segment.headers().firstValue("cache-control")).hasValue(HlsHandler.MEDIA_CACHE);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < PARTS_PER_SEGMENT; i++) {
            expected.write(payload(complete.msn(), i));
        }
        assertThat(segment.body()).isEqualTo(expected.toByteArray());
        for (LlHlsProbe.Part part : complete.parts()) {
            HttpResponse<byte[]> fetched = get(part.uri());
            assertThat(fetched.statusCode()).isEqualTo(200);
            String[] numbers = part.uri().substring(5, part.uri().length() - 4).split("\\.");
            assertThat(fetched.body()).isEqualTo(payload(Long.parseLong(numbers[0]), Integer.parseInt(numbers[1])));
        }

        // playlists along the way stay consistent: numbering goes on, the hint names the next part
        long lastMsn = playlist.last().msn();
        for (int i = 0; i < 5; i++) {
            LlHlsProbe.Playlist later = LlHlsProbe.check(text(get("index.m3u8")));
            assertThat(later.last().msn()).isGreaterThanOrEqualTo(lastMsn);
            lastMsn = later.last().msn();
        }

        assertThat(get("seg-999.m4s").statusCode()).isEqualTo(404);
        assertThat(get("init-7.mp4").statusCode()).isEqualTo(404);
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/live/other/index.m3u8")).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aBlockingReloadIsAnsweredOnlyOnceTheAskedPartWasAdded() throws Exception {
        start(PlayPolicy.OPEN);
        feedOnTimer();
        Wait.until("two segments", Duration.ofSeconds(30), () -> partsAdded.get() >= 2 * PARTS_PER_SEGMENT + 1);
        // ask, while the timer feeds, for the part three parts past the live edge
        LlHlsProbe.Playlist now = LlHlsProbe.check(text(get("index.m3u8")));
        long msn = now.last().msn() + 1;
        int part = 1;
        HttpResponse<byte[]> blocked = get("index.m3u8?_HLS_msn=" + msn + "&_HLS_part=" + part);
        long answeredAt = System.nanoTime();
        assertThat(blocked.statusCode()).isEqualTo(200);
        LlHlsProbe.Playlist answer = LlHlsProbe.check(text(blocked));
        assertThat(answer.hasPart(msn, part)).isTrue();
        assertThat(addedAt.get(msn + "." + part)).as("added before the answer").isLessThan(answeredAt);
        stopFeeding();

        // without the timer: the request waits (the stream holds it) until the test adds the part
        int next = partsAdded.get();
        long nextMsn = next / PARTS_PER_SEGMENT;
        int nextPart = next % PARTS_PER_SEGMENT;
        CompletableFuture<HttpResponse<byte[]>> waiting = client.sendAsync(HttpRequest.newBuilder(
                url("index.m3u8?_HLS_msn=" + nextMsn + "&_HLS_part=" + nextPart)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        Wait.until("the request waits", Duration.ofSeconds(30), () -> stream.waiting() == 1);
        assertThat(waiting).isNotDone();
        addPart();
        HttpResponse<byte[]> released = waiting.get(30, TimeUnit.SECONDS);
        assertThat(LlHlsProbe.check(text(released)).hasPart(nextMsn, nextPart)).isTrue();

        // a hinted part is fetched before it exists: the answer is the part, once added
        LlHlsProbe.Playlist hinting = LlHlsProbe.check(text(released));
        assertThat(hinting.preloadHint()).isNotNull();
        CompletableFuture<HttpResponse<byte[]>> hinted = client.sendAsync(HttpRequest.newBuilder(
                url(hinting.preloadHint())).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Wait.until("the part request waits", Duration.ofSeconds(30), () -> stream.waiting() == 1);
        int hintedIndex = partsAdded.get() % PARTS_PER_SEGMENT;
        long hintedMsn = partsAdded.get() / PARTS_PER_SEGMENT;
        addPart();
        HttpResponse<byte[]> fetched = hinted.get(30, TimeUnit.SECONDS);
        if (hintedIndex == 0) {
            assertThat(fetched.statusCode()).as("a new segment started instead of the hinted part").isEqualTo(404);
        } else {
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).isEqualTo(payload(hintedMsn, hintedIndex));
        }

        // more than two segments ahead: 400 at once; a bad directive: 400
        long last = LlHlsProbe.check(text(get("index.m3u8"))).last().msn();
        assertThat(get("index.m3u8?_HLS_msn=" + (last + 3)).statusCode()).isEqualTo(400);
        assertThat(get("index.m3u8?_HLS_part=1").statusCode()).isEqualTo(400);
        assertThat(get("index.m3u8?_HLS_msn=x").statusCode()).isEqualTo(400);
        assertThat(stream.waiting()).isZero();
    }

    @Test
    void blockingReloadsOnOneConnectionFollowThePartsAsTheyCome() throws Exception {
        start(PlayPolicy.OPEN);
        addPart();
        List<Long> delays = new ArrayList<>();
        try (RawHttp raw = new RawHttp(httpPort)) {
            for (int i = 0; i < 20; i++) {
                int next = partsAdded.get();
                raw.send("/live/cam/index.m3u8?_HLS_msn=" + next / PARTS_PER_SEGMENT + "&_HLS_part="
                        + next % PARTS_PER_SEGMENT);
                Wait.until("the reload waits", Duration.ofSeconds(30), () -> stream.waiting() == 1);
                addPart();
                RawHttp.Response answer = raw.read();
                assertThat(LlHlsProbe.check(answer.text()).hasPart(next / PARTS_PER_SEGMENT,
                        next % PARTS_PER_SEGMENT)).isTrue();
                long added = addedAt.get(next / PARTS_PER_SEGMENT + "." + next % PARTS_PER_SEGMENT);
                assertThat(answer.receivedAt()).isGreaterThan(added);
                delays.add(answer.receivedAt() - added);
            }
        }
        delays.sort(null);
        LOG.info("Blocking reload answered {} us (median), {} us (max) after the part was added",
                delays.get(delays.size() / 2) / 1000, delays.get(delays.size() - 1) / 1000);
    }

    @Test
    void aBlockingReloadThatIsNotAnsweredInThreeTargetDurationsGets503() throws Exception {
        start(PlayPolicy.OPEN);
        for (int i = 0; i < PARTS_PER_SEGMENT + 1; i++) {
            addPart();
        }
        long started = System.nanoTime();
        HttpResponse<byte[]> response = get("index.m3u8?_HLS_msn=2");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).hasValue("1");
        assertThat(System.nanoTime() - started).as("held about three target durations")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(stream.blockTimeoutMillis()));
        assertThat(stream.waiting()).isZero();
    }

    @Test
    void oneConnectionAnswersManyPipelinedRequestsInOrder() throws Exception {
        start(PlayPolicy.OPEN);
        for (int i = 0; i < PARTS_PER_SEGMENT + 2; i++) {
            addPart();
        }
        try (RawHttp raw = new RawHttp(httpPort)) {
            // a blocking reload first, then requests that could be answered at once: they wait their turn
            raw.send("/live/cam/index.m3u8?_HLS_msn=1&_HLS_part=2", "/live/cam/init-1.mp4",
                    "/live/cam/part-1.1.m4s", "/live/cam/seg-0.m4s", "/live/cam/nothing", "/live/cam/index.m3u8");
            Wait.until("the reload waits", Duration.ofSeconds(30), () -> stream.waiting() == 1);
            long added = System.nanoTime();
            addPart(); // part 1.2
            RawHttp.Response first = raw.read();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.receivedAt()).isGreaterThan(added);
            assertThat(LlHlsProbe.check(first.text()).hasPart(1, 2)).isTrue();
            RawHttp.Response init = raw.read();
            assertThat(init.status()).isEqualTo(200);
            assertThat(init.body()).isEqualTo(INIT);
            assertThat(raw.read().body()).isEqualTo(payload(1, 1));
            assertThat(raw.read().body().length).isEqualTo(PARTS_PER_SEGMENT * payload(0, 0).length);
            assertThat(raw.read().status()).isEqualTo(404); // not HLS: answered by the HTTP-FLV side
            assertThat(LlHlsProbe.check(raw.read().text()).hasPart(1, 2)).isTrue();
            // and the connection goes on after that
            raw.send("/live/cam/part-0.0.m4s");
            assertThat(raw.read().body()).isEqualTo(payload(0, 0));
            // a request with a body waits behind a blocking one (its body dropped, released)
            raw.sendRaw("GET /live/cam/index.m3u8?_HLS_msn=1&_HLS_part=3 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET /live/cam/part-0.1.m4s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello");
            Wait.until("the reload waits", Duration.ofSeconds(30), () -> stream.waiting() == 1);
            addPart(); // part 1.3
            assertThat(LlHlsProbe.check(raw.read().text()).hasPart(1, 3)).isTrue();
            assertThat(raw.read().body()).isEqualTo(payload(0, 1));
        }
    }

    @Test
    void curlFetchesPlaylistInitAndPartsOverOneConnection() throws Exception {
        start(PlayPolicy.OPEN);
        for (int i = 0; i < PARTS_PER_SEGMENT + 1; i++) {
            addPart(); // segment 0 complete: a plain playlist request is answered at once
        }
        ProcessResult curl = ProcessRunner.run(List.of(Peers.require("curl", "apt-get install curl").toString(),
                "--http1.1", "-s", "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null",
                "-w", "%{http_code} %{num_connects}\\n", url("index.m3u8").toString(), url("init-1.mp4").toString(),
                url("part-0.1.m4s").toString(), url("index.m3u8?_HLS_msn=0&_HLS_part=2").toString()), null, 60)
                .requireSuccess("curl");
        // one connection made for the first request, reused by the others
        assertThat(curl.stdout().split("\n")).containsExactly("200 1", "200 0", "200 0", "200 0");
    }

    @Test
    void thePlaylistIsAuthorizedOncePerConnectionAndStreamName() throws Exception {
        start(new PlayPolicy(true, request -> {
            authorizations.incrementAndGet();
            return "good".equals(request.queryParameters().get("token")) && !request.streamName().contains("_HLS_")
                    ? PlayDecision.allow() : PlayDecision.deny(null, "Bad token.");
        }, true));
        for (int i = 0; i < PARTS_PER_SEGMENT + 1; i++) {
            addPart(); // segment 0 complete: a plain playlist request is answered at once
        }
        try (RawHttp raw = new RawHttp(httpPort)) {
            raw.send("/live/cam/index.m3u8?token=bad");
            RawHttp.Response refused = raw.read();
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.text()).contains("Bad token.");
            raw.send("/live/cam/index.m3u8?token=good", "/live/cam/index.m3u8?token=good&_HLS_msn=0&_HLS_part=1",
                    "/live/cam/part-0.0.m4s");
            assertThat(raw.read().status()).isEqualTo(200);
            assertThat(raw.read().status()).isEqualTo(200);
            assertThat(raw.read().status()).as("parts are not authorized").isEqualTo(200);
        }
        assertThat(authorizations.get()).isEqualTo(2);
        assertThat(get("index.m3u8").statusCode()).isEqualTo(403);
    }

    @Test
    void aKeyPastMaxNameLengthIsNotFoundWithoutAskingTheAuthorizer() throws Exception {
        start(new PlayPolicy(true, request -> {
            authorizations.incrementAndGet();
            return PlayDecision.allow();
        }, true));
        String key = "k".repeat(new RtmpServerOptions().maxNameLength() + 1);
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/live/" + key + "/index.m3u8")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(authorizations.get()).isZero();
    }

    @Test
    void aPathNobodyMayPlayIsRefused() throws Exception {
        start(new PlayPolicy(false, null, true));
        addPart();
        HttpResponse<byte[]> response = get("index.m3u8");
        assertThat(response.statusCode()).isEqualTo(403);
        http.hlsStreams().remove("live/cam");
        assertThat(get("part-0.0.m4s").statusCode()).isEqualTo(404);
    }

    /** A plain HTTP/1.1 client on one socket: pipelined GETs, responses read in order by Content-Length. */
    private static final class RawHttp implements AutoCloseable {

        record Response(int status, Map<String, String> headers, byte[] body, long receivedAt) {
            String text() {
                return new String(body, StandardCharsets.UTF_8);
            }
        }

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        RawHttp(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void sendRaw(String requests) throws IOException {
            out.write(requests.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void send(String... paths) throws IOException {
            StringBuilder requests = new StringBuilder();
            for (String path : paths) {
                requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            }
            out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        Response read() throws IOException {
            String statusLine = line();
            assertThat(statusLine).startsWith("HTTP/1.1 ");
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            assertThat(headers).as("keep-alive, with a length").containsKey("content-length")
                    .doesNotContainEntry("connection", "close");
            byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            return new Response(status, headers, body, System.nanoTime());
        }

        private String line() throws IOException {
            List<Byte> bytes = new ArrayList<>();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    bytes.add((byte) b);
                }
            }
            byte[] line = new byte[bytes.size()];
            for (int i = 0; i < line.length; i++) {
                line[i] = bytes.get(i);
            }
            return new String(line, StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final class NoListener implements StreamListener {
        @Override
        public void onPublishStart(PublishInfo stream) {
        }

        @Override
        public void onMessage(PublishInfo stream, MediaMessage message) {
        }

        @Override
        public void onPublishEnd(PublishInfo stream, EndReason reason, PublishStats stats) {
        }
    }
}
