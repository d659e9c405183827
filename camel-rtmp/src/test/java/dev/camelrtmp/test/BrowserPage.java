package dev.camelrtmp.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.test.AvailablePortFinder;

/**
 * What a browser test needs around headless Chromium (Debian's {@code chromium}): a page server on loopback of the
 * test's own origin that serves the resources the test gives it, takes the page's reports
 * ({@code GET /report?name=value}) and posted bodies ({@code POST /post/<name>}), and opens the page in Chromium;
 * and JavaScript libraries from the npm registry ({@code npm pack}, into target/npm).
 */
public final class BrowserPage implements AutoCloseable {

    private record Resource(String type, Supplier<byte[]> body) {
    }

    private final HttpServer server;
    private final Map<String, Resource> resources = new ConcurrentHashMap<>();
    private final Map<String, String> reports = new ConcurrentHashMap<>();
    private final Map<String, byte[]> posts = new ConcurrentHashMap<>();

    private BrowserPage(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A page server, started. */
    public static BrowserPage start() throws IOException {
        return new BrowserPage(AvailablePortFinder.getNextAvailable());
    }

    /** A page server on {@code port} (chosen before, when the page's URL must be known earlier), started. */
    public static BrowserPage start(int port) throws IOException {
        return new BrowserPage(port);
    }

    /** Serves {@code body} (asked anew for each request) at {@code path}, any query. */
    public BrowserPage serve(String path, String type, Supplier<byte[]> body) {
        resources.put(path, new Resource(type, body));
        return this;
    }

    /** Serves a fixed text at {@code path}. */
    public BrowserPage serve(String path, String type, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return serve(path, type, () -> bytes);
    }

    /** Serves a file at {@code path}. */
    public BrowserPage serve(String path, String type, Path file) {
        return serve(path, type, () -> {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** {@code http://127.0.0.1:<port><pathAndQuery>}. */
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    /** What the page reported so far, by name (the latest value). */
    public Map<String, String> reports() {
        return reports;
    }

    /** A report as a number, or -1 before the page sent it. */
    public double number(String name) {
        String value = reports.get(name);
        return value == null ? -1 : Double.parseDouble(value);
    }

    /** The body the page posted to {@code /post/<name>} first, or null. */
    public byte[] posted(String name) {
        return posts.get(name);
    }

    /** Forgets the reports and posts (before the next page). */
    public void clear() {
        reports.clear();
        posts.clear();
    }

    /** Opens {@code pathAndQuery} of this server in headless Chromium with a profile in {@code profile}. */
    public Process open(Path chromium, Path profile, String pathAndQuery) throws IOException {
        Files.createDirectories(profile);
        return ProcessRunner.start(List.of(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--mute-audio",
                "--autoplay-policy=no-user-gesture-required", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", url(pathAndQuery)), null);
    }

    /** Ends a browser that {@link #open} started, with its child processes. */
    public static void close(Process browser) throws InterruptedException {
        if (browser != null) {
            browser.descendants().forEach(ProcessHandle::destroy);
            browser.destroy();
            browser.waitFor();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * A file of an npm package (e.g. {@code dist/hls.js}), fetched once with {@code npm pack} into target/npm and
     * kept as {@code <package>-<version>-<file name>}.
     */
    public static Path npmFile(Path npm, String pkg, String version, String file) throws Exception {
        Path dir = Files.createDirectories(Paths.get("target", "npm").toAbsolutePath());
        Path kept = dir.resolve(pkg + "-" + version + "-" + Paths.get(file).getFileName());
        if (!Files.exists(kept)) {
            Path tarball = dir.resolve(pkg + "-" + version + ".tgz");
            if (!Files.exists(tarball)) {
                ProcessRunner.run(List.of(npm.toString(), "pack", "--silent", pkg + "@" + version,
                        "--pack-destination", dir.toString()), null, 180).requireSuccess("npm pack " + pkg);
            }
            Path unpacked = Files.createDirectories(dir.resolve(pkg + "-" + version));
            ProcessRunner.run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString(),
                    "package/" + file), null, 60).requireSuccess("tar");
            Files.move(unpacked.resolve("package/" + file), kept);
        }
        return kept;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = new byte[0];
        String type = "text/plain";
        if (path.equals("/report")) {
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    reports.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        } else if (path.startsWith("/post/")) {
            posts.putIfAbsent(path.substring("/post/".length()), exchange.getRequestBody().readAllBytes());
        } else {
            Resource resource = resources.get(path);
            if (resource == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            body = resource.body().get();
            type = resource.type();
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
