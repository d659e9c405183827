package dev.camelrtmp.springboot;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generates the starter's configuration properties classes from the component metadata that Camel's plugin writes
 * into the camel-rtmp jar (rtmp.json, flv.json, mp4.json, hls.json): one property per component option, with the
 * option's description as Javadoc and its default as initializer. Fails when the checked-in sources differ from
 * what the metadata gives; {@code -Dstarter.update=true} rewrites them.
 */
class StarterSourcesTest {

    private static final String PACKAGE = "dev.camelrtmp.springboot";
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "camelrtmp", "springboot");
    private static final int WIDTH = 120;

    @ParameterizedTest
    @CsvSource({ "rtmp, RtmpComponentConfiguration, 'the rtmp and rtmps components'",
                 "flv, FlvComponentConfiguration, 'the flv component'",
                 "mp4, Mp4ComponentConfiguration, 'the mp4 component'",
                 "hls, HlsComponentConfiguration, 'the hls component'" })
    void checkedInSourcesMatchTheComponentMetadata(String scheme, String className, String what) throws Exception {
        String expected = render(scheme, className, what, componentProperties(scheme));
        Path file = SOURCES.resolve(className + ".java");
        if (Boolean.getBoolean("starter.update")) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertThat(actual).as(file + " is generated from " + scheme + ".json; regenerate it with mvn -pl "
                + "camel-rtmp-starter -am -Dtest=StarterSourcesTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-DskipFuzz verify -Dstarter.update=true").isEqualTo(expected);
    }

    /** The componentProperties of a scheme's json, sorted by name. */
    static Map<String, JsonObject> componentProperties(String scheme) throws Exception {
        String resource = "/META-INF/dev/camelrtmp/component/" + scheme + ".json";
        try (InputStream in = StarterSourcesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource + " in the camel-rtmp jar").isNotNull();
            JsonObject json = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            JsonObject properties = (JsonObject) json.get("componentProperties");
            Map<String, JsonObject> sorted = new TreeMap<>();
            properties.forEach((name, option) -> sorted.put(name, (JsonObject) option));
            return sorted;
        }
    }

    static String render(String scheme, String className, String what, Map<String, JsonObject> options) {
        StringBuilder fields = new StringBuilder();
        StringBuilder accessors = new StringBuilder();
        field(fields, "Boolean", "enabled", "true", List.of("Whether to enable auto configuration of the " + scheme
                + " component. This is enabled by default."), false);
        accessors(accessors, "Boolean", "enabled", false);
        for (Map.Entry<String, JsonObject> entry : options.entrySet()) {
            String name = entry.getKey();
            JsonObject option = entry.getValue();
            String type = String.valueOf(option.get("type"));
            String javaType = String.valueOf(option.get("javaType"));
            Object defaultValue = option.get("defaultValue");
            String description = String.valueOf(option.get("description"));
            List<String> doc = new ArrayList<>(List.of(description.endsWith(".") ? description : description + "."));
            String fieldType;
            String initializer = null;
            switch (type) {
            case "boolean" -> {
                fieldType = "Boolean";
                initializer = defaultValue == null ? null : String.valueOf(defaultValue);
            }
            case "integer" -> {
                if ("long".equals(javaType) || "java.lang.Long".equals(javaType)) {
                    fieldType = "Long";
                    initializer = defaultValue == null ? null : defaultValue + "L";
                } else {
                    fieldType = "Integer";
                    initializer = defaultValue == null ? null : String.valueOf(defaultValue);
                }
            }
            case "string" -> {
                fieldType = "String";
                initializer = defaultValue == null ? null : quote(String.valueOf(defaultValue));
            }
            case "enum" -> {
                // a Java enum, or a string limited to the values listed (e.g. transport)
                boolean string = "java.lang.String".equals(javaType);
                fieldType = string ? "String" : javaType;
                initializer = defaultValue == null ? null
                        : string ? quote(String.valueOf(defaultValue)) : javaType + "." + defaultValue;
            }
            case "object" -> {
                // a bean of the registry, named as Camel names references: #name
                fieldType = "String";
                doc.add("The option is a " + javaType + " type: the name of a bean, as #name.");
            }
            default -> throw new AssertionError("option " + name + " of " + scheme + ".json has type " + type
                    + ", which the starter's generator does not render yet");
            }
            boolean deprecated = Boolean.TRUE.equals(option.get("deprecated"));
            field(fields, fieldType, name, initializer, doc, deprecated);
            accessors(accessors, fieldType, name, deprecated);
        }
        return "/* Generated from " + scheme + ".json by StarterSourcesTest: do not edit. */\n"
                + "package " + PACKAGE + ";\n"
                + "\n"
                + "import org.springframework.boot.context.properties.ConfigurationProperties;\n"
                + "\n"
                + "/**\n"
                + " * The options of " + what + ", set as {@code camel.component." + scheme + ".*} properties; the\n"
                + " * auto-configuration applies those that are set.\n"
                + " */\n"
                + "@ConfigurationProperties(prefix = \"camel.component." + scheme + "\")\n"
                + "public class " + className + " {\n"
                + fields
                + accessors
                + "}\n";
    }

    private static void field(StringBuilder out, String type, String name, String initializer, List<String> doc,
            boolean deprecated) {
        out.append("\n    /**\n");
        for (String paragraph : doc) {
            if (paragraph.contains("*/") || paragraph.contains("@")) {
                throw new AssertionError("description of " + name + " needs escaping the generator does not do: "
                        + paragraph);
            }
            for (String line : wrap(paragraph, WIDTH - "     * ".length())) {
                out.append("     * ").append(line).append('\n');
            }
        }
        out.append("     */\n");
        if (deprecated) {
            out.append("    @Deprecated\n");
        }
        out.append("    private ").append(type).append(' ').append(name);
        if (initializer != null) {
            out.append(" = ").append(initializer);
        }
        out.append(";\n");
    }

    private static void accessors(StringBuilder out, String type, String name, boolean deprecated) {
        String property = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        out.append('\n');
        if (deprecated) {
            out.append("    @Deprecated\n");
        }
        out.append("    public ").append(type).append(" get").append(property).append("() {\n")
                .append("        return ").append(name).append(";\n")
                .append("    }\n\n");
        if (deprecated) {
            out.append("    @Deprecated\n");
        }
        out.append("    public void set").append(property).append('(').append(type).append(' ').append(name)
                .append(") {\n")
                .append("        this.").append(name).append(" = ").append(name).append(";\n")
                .append("    }\n");
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
