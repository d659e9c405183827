package dev.camelrtmp.springboot;

import dev.camelrtmp.component.FlvComponent;
import dev.camelrtmp.component.HlsComponent;
import dev.camelrtmp.component.RtmpComponent;
import dev.camelrtmp.component.RtmpConfiguration;
import dev.camelrtmp.server.DuplicatePublish;
import dev.camelrtmp.server.PublishAuthorizer;
import dev.camelrtmp.server.PublishDecision;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration applies the set {@code camel.component.rtmp.*} and {@code camel.component.flv.*} keys to
 * the components, resolves {@code #name} references, leaves unset options alone and refuses unknown keys.
 */
class RtmpComponentAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class,
                    RtmpComponentAutoConfiguration.class));

    @Test
    void setOptionsReachTheRtmpRtmpsAndFlvComponents() {
        PublishAuthorizer authorizer = request -> PublishDecision.allow();
        SSLContextParameters tls = new SSLContextParameters();
        runner.withBean("myAuthorizer", PublishAuthorizer.class, () -> authorizer)
                .withBean("myTls", SSLContextParameters.class, () -> tls)
                .withPropertyValues(
                        "camel.component.rtmp.max-connections=7",
                        // relaxed binding: camelCase as camel-main writes it
                        "camel.component.rtmp.allowedStreamKeys=cam1,cam2",
                        "camel.component.rtmp.read-timeout=12000",
                        "camel.component.rtmp.duplicate-publish=take-over",
                        "camel.component.rtmp.publish-authorizer=#myAuthorizer",
                        "camel.component.rtmp.ssl-context-parameters=#bean:myTls",
                        "camel.component.flv.lazy-start-producer=true",
                        "camel.component.hls.lazy-start-producer=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CamelContext camel = context.getBean(CamelContext.class);
                    for (String scheme : new String[] { "rtmp", "rtmps" }) {
                        RtmpConfiguration configuration = camel.getComponent(scheme, RtmpComponent.class)
                                .getConfiguration();
                        assertThat(configuration.getMaxConnections()).as(scheme).isEqualTo(7);
                        assertThat(configuration.getAllowedStreamKeys()).as(scheme).isEqualTo("cam1,cam2");
                        assertThat(configuration.getReadTimeout()).as(scheme).isEqualTo(12_000);
                        assertThat(configuration.getDuplicatePublish()).as(scheme)
                                .isEqualTo(DuplicatePublish.TAKE_OVER);
                        assertThat(configuration.getPublishAuthorizer()).as(scheme).isSameAs(authorizer);
                        assertThat(configuration.getSslContextParameters()).as(scheme).isSameAs(tls);
                        assertThat(configuration.getMaxConnectionsPerAddress()).as(scheme + ": not set")
                                .isEqualTo(new RtmpConfiguration().getMaxConnectionsPerAddress());
                    }
                    assertThat(camel.getComponent("flv", FlvComponent.class).isLazyStartProducer()).isTrue();
                    assertThat(camel.getComponent("hls", HlsComponent.class).isLazyStartProducer()).isTrue();
                });
    }

    @Test
    void aConfigurationBeanKeepsWhatNoKeyOverrides() {
        RtmpConfiguration base = new RtmpConfiguration();
        base.setReadTimeout(4321);
        base.setMaxConnections(5);
        runner.withBean("baseRtmp", RtmpConfiguration.class, () -> base)
                .withPropertyValues("camel.component.rtmp.configuration=#baseRtmp",
                        "camel.component.rtmp.max-connections=9")
                .run(context -> {
                    RtmpConfiguration configuration = context.getBean(CamelContext.class)
                            .getComponent("rtmp", RtmpComponent.class).getConfiguration();
                    assertThat(configuration.getReadTimeout()).as("from the bean, not the default").isEqualTo(4321);
                    assertThat(configuration.getMaxConnections()).as("the key").isEqualTo(9);
                });
    }

    @Test
    void anUnknownKeyFailsStartupNamingItAndTheClosestOption() {
        runner.withPropertyValues("camel.component.rtmp.max-conections=5", "camel.component.rtmp.readTimeout=1000")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    UnknownComponentPropertyException unknown = cause(failure);
                    assertThat(unknown.getKeys()).hasSize(1);
                    assertThat(unknown.getMessage()).doesNotContain("\n")
                            .contains("camel.component.rtmp.max-conections")
                            .contains("did you mean camel.component.rtmp.max-connections?");
                    FailureAnalysis analysis = new UnknownComponentPropertyFailureAnalyzer().analyze(failure);
                    assertThat(analysis.getDescription()).isEqualTo(unknown.getMessage());
                });
    }

    @Test
    void unknownFlvKeysNestedKeysAndRtmpsKeysAreReportedToo() {
        runner.withPropertyValues("camel.component.flv.lazy-start=true",
                "camel.component.rtmp.configuration.max-connections=5",
                "camel.component.rtmps.max-connections=5",
                "camel.component.rtmp.customizer.enabled=true")
                .run(context -> {
                    UnknownComponentPropertyException unknown = cause(context.getStartupFailure());
                    assertThat(unknown.getKeys()).hasSize(3);
                    assertThat(unknown.getMessage())
                            .contains("camel.component.flv.lazy-start (")
                            .contains("did you mean camel.component.flv.lazy-start-producer?")
                            .contains("camel.component.rtmp.configuration.max-connections (")
                            .contains("camel.component.rtmps.max-connections (")
                            .contains("camel.component.rtmp.* configures the rtmps component too")
                            .doesNotContain("customizer");
                });
    }

    @Test
    void aDisabledComponentIsNeitherCheckedNorConfigured() {
        runner.withPropertyValues("camel.component.rtmp.enabled=false", "camel.component.rtmp.max-conections=5",
                "camel.component.rtmp.max-connections=7")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(CamelContext.class).getComponent("rtmp", RtmpComponent.class)
                            .getConfiguration().getMaxConnections())
                            .isEqualTo(new RtmpConfiguration().getMaxConnections());
                });
    }

    private static UnknownComponentPropertyException cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownComponentPropertyException unknown) {
                return unknown;
            }
        }
        throw new AssertionError("startup did not fail on an unknown key", failure);
    }
}
