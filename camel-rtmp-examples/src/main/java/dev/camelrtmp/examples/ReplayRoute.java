package dev.camelrtmp.examples;

import java.nio.file.Path;

import dev.camelrtmp.dataformat.FlvDataFormat;
import org.apache.camel.builder.RouteBuilder;

/**
 * Publishes an FLV file to an RTMP server, at real time (paced by its timestamps) or as fast as the connection
 * takes it.
 */
public class ReplayRoute extends RouteBuilder {

    private final Path file;
    private final String target;
    private final boolean realtime;

    /**
     * @param file     the FLV file
     * @param target   where to publish: {@code rtmp://host:port/app/key}
     * @param realtime pace by timestamps
     */
    public ReplayRoute(Path file, String target, boolean realtime) {
        this.file = file;
        this.target = target;
        this.realtime = realtime;
    }

    @Override
    public void configure() {
        Path absolute = file.toAbsolutePath();
        from("file:" + absolute.getParent() + "?fileName=" + absolute.getFileName() + "&noop=true&idempotent=true")
                .routeId("replay")
                .log("Replaying ${header.CamelFileName} to " + target + (realtime ? " at real time" : ""))
                .unmarshal(new FlvDataFormat().realtime(realtime))
                .split(body()).streaming()
                    .to(target)
                .end()
                .log("Replay of ${header.CamelFileName} done");
    }
}
