package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What `mvn package` builds: the production WAR and its libraries hold no Microsoft stand-in (no class, view, text or
 * directory, and no migration that creates its tables); the stand-in's WAR holds nothing of the portal.
 */
class ProductionArtifactIT {

    private static List<String> entries(String property, String fallback) throws IOException {
        try (ZipFile war = new ZipFile(System.getProperty(property, fallback))) {
            return Collections.list(war.entries()).stream()
                    .map(e -> e.getName())
                    .toList();
        }
    }

    @Test
    void theProductionWarHoldsNoStandIn() throws IOException {
        List<String> portal = entries("tenantlink.test.war", "target/tenantlink.war");
        assertTrue(
                portal.contains("WEB-INF/classes/io/tenantlink/microsoft/MicrosoftClients.class"),
                "the portal's own classes are there");
        List<String> standIn = portal.stream()
                .filter(name -> name.startsWith("WEB-INF/classes/io/tenantlink/sandbox/")
                        || name.startsWith("WEB-INF/views/sandbox/")
                        || name.startsWith("WEB-INF/classes/sandbox/"))
                .toList();
        assertEquals(List.of(), standIn);
        try (ZipFile war = new ZipFile(System.getProperty("tenantlink.test.war", "target/tenantlink.war"));
                InputStream in = war.getInputStream(war.getEntry("WEB-INF/classes/i18n/messages.properties"))) {
            Properties messages = new Properties();
            messages.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            assertEquals(
                    List.of(),
                    messages.stringPropertyNames().stream()
                            .filter(key -> key.startsWith("sandbox."))
                            .toList());
        }
    }

    @Test
    void theLibrariesAreBesideTheWarAndHoldNoStandInEither() throws IOException {
        List<String> inWar = entries("tenantlink.test.war", "target/tenantlink.war").stream()
                .filter(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar"))
                .toList();
        assertEquals(1, inWar.size(), "only krazo-thymeleaf (it holds CDI beans) is inside: " + inWar);
        assertTrue(inWar.get(0).startsWith("WEB-INF/lib/krazo-thymeleaf-"), inWar.get(0));
        java.io.File[] jars = new java.io.File(System.getProperty("tenantlink.test.lib", "target/tenantlink-lib"))
                .listFiles((dir, name) -> name.endsWith(".jar"));
        assertTrue(jars != null && jars.length == 1, "one library jar beside the WAR");
        try (ZipFile libraries = new ZipFile(jars[0])) {
            List<String> names = Collections.list(libraries.entries()).stream()
                    .map(e -> e.getName())
                    .toList();
            assertTrue(names.contains("com/microsoft/graph/serviceclient/GraphServiceClient.class"));
            assertTrue(names.contains("com/microsoft/aad/msal4j/ConfidentialClientApplication.class"));
            assertEquals(
                    List.of(),
                    names.stream()
                            .filter(name -> name.startsWith("io/tenantlink/") || name.startsWith("sandbox/"))
                            .toList());
        }
    }

    @Test
    void theStandInsWarHoldsNothingOfThePortal() throws IOException {
        List<String> standIn = entries("tenantlink.test.sandbox.war", "target/microsoft-sandbox.war");
        assertTrue(standIn.contains("WEB-INF/classes/io/tenantlink/sandbox/IdentityEndpoints.class"));
        assertEquals(
                List.of(),
                standIn.stream()
                        .filter(name -> name.startsWith("WEB-INF/classes/io/tenantlink/")
                                && !name.endsWith("/")
                                && !name.startsWith("WEB-INF/classes/io/tenantlink/sandbox/"))
                        .toList());
        assertEquals(
                List.of(),
                standIn.stream()
                        .filter(name -> name.contains("msal4j") || name.contains("microsoft-graph"))
                        .toList());
    }
}
