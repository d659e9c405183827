package dev.camelrtmp.examples.quarkus;

import org.apache.camel.builder.RouteBuilder;

/**
 * Records every stream published to {@code rtmp://host:port/live/<key>} into {@code <recordings.dir>/live/<key>.flv}
 * and logs when each starts and ends. Which keys may publish, and every listener setting, are component options in
 * application.properties.
 */
public class RecorderRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("rtmp://{{rtmp.host}}:{{rtmp.port}}/live")
                .routeId("recorder")
                .to("flv:{{recordings.dir}}")
                .filter(header("CamelRtmpEvent").isNotNull())
                    .log("${header.CamelRtmpEvent} live/${header.CamelRtmpStreamKey} from "
                            + "${header.CamelRtmpClientAddress}: ${header.CamelFlvFileName}");
    }
}
