package dev.camelrtmp.component;

import java.util.Set;

import dev.camelrtmp.server.PlayAuthorizer;
import dev.camelrtmp.server.PlayDecision;
import dev.camelrtmp.server.PlayRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * The consumer's play authorization, from its options in order: the {@code playAllowedStreamKeys} list, the
 * {@code playAuthorizer} bean, then the {@code playAuthorizationUri} endpoint. The first refusal wins.
 */
final class PlayRouteAuthorizer implements PlayAuthorizer {

    private final Set<String> allowedKeys;
    private final PlayAuthorizer bean;
    private final String endpointUri;
    private final ProducerTemplate template;

    private PlayRouteAuthorizer(Set<String> allowedKeys, PlayAuthorizer bean, String endpointUri,
            ProducerTemplate template) {
        this.allowedKeys = allowedKeys;
        this.bean = bean;
        this.endpointUri = endpointUri;
        this.template = template;
    }

    /** The play authorizer the configuration asks for, or null when it asks for none. */
    static PlayRouteAuthorizer of(RtmpConfiguration configuration, org.apache.camel.CamelContext context) {
        Set<String> keys = RouteAuthorizer.keys(configuration.getPlayAllowedStreamKeys());
        if (keys == null && configuration.getPlayAuthorizer() == null
                && configuration.getPlayAuthorizationUri() == null) {
            return null;
        }
        ProducerTemplate template = configuration.getPlayAuthorizationUri() == null ? null
                : context.createProducerTemplate();
        return new PlayRouteAuthorizer(keys, configuration.getPlayAuthorizer(),
                configuration.getPlayAuthorizationUri(), template);
    }

    @Override
    public PlayDecision authorize(PlayRequest request) {
        if (allowedKeys != null && !allowedKeys.contains(request.streamKey())) {
            return PlayDecision.deny(PlayDecision.FAILED, "Stream key '" + request.streamKey()
                    + "' may not be played.");
        }
        if (bean != null) {
            PlayDecision decision = bean.authorize(request);
            if (decision == null || !decision.allowed()) {
                return decision == null ? PlayDecision.deny(null, "Refused.") : decision;
            }
        }
        if (template != null) {
            Exchange answer = RouteAuthorizer.ask(template, endpointUri, request.application(), request.streamKey(),
                    request.streamName(), request.queryParameters(), request.connectParameters(),
                    request.clientAddress());
            if (answer.getException() != null) {
                return PlayDecision.deny(null, "Authorization failed: " + answer.getException().getMessage());
            }
            Message out = answer.getMessage();
            if (!RouteAuthorizer.allowed(out)) {
                return PlayDecision.deny(out.getHeader(RtmpConstants.STATUS_CODE, String.class),
                        out.getHeader(RtmpConstants.STATUS_DESCRIPTION, "Not authorized.", String.class));
            }
        }
        return PlayDecision.allow();
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
