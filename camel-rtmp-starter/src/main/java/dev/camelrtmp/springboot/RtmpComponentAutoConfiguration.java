package dev.camelrtmp.springboot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.component.FlvComponent;
import dev.camelrtmp.component.HlsComponent;
import dev.camelrtmp.component.Mp4Component;
import dev.camelrtmp.component.RtmpComponent;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.apache.camel.support.PropertyBindingSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * Applies the {@code camel.component.rtmp.*} properties that are set to the {@code rtmp} and {@code rtmps}
 * components, {@code camel.component.flv.*} to the {@code flv} component, {@code camel.component.mp4.*} to the
 * {@code mp4} component and {@code camel.component.hls.*} to the {@code hls} component, through Camel's property
 * binding (so {@code #name} references resolve to beans), as Camel's own starters do. A key under either prefix that names no
 * option makes startup fail ({@link UnknownComponentPropertyException}).
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ RtmpComponentConfiguration.class, FlvComponentConfiguration.class,
    Mp4ComponentConfiguration.class, HlsComponentConfiguration.class })
public class RtmpComponentAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpComponentAutoConfiguration.class);

    private static final ComponentProperties RTMP = new ComponentProperties("rtmp", RtmpComponentConfiguration.class);
    private static final ComponentProperties RTMPS = new ComponentProperties("rtmps",
            RtmpComponentConfiguration.class);
    private static final ComponentProperties FLV = new ComponentProperties("flv", FlvComponentConfiguration.class);
    private static final ComponentProperties MP4 = new ComponentProperties("mp4", Mp4ComponentConfiguration.class);
    private static final ComponentProperties HLS = new ComponentProperties("hls", HlsComponentConfiguration.class);

    private final Environment environment;

    /**
     * Checks the Environment's keys under {@code camel.component.rtmp}, {@code camel.component.rtmps},
     * {@code camel.component.flv}, {@code camel.component.mp4} and {@code camel.component.hls}.
     *
     * @throws UnknownComponentPropertyException when a key names no option
     */
    public RtmpComponentAutoConfiguration(Environment environment) {
        this.environment = environment;
        List<String> unknown = new ArrayList<>();
        if (enabled("rtmp")) {
            unknown.addAll(RTMP.unknownKeys(environment));
            // camel.component.rtmp.* configures the rtmps component too; Camel would read nothing under rtmps
            for (String key : RTMPS.allKeys(environment)) {
                unknown.add(key + ": camel.component.rtmp.* configures the rtmps component too");
            }
        }
        if (enabled("flv")) {
            unknown.addAll(FLV.unknownKeys(environment));
        }
        if (enabled("mp4")) {
            unknown.addAll(MP4.unknownKeys(environment));
        }
        if (enabled("hls")) {
            unknown.addAll(HLS.unknownKeys(environment));
        }
        if (!unknown.isEmpty()) {
            throw new UnknownComponentPropertyException(unknown);
        }
    }

    private boolean enabled(String scheme) {
        return HierarchicalPropertiesEvaluator.evaluate(environment, "camel.component", "camel.component." + scheme);
    }

    /** Applies the set {@code camel.component.rtmp.*} options to every RtmpComponent (schemes rtmp and rtmps). */
    @Lazy
    @Bean
    @ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.rtmp" })
    public ComponentCustomizer configureRtmpComponent(RtmpComponentConfiguration configuration) {
        return customizer("rtmp", RtmpComponent.class, RTMP, configuration);
    }

    /** Applies the set {@code camel.component.flv.*} options to the flv component. */
    @Lazy
    @Bean
    @ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.flv" })
    public ComponentCustomizer configureFlvComponent(FlvComponentConfiguration configuration) {
        return customizer("flv", FlvComponent.class, FLV, configuration);
    }

    /** Applies the set {@code camel.component.mp4.*} options to the mp4 component. */
    @Lazy
    @Bean
    @ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.mp4" })
    public ComponentCustomizer configureMp4Component(Mp4ComponentConfiguration configuration) {
        return customizer("mp4", Mp4Component.class, MP4, configuration);
    }

    /** Applies the set {@code camel.component.hls.*} options to the hls component. */
    @Lazy
    @Bean
    @ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.hls" })
    public ComponentCustomizer configureHlsComponent(HlsComponentConfiguration configuration) {
        return customizer("hls", HlsComponent.class, HLS, configuration);
    }

    private ComponentCustomizer customizer(String scheme, Class<? extends Component> type,
            ComponentProperties properties, Object configuration) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                Map<String, Object> options = properties.setOptions(environment, configuration);
                for (Map.Entry<String, Object> option : options.entrySet()) {
                    // one at a time, in order: configuration (a whole bean) before the options that refine it
                    PropertyBindingSupport.build()
                            .withCamelContext(target.getCamelContext())
                            .withTarget(target)
                            .withConfigurer(target.getComponentPropertyConfigurer())
                            .withIgnoreCase(true)
                            .withMandatory(true)
                            .withProperty(option.getKey(), option.getValue())
                            .bind();
                }
                if (!options.isEmpty()) {
                    LOG.debug("Component {} configured from camel.component.{}.*: {}", name, scheme,
                            options.keySet());
                }
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return type.isInstance(target) && HierarchicalPropertiesEvaluator.evaluate(environment,
                        "camel.component.customizer", "camel.component." + scheme + ".customizer");
            }
        };
    }
}
