package dev.camelrtmp.component;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.server.RtmpServerOptions;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.RawRtmp;
import dev.camelrtmp.test.Wait;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.UriParam;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Options set on the component, as camel-main, Spring Boot and Quarkus set {@code camel.component.rtmp.*}, are what
 * every endpoint starts from; one listener has one configuration.
 */
class ComponentConfigurationTest {

    private final int port = AvailablePortFinder.getNextAvailable();

    @Test
    void camelMainAppliesListenerAndAuthorizationOptionsFromProperties() throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.component.rtmp.maxConnectionsPerAddress", "2");
        main.addInitialProperty("camel.component.rtmp.allowed-stream-keys", "cam1,cam2");
        main.addInitialProperty("camel.component.rtmp.lifecycleEvents", "true");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "/live").to("mock:live");
            }
        });
        main.start();
        try {
            CamelContext context = main.getCamelContext();
            RtmpConfiguration configuration = context.getComponent("rtmp", RtmpComponent.class).getConfiguration();
            assertThat(configuration.getMaxConnectionsPerAddress()).isEqualTo(2);
            assertThat(configuration.getAllowedStreamKeys()).isEqualTo("cam1,cam2");

            MockEndpoint live = context.getEndpoint("mock:live", MockEndpoint.class);
            assertThat(publish("live/cam1").exitCode()).isZero();
            ProcessResult refused = publish("live/cam9");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr()).contains("is not allowed");
            Wait.until("the refusal event", Duration.ofSeconds(10), () -> live.getExchanges().stream()
                    .anyMatch(e -> RtmpConstants.PUBLISH_REFUSED.equals(e.getIn().getHeader(RtmpConstants.EVENT))));

            List<RawRtmp> allowed = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    allowed.add(new RawRtmp(port).handshake());
                }
                try (RawRtmp third = new RawRtmp(port)) {
                    assertThat(third.closedWithin(Duration.ofSeconds(5))).as("a third connection").isTrue();
                }
            } finally {
                for (RawRtmp c : allowed) {
                    c.close();
                }
            }
        } finally {
            main.stop();
        }
    }

    private ProcessResult publish(String path) throws Exception {
        return ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                Clips.h264Aac(6).toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/" + path),
                null, 60);
    }

    @Test
    void flvOptionsSetOnTheComponentAreEveryEndpointsDefaults() throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.component.flv.on-record-error", "CONTINUE_UNRECORDED");
        main.addInitialProperty("camel.component.flv.stripSetDataFrame", "false");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:a").to("flv:target/flv-a");
                from("direct:b").to("flv:target/flv-b?onRecordError=CLOSE_PUBLISHER");
            }
        });
        main.start();
        try {
            CamelContext context = main.getCamelContext();
            FlvEndpoint a = context.getEndpoint("flv:target/flv-a", FlvEndpoint.class);
            FlvEndpoint b = context.getEndpoint("flv:target/flv-b?onRecordError=CLOSE_PUBLISHER", FlvEndpoint.class);
            assertThat(a.getOnRecordError()).isEqualTo(RecordErrorAction.CONTINUE_UNRECORDED);
            assertThat(a.isStripSetDataFrame()).isFalse();
            assertThat(b.getOnRecordError()).as("the endpoint's own").isEqualTo(RecordErrorAction.CLOSE_PUBLISHER);
        } finally {
            main.stop();
        }
    }

    @Test
    void endpointParametersOverrideTheComponentsDefaults() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            RtmpComponent component = new RtmpComponent();
            component.getConfiguration().setMaxConnections(5);
            component.getConfiguration().setReadTimeout(12_000);
            context.addComponent("rtmp", component);
            RtmpEndpoint endpoint = context.getEndpoint("rtmp://127.0.0.1:" + port + "/live?readTimeout=7000",
                    RtmpEndpoint.class);
            assertThat(endpoint.getConfiguration().getMaxConnections()).isEqualTo(5);
            assertThat(endpoint.getConfiguration().getReadTimeout()).isEqualTo(7000);
            assertThat(component.getConfiguration().getReadTimeout()).as("the component's own").isEqualTo(12_000);
        }
    }

    @Test
    void consumersAskingOneListenerForDifferentSettingsFailToStart() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("rtmp://127.0.0.1:" + port + "/a?maxConnections=5").routeId("a").to("mock:a");
                    from("rtmp://127.0.0.1:" + port + "/b?maxConnections=6&lifecycleEvents=true").routeId("b")
                            .to("mock:b");
                }
            });
            assertThatThrownBy(context::start).hasStackTraceContaining("rtmp://127.0.0.1:" + port + "/a")
                    .hasStackTraceContaining("rtmp://127.0.0.1:" + port + "/b")
                    .hasStackTraceContaining("maxConnections 6 instead of 5");
        }
    }

    @Test
    void consumersAgreeingOnTheListenerShareIt() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // per-consumer options may differ; listener options are the same
                    from("rtmp://127.0.0.1:" + port + "/a?maxConnections=5").to("mock:a");
                    from("rtmp://127.0.0.1:" + port + "/b?maxConnections=5&lifecycleEvents=true&duplicatePublish="
                            + "TAKE_OVER").to("mock:b");
                }
            });
            context.start();
            assertThat(context.getRoutes()).hasSize(2);
        }
    }

    @Test
    void aServingProducerJoinsTheListenerItsRoutesConsumerStartsWithItsOwnSettings() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // the producer starts before its route's consumer, but joins the listener only after it
                    from("rtmp://127.0.0.1:" + port + "/live?maxConnections=5").to("rtmp://127.0.0.1:" + port
                            + "/out?serve=true");
                }
            });
            context.start();
            assertThat(Wait.accepts(port)).isTrue();
            context.getRouteController().stopRoute(context.getRoutes().get(0).getRouteId());
            Wait.until("port " + port + " free once consumer and producer stopped", Duration.ofSeconds(20),
                    () -> !Wait.accepts(port));
        }
    }

    @Test
    void aServingProducerNamingOtherListenerSettingsFailsToStart() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("rtmp://127.0.0.1:" + port + "/live?maxConnections=5").to("rtmp://127.0.0.1:" + port
                            + "/out?serve=true&maxConnections=6");
                }
            });
            assertThatThrownBy(context::start).hasStackTraceContaining("rtmp://127.0.0.1:" + port + "/out")
                    .hasStackTraceContaining("maxConnections 6 instead of 5");
        }
    }

    /** Every option that reaches the listener's settings is labelled listener, so that consumers are checked on it. */
    @Test
    void everyOptionThatConfiguresTheListenerIsLabelledSo() throws Exception {
        RtmpConfiguration defaults = new RtmpConfiguration();
        Map<String, Object> base = serverOptions(defaults);
        for (Field field : RtmpConfiguration.class.getDeclaredFields()) {
            UriParam param = field.getAnnotation(UriParam.class);
            if (param == null || !(field.getType() == int.class || field.getType() == long.class
                    || field.getType() == boolean.class)) {
                continue;
            }
            RtmpConfiguration changed = defaults.copy();
            field.setAccessible(true);
            if (field.getType() == boolean.class) {
                field.setBoolean(changed, !field.getBoolean(changed));
            } else if (field.getType() == int.class) {
                field.setInt(changed, field.getInt(changed) + 1);
            } else {
                field.setLong(changed, field.getLong(changed) + 1);
            }
            boolean reachesListener = !serverOptions(changed).equals(base);
            if (reachesListener) {
                assertThat(param.label()).as(field.getName() + " configures the listener").contains("listener");
            }
        }
    }

    private static Map<String, Object> serverOptions(RtmpConfiguration configuration) throws Exception {
        RtmpServerOptions options = configuration.toServerOptions(null);
        Map<String, Object> values = new java.util.TreeMap<>();
        for (Field field : RtmpServerOptions.class.getDeclaredFields()) {
            if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                values.put(field.getName(), field.get(options));
            }
        }
        return values;
    }
}
