package dev.camelrtmp.examples;

import org.apache.camel.main.Main;

/**
 * Runs the recorder: {@code java -jar camel-rtmp-examples.jar}. Environment: {@code RTMP_PORT} (default 1935),
 * {@code RECORDINGS_DIR} (default {@code ./recordings}), {@code FORWARD_TO} (an {@code rtmp://host:port/app} URL
 * to forward every stream to as well; unset to only record), {@code IDLE_TAKEOVER_SECONDS} (seconds without media
 * after which a restarted encoder takes its key over from the stalled publisher; 0 never; default 5).
 */
public final class RecorderMain {

    private RecorderMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        String port = System.getenv().getOrDefault("RTMP_PORT", "1935");
        String dir = System.getenv().getOrDefault("RECORDINGS_DIR", "./recordings");
        String forwardTo = System.getenv("FORWARD_TO");
        String idleTakeOver = System.getenv("IDLE_TAKEOVER_SECONDS");
        main.configure().addRoutesBuilder(new RecorderRoute("0.0.0.0", Integer.parseInt(port.trim()), dir,
                forwardTo, idleTakeOver == null ? null : Integer.valueOf(idleTakeOver.trim())));
        main.configure().withName("camel-rtmp-recorder");
        main.run(args);
    }
}
