package io.tenantlink.it;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that `mvn package` built, deployed at the root context as in production, on a fresh database. */
public final class PortalDeployment {

    private PortalDeployment() {
    }

    public static WebArchive freshPortal() {
        TestDatabase.reset();
        // Payara Micro (started with this java.io.tmpdir) fails at once when the folder is missing, as on a clean clone.
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create " + System.getProperty("java.io.tmpdir"), e);
        }
        File war = new File(System.getProperty("tenantlink.test.war", "target/tenantlink.war"));
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }
}
