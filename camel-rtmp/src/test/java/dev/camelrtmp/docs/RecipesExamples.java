package dev.camelrtmp.docs;

import dev.camelrtmp.dataformat.FlvDataFormat;
import org.apache.camel.builder.RouteBuilder;

/** The examples of docs/recipes.md, verbatim (DocSnippetsTest checks the page against this file). */
final class RecipesExamples {

    private RecipesExamples() {
    }

    static final class RecordEveryStream extends RouteBuilder {
        @Override
        public void configure() {
            from("rtmp://0.0.0.0:1935?lifecycleEvents=true")
                .to("flv:recordings");          // recordings/<app>/<key>.flv, then <key>-1.flv, ...
        }
    }

    static final class RecordFragmentedMp4 extends RouteBuilder {
        @Override
        public void configure() {
            from("rtmp://0.0.0.0:1935?lifecycleEvents=true")
                .to("mp4:recordings?fragmentDuration=1000");   // recordings/<app>/<key>.mp4, playable while written
        }
    }

    static final class Relay extends RouteBuilder {
        @Override
        public void configure() {
            from("rtmp://0.0.0.0:1935/live?lifecycleEvents=true")
                .to("rtmp://origin.example:1935/live");   // each stream under its own key
        }
    }

    static final class Restream extends RouteBuilder {
        @Override
        public void configure() {
            from("rtmp://0.0.0.0:1935/live/studio?lifecycleEvents=true")
                .multicast()
                    .to("rtmp://a.example/live/studio-a")
                    .to("rtmp://b.example/live/studio-b?reconnectGap=BUFFER&reconnectBufferSize=600")
                .end();
        }
    }

    static final class Rename extends RouteBuilder {
        @Override
        public void configure() {
            from("rtmp://0.0.0.0:1935/ingest?lifecycleEvents=true")
                .toD("rtmp://cdn.example/live/${header.CamelRtmpStreamKey}-hd");
        }
    }

    /** Compiled only: it reads a recording from the working directory. */
    static final class Replay extends RouteBuilder {
        @Override
        public void configure() {
            from("file:recordings/live?fileName=cam1.flv&noop=true")
                .unmarshal(new FlvDataFormat().realtime(true))    // paced by timestamps; false for as fast as possible
                .split(body()).streaming()
                    .to("rtmp://server.example:1935/live/replayed")
                .end();
        }
    }

    static final class RestreamToPlayers extends RouteBuilder {
        @Override
        public void configure() {
            from("rtmp://0.0.0.0:1935/live?lifecycleEvents=true")
                .filter(header("CamelRtmpMessageType").isNotEqualTo("AUDIO"))   // video and metadata only
                .to("rtmp://0.0.0.0:1935/out");       // players: rtmp://HOST:1935/out/<key>
        }
    }

    static final class ServeFile extends RouteBuilder {
        @Override
        public void configure() {
            from("file:recordings/live?fileName=cam1.flv&noop=true")
                .unmarshal(new FlvDataFormat().realtime(true))
                .split(body()).streaming()
                    .to("rtmp://0.0.0.0:1935/vod")    // players: rtmp://HOST:1935/vod/cam1
                .end();
        }
    }

    /** docs/component-reference.md: LL-HLS files for any web server. */
    static final class HlsFolder extends RouteBuilder {
        @Override
        public void configure() {
            from("rtmp://0.0.0.0:1935/live?lifecycleEvents=true")
                .to("hls:/srv/hls");   // /srv/hls/live/<key>/index.m3u8, for any web server
        }
    }

    /** docs/component-reference.md: ending a publish from the route. */
    static final class ClosePublish extends RouteBuilder {
        @Override
        public void configure() {
            from("rtmp://0.0.0.0:1935/live?lifecycleEvents=true")
                .filter(header("CamelRtmpStreamKey").startsWith("test"))
                    .setProperty("CamelRtmpClosePublish", constant("Test streams are not accepted here."));
        }
    }

    /** Compiled only: it needs camel-kafka and a broker. */
    static final class KeyFramesOnly extends RouteBuilder {
        @Override
        public void configure() {
            from("rtmp://0.0.0.0:1935/live")
                .filter(header("CamelRtmpKeyFrame").isEqualTo(true))
                .to("kafka:keyframes");
        }
    }
}
