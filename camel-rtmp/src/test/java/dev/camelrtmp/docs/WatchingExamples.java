package dev.camelrtmp.docs;

import dev.camelrtmp.component.RtmpComponent;
import org.apache.camel.builder.RouteBuilder;

/** The examples of docs/watching.md, verbatim (DocSnippetsTest checks the page against this file). */
final class WatchingExamples {

    private WatchingExamples() {
    }

    static final class WatchAndRecord extends RouteBuilder {
        @Override
        public void configure() {
            from("rtmp://0.0.0.0:1935?lifecycleEvents=true&httpPort=8080")   // http://HOST:8080/<app>/<key>/index.m3u8
                .to("mp4:recordings");                                      // recordings/<app>/<key>.mp4
        }
    }

    static final class OwnHlsJs extends RouteBuilder {
        @Override
        public void configure() {
            RtmpComponent rtmp = getContext().getComponent("rtmp", RtmpComponent.class);
            rtmp.getConfiguration().setHlsPlayerScript("https://static.example.com/hls.js/1.7.4/hls.min.js");
            rtmp.getConfiguration().setHttpAllowOrigin("https://www.example.com");
            from("rtmp://0.0.0.0:1935/live?httpPort=8080").to("flv:recordings");
        }
    }
}
