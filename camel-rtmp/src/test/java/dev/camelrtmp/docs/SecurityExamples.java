package dev.camelrtmp.docs;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;

/** The examples of docs/security.md, verbatim (DocSnippetsTest checks the page against this file). */
final class SecurityExamples {

    private SecurityExamples() {
    }

    /** Compiled only: the key store is the reader's (RtmpsTest runs TLS with a generated one). */
    static final class Tls extends RouteBuilder {
        @Override
        public void configure() {
            CamelContext context = getContext();
            KeyStoreParameters ks = new KeyStoreParameters();
            ks.setResource("file:/etc/rtmp/server.p12");
            ks.setPassword("secret");
            KeyManagersParameters km = new KeyManagersParameters();
            km.setKeyStore(ks);
            km.setKeyPassword("secret");
            SSLContextParameters tls = new SSLContextParameters();
            tls.setKeyManagers(km);
            context.getRegistry().bind("tls", tls);

            from("rtmps://0.0.0.0:443/live?sslContextParameters=#tls").to("flv:recordings");
        }
    }

    static final class AuthorizationRoute extends RouteBuilder {
        @Override
        public void configure() {
            from("rtmp://0.0.0.0:1935/live?lifecycleEvents=true&authorizationUri=direct:authorize").to("flv:recordings");
            from("direct:authorize")
                .filter(simple("${header.CamelRtmpQueryParameters[token]} == 's3cret'"))
                    .setHeader("CamelRtmpAuthorized", constant(true));
        }
    }
}
