package dev.camelrtmp.examples;

import dev.camelrtmp.component.FlvConstants;
import dev.camelrtmp.component.RtmpConstants;
import org.apache.camel.Predicate;
import org.apache.camel.builder.Builder;
import org.apache.camel.builder.PredicateBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;

/**
 * Records every stream published to {@code rtmp://host:RTMP_PORT/<app>/<key>} into
 * {@code RECORDINGS_DIR/<app>/<key>.flv} (a later publish of the same key gets {@code <key>-1.flv}, ...; names
 * are percent-encoded, see the flv: recorder), and logs one line when each stream starts and one when it ends, with
 * its frame counts, or why its recording failed; a refused publish is one line with its status. A publisher whose
 * recording fails (a full disk...) is told and disconnected. With a forward URL it also publishes every stream
 * {@code <app>/<key>} to {@code FORWARD_TO/<key>}. With an HTTP port every stream can also be watched as HTTP-FLV at
 * {@code http://host:HTTP_PORT/<app>/<key>.flv} and as LL-HLS at {@code http://host:HTTP_PORT/<app>/<key>/index.m3u8},
 * and the listener serves a player page at {@code http://host:HTTP_PORT/?stream=<app>/<key>}.
 */
public class RecorderRoute extends RouteBuilder {

    /** The route's id, and the name of the logger of its lines (Camel's log steps log under the route id). */
    public static final String ROUTE_ID = "recorder";

    private final String host;
    private final int port;
    private final String recordingsDir;
    private final String forwardTo;
    private final Integer idleTakeOverSeconds;
    private int httpPort;

    /**
     * @param host          the address to listen on
     * @param port          the RTMP port
     * @param recordingsDir the folder recordings are written under
     */
    public RecorderRoute(String host, int port, String recordingsDir) {
        this(host, port, recordingsDir, null);
    }

    /**
     * @param forwardTo an {@code rtmp://host:port/app} URL every stream {@code <app>/<key>} is also forwarded to,
     *                  as {@code forwardTo/<key>}; null or empty to only record
     */
    public RecorderRoute(String host, int port, String recordingsDir, String forwardTo) {
        this(host, port, recordingsDir, forwardTo, null);
    }

    /**
     * @param idleTakeOverSeconds seconds a live publisher may go without media before a new publisher of its key
     *                            (a restarted encoder) takes over instead of being refused (the consumer's
     *                            {@code idlePublisherTakeOver}); 0 never; null for the component's default
     */
    public RecorderRoute(String host, int port, String recordingsDir, String forwardTo, Integer idleTakeOverSeconds) {
        if (idleTakeOverSeconds != null && idleTakeOverSeconds < 0) {
            throw new IllegalArgumentException("the idle take-over time must be 0 (off) or more seconds, not "
                    + idleTakeOverSeconds);
        }
        this.host = host;
        this.port = port;
        this.recordingsDir = recordingsDir;
        this.forwardTo = forwardTo == null || forwardTo.isBlank() ? null : forwardTo.trim();
        this.idleTakeOverSeconds = idleTakeOverSeconds;
    }

    /**
     * Serves every stream over HTTP too (the consumer's {@code httpPort}): HTTP-FLV at
     * {@code http://host:httpPort/<app>/<key>.flv}, LL-HLS at {@code http://host:httpPort/<app>/<key>/index.m3u8} and
     * the player page at {@code http://host:httpPort/}; 0 (the default) serves no HTTP.
     *
     * @return this route
     */
    public RecorderRoute httpPort(int httpPort) {
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("the HTTP port must be 0 (off) or a port number, not " + httpPort);
        }
        this.httpPort = httpPort;
        return this;
    }

    @Override
    public void configure() {
        String takeOver = idleTakeOverSeconds == null ? "" : "&idlePublisherTakeOver=" + idleTakeOverSeconds * 1000L;
        String http = httpPort == 0 ? "" : "&httpPort=" + httpPort;
        RouteDefinition route = from("rtmp://" + host + ":" + port + "?lifecycleEvents=true" + takeOver + http)
                .routeId(ROUTE_ID)
                .to("flv:" + recordingsDir);
        if (forwardTo != null) {
            // no key in the URL: each stream is published under its own key (header CamelRtmpStreamKey)
            route.to(forwardTo);
        }
        logEvents(route, ", recording into ${header." + FlvConstants.FILE_NAME + "}",
                " recorded in ${header." + FlvConstants.FILE_NAME + "}");
    }

    /**
     * Logs one line for each lifecycle event that reaches {@code route}: a refused publish, a play's start and end,
     * a publish's start ({@code started} follows "Stream app/key started from address") and end, with its frame
     * counts ({@code ended} follows them), or why its recording failed.
     */
    static void logEvents(ProcessorDefinition<?> route, String started, String ended) {
        String stream = "Stream ${header." + RtmpConstants.APPLICATION + "}/${header." + RtmpConstants.STREAM_KEY
                + "}";
        String counts = "${header." + RtmpConstants.VIDEO_COUNT + "} video, ${header." + RtmpConstants.AUDIO_COUNT
                + "} audio, ${header." + RtmpConstants.DATA_COUNT + "} data messages";
        Predicate failed = Builder.header(FlvConstants.RECORD_ERROR).isNotNull();
        route.filter(Builder.header(RtmpConstants.MESSAGE_TYPE).isEqualTo(RtmpConstants.TYPE_EVENT))
                    .choice()
                        .when(Builder.header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PUBLISH_REFUSED))
                            .log(stream + " refused from ${header." + RtmpConstants.CLIENT_ADDRESS + "}: ${header."
                                    + RtmpConstants.STATUS_CODE + "} (${header." + RtmpConstants.STATUS_DESCRIPTION
                                    + "})")
                        .when(Builder.header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PLAY_START))
                            .log(stream + " played by ${header." + RtmpConstants.CLIENT_ADDRESS + "}")
                        .when(Builder.header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PLAY_END))
                            .log(stream + " play by ${header." + RtmpConstants.CLIENT_ADDRESS + "} ended (${header."
                                    + RtmpConstants.END_REASON + "}): ${header." + RtmpConstants.MESSAGES_SENT
                                    + "} messages sent, ${header." + RtmpConstants.MESSAGES_DROPPED
                                    + "} dropped as the player fell behind")
                        .when(PredicateBuilder.and(Builder.header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PUBLISH_START),
                                failed))
                            .log(stream + " started from ${header." + RtmpConstants.CLIENT_ADDRESS
                                    + "}, recording failed: ${header." + FlvConstants.RECORD_ERROR + "}")
                        .when(Builder.header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PUBLISH_START))
                            .log(stream + " started from ${header." + RtmpConstants.CLIENT_ADDRESS
                                    + "}" + started)
                        .when(failed)
                            .log(stream + " ended (${header." + RtmpConstants.END_REASON + "}): " + counts
                                    + "; recording failed: ${header." + FlvConstants.RECORD_ERROR + "}")
                        .otherwise()
                            .log(stream + " ended (${header." + RtmpConstants.END_REASON + "}): " + counts
                                    + ended)
                    .end()
                .end();
    }
}
