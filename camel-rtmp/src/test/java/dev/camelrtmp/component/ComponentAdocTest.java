package dev.camelrtmp.component;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component pages in Camel's format ({@code src/main/docs/<scheme>-component.adoc}) carry the option and header
 * tables of the metadata Camel's plugin generates (rtmp.json, flv.json), between the markers
 * {@code // component options: START} and {@code // component options: END}. This test renders them and fails
 * when a page differs; {@code -Dadoc.update=true} writes them.
 */
class ComponentAdocTest {

    private static final String START = "// component options: START";
    private static final String END = "// component options: END";

    @ParameterizedTest
    @ValueSource(strings = { "rtmp", "flv", "mp4", "hls" })
    void pageCarriesTheGeneratedTables(String scheme) throws Exception {
        JsonObject json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/dev/camelrtmp/component/" + scheme
                + ".json")) {
            assertThat(in).as(scheme + ".json").isNotNull();
            json = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Path page = Path.of("src", "main", "docs", scheme + "-component.adoc");
        String text = Files.readString(page, StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start).as(page + " has the marker " + START).isNotNegative();
        assertThat(end).as(page + " has the marker " + END).isGreaterThan(start);
        String rendered = text.substring(0, start) + START + "\n" + tables(json) + END + text.substring(end
                + END.length());
        if (Boolean.getBoolean("adoc.update") && !text.equals(rendered)) {
            Files.writeString(page, rendered, StandardCharsets.UTF_8);
            text = rendered;
        }
        assertThat(text).as(page + " is in step with " + scheme + ".json (run with -Dadoc.update=true)")
                .isEqualTo(rendered);
    }

    private static String tables(JsonObject json) {
        JsonObject component = (JsonObject) json.get("component");
        String title = String.valueOf(component.get("title"));
        StringBuilder out = new StringBuilder();
        table(out, "Component options", "The " + title + " component supports %d options, which are listed below. "
                + "Set them as `camel.component." + component.get("scheme") + ".<option>` properties or on the "
                + "component bean.", (JsonObject) json.get("componentProperties"), true);
        JsonObject properties = (JsonObject) json.get("properties");
        JsonObject paths = new JsonObject();
        JsonObject parameters = new JsonObject();
        properties.forEach((name, value) -> ("path".equals(((Map<?, ?>) value).get("kind")) ? paths : parameters)
                .put(name, value));
        table(out, "Path parameters", "The " + title + " endpoint is configured using URI syntax `"
                + component.get("syntax") + "` with %d path parameters:", paths, false);
        table(out, "Query parameters", "The " + title + " endpoint supports %d query parameters:", parameters, true);
        JsonObject headers = (JsonObject) json.get("headers");
        if (headers != null && !headers.isEmpty()) {
            out.append("=== Message headers\n\nThe ").append(title).append(" component uses ")
                    .append(headers.size()).append(" message headers:\n\n")
                    .append("[width=\"100%\",cols=\"2,5,2\",options=\"header\"]\n|===\n| Name | Description | Type\n");
            headers.forEach((name, value) -> {
                Map<?, ?> h = (Map<?, ?>) value;
                out.append("| `").append(name).append("` | ").append(cell(h.get("description"))).append(" | ")
                        .append(cell(h.get("javaType"))).append('\n');
            });
            out.append("|===\n\n");
        }
        return out.toString();
    }

    private static void table(StringBuilder out, String heading, String intro, JsonObject options, boolean group) {
        if (options == null || options.isEmpty()) {
            return;
        }
        out.append("=== ").append(heading).append("\n\n").append(String.format(intro, options.size())).append("\n\n")
                .append("[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n")
                .append("| Name | Description | Default | Type\n");
        List<String> names = options.keySet().stream().sorted().toList();
        for (String name : names) {
            Map<?, ?> o = (Map<?, ?>) options.get(name);
            out.append("| *").append(name).append("*").append(group ? " (" + o.get("group") + ")" : "")
                    .append(" | ").append(cell(o.get("description")))
                    .append(" | ").append(o.get("defaultValue") == null ? "" : cell(o.get("defaultValue")))
                    .append(" | ").append(cell(o.get("javaType"))).append('\n');
        }
        out.append("|===\n\n");
    }

    private static String cell(Object value) {
        return String.valueOf(value).replace("|", "\\|");
    }
}
