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
        File war = new File(System.getProperty("tenantlink.test.war", "target/tenantlink.war"));
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }
}
