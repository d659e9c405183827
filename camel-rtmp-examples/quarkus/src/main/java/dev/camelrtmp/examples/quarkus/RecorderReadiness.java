package dev.camelrtmp.examples.quarkus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready (in /q/health) while the recorder route, and so its RTMP listener, runs. */
@Readiness
@ApplicationScoped
public class RecorderReadiness implements HealthCheck {

    @Inject
    CamelContext camel;

    @Override
    public HealthCheckResponse call() {
        ServiceStatus status = camel.getRouteController().getRouteStatus("recorder");
        return HealthCheckResponse.named("recorder").status(status != null && status.isStarted())
                .withData("route", String.valueOf(status)).build();
    }
}
