package dev.camelrtmp.component;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code flv:} component: records the RTMP streams a route receives into FLV files, one per publish.
 */
@Component("flv")
public class FlvComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        FlvEndpoint endpoint = new FlvEndpoint(uri, this);
        endpoint.setDirectory(remaining.isEmpty() ? "." : remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
