package dev.camelrtmp.springboot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A misspelt key in application properties stops a Spring Boot application at startup, and Spring Boot's failure
 * report names the key, the file and line it came from, and the option meant.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownKeyStartupTest {

    @Configuration
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void startupFailsWithOneLineNamingTheKeyWhereItWasSetAndTheOptionMeant(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--spring.config.location=classpath:typo.properties"))
                .hasStackTraceContaining("camel.component.rtmp.max-conections");
        String line = output.getOut().lines().filter(l -> l.contains("camel.component.rtmp.max-conections"))
                .findFirst().orElseThrow(() -> new AssertionError("no report line in:\n" + output));
        assertThat(line).contains("typo.properties").contains("typo.properties] - 2:")
                .contains("did you mean camel.component.rtmp.max-connections?");
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START");
    }
}
