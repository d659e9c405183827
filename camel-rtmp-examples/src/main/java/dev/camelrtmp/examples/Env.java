package dev.camelrtmp.examples;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Reads the examples' settings from environment variables. A value that cannot be used is an {@link Invalid}
 * whose message is one line naming the variable, what it must be and the value given.
 */
final class Env {

    private final Map<String, String> variables;

    Env(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The value of {@code name}, trimmed; null when unset or blank. */
    String value(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** An integer from {@code min} to {@code max}, or {@code defaultValue} when unset. */
    int integer(String name, int defaultValue, int min, int max, String what) {
        String value = value(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new Invalid(name + " must be " + what + " (" + min + "-" + max + "), got " + quoted(variables.get(name)));
    }

    /** A TCP port (1-65535), or {@code defaultValue} when unset. */
    int port(String name, int defaultValue) {
        return integer(name, defaultValue, 1, 65535, "a port number");
    }

    /** A folder that exists or can be made, and can be written; {@code defaultValue} when unset. It is created. */
    Path writableDirectory(String name, String defaultValue) {
        String value = value(name);
        Path dir = Paths.get(value == null ? defaultValue : value);
        String problem;
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                problem = "it is not a folder";
            } else {
                Files.createDirectories(dir);
                problem = Files.isWritable(dir) ? null : "it cannot be written";
            }
        } catch (IOException | RuntimeException e) {
            problem = "it cannot be created (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
        if (problem != null) {
            throw new Invalid(name + " must be a folder the process can write to, got " + quoted(dir.toString())
                    + ": " + problem);
        }
        return dir;
    }

    /** An {@code rtmp://} or {@code rtmps://} URL with a host and an application; null when unset. */
    String rtmpUrl(String name) {
        String value = value(name);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
            if ((scheme.equals("rtmp") || scheme.equals("rtmps")) && uri.getHost() != null && !path.isEmpty()) {
                return value;
            }
        } catch (URISyntaxException notAUrl) {
            // reported below
        }
        throw new Invalid(name + " must be an rtmp:// or rtmps:// URL with a host and an application, such as "
                + "rtmp://host:1935/live, got " + quoted(variables.get(name)));
    }

    /** One of {@code allowed} (compared ignoring case, returned in lower case), or {@code defaultValue} when unset. */
    String oneOf(String name, String defaultValue, String... allowed) {
        String value = value(name);
        if (value == null) {
            return defaultValue;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value)) {
                return a;
            }
        }
        throw new Invalid(name + " must be one of " + String.join(", ", allowed) + ", got "
                + quoted(variables.get(name)));
    }

    /** Kafka's bootstrap servers: a comma-separated list of {@code host:port}; null when unset. */
    String hostPorts(String name) {
        String value = value(name);
        if (value == null) {
            return null;
        }
        boolean valid = true;
        for (String server : value.split(",", -1)) {
            int colon = server.trim().lastIndexOf(':');
            String host = colon <= 0 ? "" : server.trim().substring(0, colon);
            String port = colon <= 0 ? "" : server.trim().substring(colon + 1);
            valid &= !host.isEmpty() && !host.contains(" ") && port.matches("[0-9]{1,5}")
                    && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
        }
        if (!valid) {
            throw new Invalid(name + " must be host:port of a Kafka broker (several separated by commas), got "
                    + quoted(variables.get(name)));
        }
        return value.replace(" ", "");
    }

    /** A Kafka topic or group name (letters, digits, '.', '_', '-'; at most 249), or {@code defaultValue}. */
    String kafkaName(String name, String defaultValue) {
        String value = value(name);
        if (value == null) {
            return defaultValue;
        }
        if (value.matches("[A-Za-z0-9._-]{1,249}") && !value.equals(".") && !value.equals("..")) {
            return value;
        }
        throw new Invalid(name + " must be a Kafka name of letters, digits, '.', '_' and '-' (at most 249), got "
                + quoted(variables.get(name)));
    }

    /** A value in quotes, control characters escaped: the message stays one line whatever was given. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029' || (c >= 0x80 && c < 0xA0)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /** A setting that cannot be used; the message is one line. */
    static final class Invalid extends RuntimeException {

        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
