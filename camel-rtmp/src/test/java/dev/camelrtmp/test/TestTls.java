package dev.camelrtmp.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * A self-signed certificate for 127.0.0.1 made with the JDK's keytool, and Camel TLS settings for a server that
 * presents it and a client that trusts it.
 */
public final class TestTls {

    private static final String PASSWORD = "changeit";

    private TestTls() {
    }

    /** Makes (once) a PKCS12 key store with a key pair for CN=localhost, SAN IP 127.0.0.1. */
    public static synchronized Path keyStore() throws IOException, InterruptedException {
        Path dir = Paths.get("target", "tls");
        Files.createDirectories(dir);
        Path store = dir.resolve("server.p12");
        if (!Files.exists(store)) {
            Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
            ProcessRunner.run(List.of(keytool.toString(), "-genkeypair", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-alias", "rtmp",
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", "30", "-dname", "CN=localhost",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost"), null, 60).requireSuccess("keytool");
        }
        return store;
    }

    private static KeyStoreParameters keyStoreParameters() throws IOException, InterruptedException {
        KeyStoreParameters ks = new KeyStoreParameters();
        ks.setResource("file:" + keyStore().toAbsolutePath());
        ks.setPassword(PASSWORD);
        ks.setType("PKCS12");
        return ks;
    }

    /** A server presenting the test certificate. */
    public static SSLContextParameters server() throws IOException, InterruptedException {
        KeyManagersParameters km = new KeyManagersParameters();
        km.setKeyStore(keyStoreParameters());
        km.setKeyPassword(PASSWORD);
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setKeyManagers(km);
        return parameters;
    }

    /** A client trusting the test certificate. */
    public static SSLContextParameters client() throws IOException, InterruptedException {
        TrustManagersParameters tm = new TrustManagersParameters();
        tm.setKeyStore(keyStoreParameters());
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setTrustManagers(tm);
        return parameters;
    }
}
