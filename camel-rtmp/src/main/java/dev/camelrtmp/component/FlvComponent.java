package dev.camelrtmp.component;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code flv:} component: records the RTMP streams a route receives into FLV files, one per publish.
 */
@Component("flv")
public class FlvComponent extends DefaultComponent {

    @Metadata(defaultValue = "true",
              description = "The default of every flv endpoint's stripSetDataFrame: drop the @setDataFrame name from "
                            + "data messages, as an FLV file stores onMetaData itself")
    private boolean stripSetDataFrame = true;
    @Metadata(defaultValue = "CLOSE_PUBLISHER", enums = "CLOSE_PUBLISHER,CONTINUE_UNRECORDED",
              description = "The default of every flv endpoint's onRecordError: what happens to a publish whose "
                            + "recording fails")
    private RecordErrorAction onRecordError = RecordErrorAction.CLOSE_PUBLISHER;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        FlvEndpoint endpoint = new FlvEndpoint(uri, this);
        endpoint.setDirectory(remaining.isEmpty() ? "." : remaining);
        endpoint.setStripSetDataFrame(stripSetDataFrame);
        endpoint.setOnRecordError(onRecordError);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public boolean isStripSetDataFrame() {
        return stripSetDataFrame;
    }

    public void setStripSetDataFrame(boolean stripSetDataFrame) {
        this.stripSetDataFrame = stripSetDataFrame;
    }

    public RecordErrorAction getOnRecordError() {
        return onRecordError;
    }

    public void setOnRecordError(RecordErrorAction onRecordError) {
        this.onRecordError = onRecordError;
    }
}
