package dev.camelrtmp.component;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code hls:} component: writes the RTMP streams a route receives as live LL-HLS renditions into a folder, one
 * per stream.
 */
@Component("hls")
public class HlsComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HlsEndpoint endpoint = new HlsEndpoint(uri, this);
        endpoint.setDirectory(remaining.isEmpty() ? "." : remaining);
        setProperties(endpoint, parameters);
        if (endpoint.getPartDuration() < 1 || endpoint.getSegmentDuration() < endpoint.getPartDuration()) {
            throw new IllegalArgumentException("hls: partDuration must be at least 1 ms and segmentDuration at least "
                    + "partDuration, not " + endpoint.getPartDuration() + " and " + endpoint.getSegmentDuration());
        }
        if (endpoint.getSegmentCount() < 1) {
            throw new IllegalArgumentException("hls: segmentCount must be at least 1, not "
                    + endpoint.getSegmentCount());
        }
        return endpoint;
    }
}
