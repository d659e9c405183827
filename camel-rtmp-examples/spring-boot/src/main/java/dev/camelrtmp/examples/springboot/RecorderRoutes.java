package dev.camelrtmp.examples.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Records every stream published to {@code rtmp://host:port/live/<key>} into {@code <recordings.dir>/live/<key>.flv}
 * and logs when each starts and ends. Which keys may publish, and every listener setting, are component options in
 * application.properties.
 */
@Component
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
