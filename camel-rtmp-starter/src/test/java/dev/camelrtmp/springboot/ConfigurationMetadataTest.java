package dev.camelrtmp.springboot;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's configuration processor writes the starter's META-INF/spring-configuration-metadata.json (what IDEs
 * complete and document): every option with its description and default.
 */
class ConfigurationMetadataTest {

    @Test
    void metadataListsTheOptionsWithDescriptionAndDefault() throws Exception {
        Map<String, JsonObject> properties = starterMetadata();
        JsonObject keys = properties.get("camel.component.rtmp.allowed-stream-keys");
        assertThat(keys).as("allowed-stream-keys").isNotNull();
        assertThat(keys.get("type")).isEqualTo("java.lang.String");
        assertThat((String) keys.get("description")).startsWith("Comma-separated stream keys allowed to publish");
        assertThat(keys.get("defaultValue")).as("no default: every key").isNull();

        JsonObject max = properties.get("camel.component.rtmp.max-connections");
        assertThat(max).as("max-connections").isNotNull();
        assertThat(max.get("type")).isEqualTo("java.lang.Integer");
        assertThat((String) max.get("description")).startsWith("The most connections the listener holds");
        assertThat(max.get("defaultValue")).isEqualTo(new java.math.BigDecimal(10000));

        JsonObject gap = properties.get("camel.component.rtmp.reconnect-gap");
        assertThat(gap.get("defaultValue")).isEqualTo("drop-until-keyframe");
        assertThat(properties.get("camel.component.rtmp.publish-authorizer").get("type"))
                .isEqualTo("java.lang.String");
        assertThat(properties).containsKeys("camel.component.rtmp.enabled", "camel.component.flv.enabled",
                "camel.component.flv.lazy-start-producer", "camel.component.mp4.enabled", "camel.component.hls.enabled");
    }

    /** The properties of the metadata file that lists camel.component.rtmp (other jars have their own). */
    private static Map<String, JsonObject> starterMetadata() throws Exception {
        for (URL url : Collections.list(ConfigurationMetadataTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonObject json = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(),
                        StandardCharsets.UTF_8));
                Map<String, JsonObject> properties = new HashMap<>();
                for (Object property : (JsonArray) json.get("properties")) {
                    JsonObject p = (JsonObject) property;
                    properties.put((String) p.get("name"), p);
                }
                if (properties.containsKey("camel.component.rtmp.enabled")) {
                    return properties;
                }
            }
        }
        throw new AssertionError("no spring-configuration-metadata.json lists camel.component.rtmp");
    }
}
