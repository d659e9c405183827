package dev.camelrtmp.component;

import org.apache.camel.ResolveEndpointFailedException;

/**
 * Parses the path of an {@code rtmp:} URI, {@code //host:port[/application[/streamKey]]}; no application (or
 * {@code *}) serves every application.
 */
final class RtmpUri {

    private RtmpUri() {
    }

    static void parse(String remaining, RtmpConfiguration configuration) {
        String rest = remaining;
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        if (authority.isEmpty()) {
            throw new ResolveEndpointFailedException(remaining, "no host: use rtmp://host:port/application");
        }
        int colon = authority.lastIndexOf(':');
        if (colon > 0 && authority.indexOf(']') < colon) {
            configuration.setHost(authority.substring(0, colon));
            try {
                configuration.setPort(Integer.parseInt(authority.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new ResolveEndpointFailedException(remaining, "invalid port '" + authority.substring(colon + 1)
                        + "'");
            }
        } else {
            configuration.setHost(authority);
        }
        if (configuration.getHost().startsWith("[") && configuration.getHost().endsWith("]")) {
            configuration.setHost(configuration.getHost().substring(1, configuration.getHost().length() - 1));
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty() || path.equals("*")) {
            configuration.setApplication(null); // any application
            return;
        }
        int keySlash = path.indexOf('/');
        if (keySlash < 0) {
            configuration.setApplication(path);
        } else {
            configuration.setApplication(path.substring(0, keySlash));
            String key = path.substring(keySlash + 1);
            configuration.setStreamKey(key.isEmpty() ? null : key);
        }
    }
}
