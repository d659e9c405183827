package dev.camelrtmp.examples;

import java.nio.file.Path;

import org.apache.camel.main.Main;

/**
 * Replays an FLV file to an RTMP server, then exits:
 * {@code java -cp camel-rtmp-examples.jar dev.camelrtmp.examples.ReplayMain FILE rtmp://host:port/app/key [--fast]}.
 */
public final class ReplayMain {

    private ReplayMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ReplayMain FILE rtmp://host:port/app/key [--fast]");
        }
        boolean realtime = !(args.length > 2 && args[2].equals("--fast"));
        Main main = new Main();
        main.configure().addRoutesBuilder(new ReplayRoute(Path.of(args[0]), args[1], realtime));
        main.configure().withName("camel-rtmp-replay");
        main.configure().withDurationMaxMessages(1);
        main.run();
    }
}
