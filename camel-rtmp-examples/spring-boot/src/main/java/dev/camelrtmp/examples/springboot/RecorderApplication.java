package dev.camelrtmp.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The recorder as a Spring Boot application: {@link RecorderRoutes} records every stream published to an allowed
 * key; the listener's settings come from application.properties ({@code camel.component.rtmp.*}).
 */
@SpringBootApplication
public class RecorderApplication {

    public static void main(String[] args) {
        SpringApplication.run(RecorderApplication.class, args);
    }
}
