package dev.camelrtmp.component;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code mp4:} component: records the RTMP streams a route receives into fragmented MP4 files, one per publish.
 */
@Component("mp4")
public class Mp4Component extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Mp4Endpoint endpoint = new Mp4Endpoint(uri, this);
        endpoint.setDirectory(remaining.isEmpty() ? "." : remaining);
        setProperties(endpoint, parameters);
        if (endpoint.getFragmentDuration() < 1) {
            throw new IllegalArgumentException("mp4: fragmentDuration must be at least 1 ms, not "
                    + endpoint.getFragmentDuration());
        }
        return endpoint;
    }
}
