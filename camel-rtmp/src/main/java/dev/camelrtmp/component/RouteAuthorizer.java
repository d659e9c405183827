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
        Exchange answer = ask(template, endpointUri, request.application(), request.streamKey(),
                request.streamName(), request.queryParameters(), request.connectParameters(),
                request.clientAddress());
        if (answer.getException() != null) {
            return PublishDecision.deny(null, "Authorization failed: " + answer.getException().getMessage());
        }
        Message out = answer.getMessage();
        if (allowed(out)) {
            return PublishDecision.allow();
        }
        return PublishDecision.deny(out.getHeader(RtmpConstants.STATUS_CODE, String.class),
                out.getHeader(RtmpConstants.STATUS_DESCRIPTION, "Not authorized.", String.class));
    }

    /** Asks an authorization endpoint about a publish or a play, with the request's headers. */
    static Exchange ask(ProducerTemplate template, String endpointUri, String application, String streamKey,
            String streamName, java.util.Map<String, String> query, java.util.Map<String, Object> connect,
            String clientAddress) {
        return template.request(endpointUri, exchange -> {
            Message in = exchange.getIn();
            in.setHeader(RtmpConstants.APPLICATION, application);
            in.setHeader(RtmpConstants.STREAM_KEY, streamKey);
            in.setHeader(RtmpConstants.STREAM_NAME, streamName);
            in.setHeader(RtmpConstants.QUERY_PARAMETERS, query);
            in.setHeader(RtmpConstants.CONNECT_PARAMETERS, connect);
            in.setHeader(RtmpConstants.CLIENT_ADDRESS, clientAddress);
        });
    }

    /** Whether an authorization endpoint's answer allows: header CamelRtmpAuthorized, else the body, is true. */
    static boolean allowed(Message out) {
        Boolean allowed = out.getHeader(RtmpConstants.AUTHORIZED, Boolean.class);
        if (allowed == null) {
            allowed = out.getBody(Boolean.class);
        }
        return Boolean.TRUE.equals(allowed);
    }

    /** The comma-separated keys of an option, or null when it lists none. */
    static Set<String> keys(String option) {
        Set<String> keys = option == null ? Set.of()
                : Arrays.stream(option.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        return keys.isEmpty() ? null : keys;
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
