package dev.camelrtmp.docs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.camelrtmp.component.FlvComponent;
import dev.camelrtmp.component.FlvEndpointConfigurer;
import dev.camelrtmp.component.HlsComponent;
import dev.camelrtmp.component.HlsEndpointConfigurer;
import dev.camelrtmp.component.Mp4Component;
import dev.camelrtmp.component.Mp4EndpointConfigurer;
import dev.camelrtmp.component.RtmpComponent;
import dev.camelrtmp.component.RtmpEndpointConfigurer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PropertyConfigurer;

/**
 * Runs the docs' examples verbatim on a test machine: the addresses they name (0.0.0.0:1935, placeholder servers
 * such as origin.example:1935) become free loopback ports (a producer of the wildcard host gets serve=true, so that
 * it still publishes into the listener) and the folder they record into or read from a temporary one, by
 * components that rewrite endpoint URIs before creating them.
 */
final class DocRuntime {

    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final Map<String, String> folders = new LinkedHashMap<>();
    private final Map<String, String> httpPorts = new LinkedHashMap<>();

    /** The documented {@code host:port} an endpoint names, and the loopback port to use instead. */
    DocRuntime address(String documented, int port) {
        addresses.put(documented, "127.0.0.1:" + port);
        return this;
    }

    /** The documented recordings folder, and the folder to use instead. */
    DocRuntime folder(String documented, Path actual) {
        folders.put(documented, actual.toString());
        return this;
    }

    /** The documented {@code httpPort} an endpoint names, and the free port to use instead. */
    DocRuntime httpPort(int documented, int port) {
        httpPorts.put(String.valueOf(documented), String.valueOf(port));
        return this;
    }

    void install(CamelContext context) {
        RtmpComponent rtmp = new RtmpComponent() {
            @Override
            protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
                    throws Exception {
                if (remaining.startsWith("//0.0.0.0:") || remaining.startsWith("0.0.0.0:")) {
                    // the loopback address keeps a producer of the documented wildcard host serving locally
                    parameters.putIfAbsent("serve", "true");
                }
                parameters.computeIfPresent("httpPort",
                        (name, value) -> httpPorts.getOrDefault(String.valueOf(value), String.valueOf(value)));
                return super.createEndpoint(replace(uri, addresses), replace(remaining, addresses), parameters);
            }

            @Override
            public PropertyConfigurer getEndpointPropertyConfigurer() {
                return new RtmpEndpointConfigurer(); // a subclass has no generated configurer of its own
            }
        };
        context.addComponent("rtmp", rtmp);
        FlvComponent flv = new FlvComponent() {
            @Override
            protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
                    throws Exception {
                String folder = folders.getOrDefault(remaining, remaining);
                return super.createEndpoint("flv:" + folder, folder, parameters);
            }

            @Override
            public PropertyConfigurer getEndpointPropertyConfigurer() {
                return new FlvEndpointConfigurer();
            }
        };
        context.addComponent("flv", flv);
        Mp4Component mp4 = new Mp4Component() {
            @Override
            protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
                    throws Exception {
                String folder = folders.getOrDefault(remaining, remaining);
                return super.createEndpoint("mp4:" + folder, folder, parameters);
            }

            @Override
            public PropertyConfigurer getEndpointPropertyConfigurer() {
                return new Mp4EndpointConfigurer();
            }
        };
        context.addComponent("mp4", mp4);
        HlsComponent hls = new HlsComponent() {
            @Override
            protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
                    throws Exception {
                String folder = folders.getOrDefault(remaining, remaining);
                return super.createEndpoint("hls:" + folder, folder, parameters);
            }

            @Override
            public PropertyConfigurer getEndpointPropertyConfigurer() {
                return new HlsEndpointConfigurer();
            }
        };
        context.addComponent("hls", hls);
        org.apache.camel.component.file.FileComponent file = new org.apache.camel.component.file.FileComponent() {
            @Override
            protected org.apache.camel.component.file.GenericFileEndpoint<java.io.File> buildFileEndpoint(String uri,
                    String remaining, Map<String, Object> parameters) throws Exception {
                String folder = remaining;
                for (Map.Entry<String, String> f : folders.entrySet()) {
                    if (folder.equals(f.getKey()) || folder.startsWith(f.getKey() + "/")) {
                        folder = f.getValue() + folder.substring(f.getKey().length());
                    }
                }
                return super.buildFileEndpoint("file:" + folder, folder, parameters);
            }

            @Override
            public PropertyConfigurer getEndpointPropertyConfigurer() {
                return new org.apache.camel.component.file.FileEndpointConfigurer();
            }
        };
        context.addComponent("file", file);
    }

    private static String replace(String text, Map<String, String> replacements) {
        String result = text;
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            result = result.replace(r.getKey(), r.getValue());
        }
        return result;
    }
}
