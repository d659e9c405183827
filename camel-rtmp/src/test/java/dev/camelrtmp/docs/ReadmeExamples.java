package dev.camelrtmp.docs;

import org.apache.camel.builder.RouteBuilder;

/** The examples of README.md, verbatim (DocSnippetsTest checks the page against this file). */
final class ReadmeExamples {

    private ReadmeExamples() {
    }

    /** "A first route". */
    static final class FirstRoute extends RouteBuilder {
        @Override
        public void configure() {
            from("rtmp://0.0.0.0:1935/live")
                .filter(header("CamelRtmpKeyFrame").isEqualTo(true))
                .log("key frame of ${header.CamelRtmpStreamKey} at ${header.CamelRtmpTimestamp} ms, ${length()} bytes");
        }
    }
}
