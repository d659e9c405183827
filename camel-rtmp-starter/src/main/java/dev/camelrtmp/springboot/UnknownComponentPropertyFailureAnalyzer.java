package dev.camelrtmp.springboot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports unknown {@code camel.component.rtmp.*} and {@code camel.component.flv.*} keys as Spring Boot reports
 * its own configuration errors: what is wrong and what to do, without a stack trace. */
public class UnknownComponentPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownComponentPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnknownComponentPropertyException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Correct or remove the key; docs/component-reference.md lists the options, and the starter's "
                        + "configuration metadata lets an IDE complete them.", cause);
    }
}
