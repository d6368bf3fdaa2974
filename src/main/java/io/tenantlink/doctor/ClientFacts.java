package io.tenantlink.doctor;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a tenant has granted one app registration (client id), as Graph reports it: whether its
 * service principal exists, the scopes of its tenant-wide (consentType AllPrincipals) delegated grant
 * to Microsoft Graph, and the Microsoft Graph application permissions (app roles) assigned to it.
 */
public record ClientFacts(String clientId, String servicePrincipalId, Set<String> delegated, Set<String> application) {

    public ClientFacts {
        delegated = Set.copyOf(new TreeSet<>(delegated));
        application = Set.copyOf(new TreeSet<>(application));
    }

    /** The app has no service principal in the tenant: nothing is installed, nothing granted. */
    public static ClientFacts notInstalled(String clientId) {
        return new ClientFacts(clientId, null, Set.of(), Set.of());
    }

    public boolean installed() {
        return servicePrincipalId != null;
    }
}
