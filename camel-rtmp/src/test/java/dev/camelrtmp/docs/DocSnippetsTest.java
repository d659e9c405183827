package dev.camelrtmp.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java, XML, properties and YAML example in README.md and docs/ is a verbatim excerpt of source that the build
 * compiles and tests run (this package's snippet classes, the example applications), so an example cannot drift
 * from code that works. An excerpt matches contiguous lines of a source file, indentation shifted as a whole.
 */
class DocSnippetsTest {

    private static final Path ROOT = Path.of("..");
    /** Fenced block languages that must be excerpts of sources. */
    private static final Set<String> CHECKED = Set.of("java", "xml", "properties", "yaml", "haproxy");
    /** Where the excerpts come from: sources that the build compiles or tests read. */
    private static final List<Path> SOURCES = List.of(Path.of("src", "test"),
            ROOT.resolve("camel-rtmp-examples"), ROOT.resolve("camel-rtmp-starter/src"),
            ROOT.resolve("camel-rtmp-kafka/src/test"));

    @Test
    void everyExampleInTheDocsIsAnExcerptOfTestedSource() throws IOException {
        Map<Path, List<String>> sources = new java.util.LinkedHashMap<>();
        for (Path base : SOURCES) {
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(base)) {
                for (Path file : files.filter(Files::isRegularFile).filter(DocSnippetsTest::isSource).toList()) {
                    sources.put(file, Files.readAllLines(file, StandardCharsets.UTF_8));
                }
            }
        }
        List<String> unmatched = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (Block block : blocks(page)) {
                if (!CHECKED.contains(block.language)) {
                    continue;
                }
                checked++;
                boolean found = sources.values().stream().anyMatch(lines -> contains(lines, block.lines));
                if (!found) {
                    unmatched.add(page + ":" + block.line + " (" + block.language + ")");
                }
            }
        }
        assertThat(checked).as("examples checked").isPositive();
        assertThat(unmatched).as("examples in the docs that are not excerpts of compiled and tested sources "
                + "(src/test/java/dev/camelrtmp/docs, camel-rtmp-examples, camel-rtmp-kafka/src/test)").isEmpty();
    }

    private static boolean isSource(Path file) {
        String name = file.getFileName().toString();
        return !file.toString().contains("/target/") && (name.endsWith(".java") || name.endsWith(".xml")
                || name.endsWith(".properties") || name.endsWith(".yaml") || name.endsWith(".yml")
                || name.endsWith(".cfg"));
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        try (Stream<Path> adoc = Files.list(Path.of("src", "main", "docs"))) {
            adoc.filter(p -> p.toString().endsWith(".adoc")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** A fenced code block of a Markdown page (or a source block of an AsciiDoc page): its language, first line number and lines. */
    record Block(String language, int line, List<String> lines) {
    }

    static List<Block> blocks(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("[source,") && i + 1 < lines.size() && lines.get(i + 1).strip().equals("----")) {
                // AsciiDoc: [source,java] then a block between ---- lines
                String language = line.substring("[source,".length(), line.length() - 1);
                int start = i + 2;
                int end = start;
                while (end < lines.size() && !lines.get(end).strip().equals("----")) {
                    end++;
                }
                blocks.add(new Block(language, start + 1, List.copyOf(lines.subList(start, end))));
                i = end;
            } else if (line.startsWith("```")) {
                String language = line.substring(3).strip();
                int start = i + 1;
                int end = start;
                while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                    end++;
                }
                blocks.add(new Block(language, start + 1, List.copyOf(lines.subList(start, end))));
                i = end;
            }
        }
        return blocks;
    }

    /** Whether {@code block} appears in {@code lines} as contiguous lines, all shifted by the same indentation. */
    static boolean contains(List<String> lines, List<String> block) {
        List<String> b = block.stream().map(String::stripTrailing).toList();
        if (b.isEmpty()) {
            return true;
        }
        for (int i = 0; i + b.size() <= lines.size(); i++) {
            String first = lines.get(i).stripTrailing();
            if (!first.endsWith(b.get(0).strip()) || first.isBlank()) {
                continue;
            }
            int shift = first.length() - b.get(0).length();
            if (shift < 0 || !first.substring(0, shift).isBlank()) {
                continue;
            }
            String indent = first.substring(0, shift);
            boolean all = true;
            for (int j = 0; j < b.size() && all; j++) {
                String actual = lines.get(i + j).stripTrailing();
                String expected = b.get(j);
                all = expected.isEmpty() ? actual.isEmpty() : actual.equals(indent + expected);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }
}
