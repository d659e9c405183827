package dev.camelrtmp.component;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import dev.camelrtmp.server.PublishAuthorizer;
import dev.camelrtmp.server.PublishDecision;
import dev.camelrtmp.server.PublishRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * The consumer's publish authorization, from its options in order: the {@code allowedStreamKeys} list, the
 * {@code publishAuthorizer} bean, then the {@code authorizationUri} endpoint. The first refusal wins.
 */
final class RouteAuthorizer implements PublishAuthorizer {

    private final Set<String> allowedKeys;
    private final PublishAuthorizer bean;
    private final String endpointUri;
    private final ProducerTemplate template;

    private RouteAuthorizer(Set<String> allowedKeys, PublishAuthorizer bean, String endpointUri,
            ProducerTemplate template) {
        this.allowedKeys = allowedKeys;
        this.bean = bean;
        this.endpointUri = endpointUri;
        this.template = template;
    }

    /** The authorizer the configuration asks for, or null when it asks for none. */
    static RouteAuthorizer of(RtmpConfiguration configuration, org.apache.camel.CamelContext context) {
        Set<String> keys = configuration.getAllowedStreamKeys() == null ? null
                : Arrays.stream(configuration.getAllowedStreamKeys().split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        if ((keys == null || keys.isEmpty()) && configuration.getPublishAuthorizer() == null
                && configuration.getAuthorizationUri() == null) {
            return null;
        }
        ProducerTemplate template = configuration.getAuthorizationUri() == null ? null
                : context.createProducerTemplate();
        return new RouteAuthorizer(keys == null || keys.isEmpty() ? null : keys,
                configuration.getPublishAuthorizer(), configuration.getAuthorizationUri(), template);
    }

    @Override
    public PublishDecision authorize(PublishRequest request) {
        if (allowedKeys != null && !allowedKeys.contains(request.streamKey())) {
            return PublishDecision.deny(PublishDecision.BAD_NAME, "Stream key '" + request.streamKey()
                    + "' is not allowed.");
        }
        if (bean != null) {
            PublishDecision decision = bean.authorize(request);
            if (decision == null || !decision.allowed()) {
                return decision == null ? PublishDecision.deny(null, "Refused.") : decision;
            }
        }
        if (template != null) {
            return askEndpoint(request);
        }
        return PublishDecision.allow();
    }

    private PublishDecision askEndpoint(PublishRequest request) {
        Exchange answer = template.request(endpointUri, exchange -> {
            Message in = exchange.getIn();
            in.setHeader(RtmpConstants.APPLICATION, request.application());
            in.setHeader(RtmpConstants.STREAM_KEY, request.streamKey());
            in.setHeader(RtmpConstants.STREAM_NAME, request.streamName());
            in.setHeader(RtmpConstants.QUERY_PARAMETERS, request.queryParameters());
            in.setHeader(RtmpConstants.CONNECT_PARAMETERS, request.connectParameters());
            in.setHeader(RtmpConstants.CLIENT_ADDRESS, request.clientAddress());
        });
        if (answer.getException() != null) {
            return PublishDecision.deny(null, "Authorization failed: " + answer.getException().getMessage());
        }
        Message out = answer.getMessage();
        Boolean allowed = out.getHeader(RtmpConstants.AUTHORIZED, Boolean.class);
        if (allowed == null) {
            allowed = out.getBody(Boolean.class);
        }
        if (Boolean.TRUE.equals(allowed)) {
            return PublishDecision.allow();
        }
        return PublishDecision.deny(out.getHeader(RtmpConstants.STATUS_CODE, String.class),
                out.getHeader(RtmpConstants.STATUS_DESCRIPTION, "Not authorized.", String.class));
    }

    void stop() {
        if (template != null) {
            try {
                template.stop();
            } catch (Exception e) {
                // closing only
            }
        }
    }
}
