package io.tenantlink.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantlink.microsoft.GraphAnswer;
import io.tenantlink.microsoft.GraphGateway.ApplicationInfo;
import io.tenantlink.microsoft.GraphGateway.CredentialInfo;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What an answer of Graph to GET /applications(appId='…') tells the lifecycle check. */
class PublisherCredentialsTest {

    private static final Instant SOON = Instant.parse("2026-12-14T00:00:00Z");
    private static final Instant LATER = Instant.parse("2027-06-01T00:00:00Z");

    @Test
    void everySecretAndCertificateWithADateIsWatchedUnderItsKeyId() {
        ApplicationInfo app = new ApplicationInfo(
                "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f",
                "TenantLink ChatOps",
                List.of(
                        new CredentialInfo("k1", "TenantLink portal", "san", SOON),
                        new CredentialInfo("k2", null, "xyz", LATER),
                        new CredentialInfo("k3", "no end", "abc", null)),
                List.of(new CredentialInfo("c1", "CN=TenantLink", null, LATER)));
        RegistrationRead read = PublisherCredentials.of("chatops", GraphAnswer.of(200, app));
        assertEquals(RegistrationRead.Outcome.READ, read.outcome());
        assertEquals(
                List.of(
                        new AppCredentials.Expiry("chatops-secret/k1", SOON, "“TenantLink portal” (san…)"),
                        new AppCredentials.Expiry("chatops-secret/k2", LATER, "(xyz…)"),
                        new AppCredentials.Expiry("chatops-certificate/c1", LATER, "“CN=TenantLink”")),
                read.expiries());
    }

    @Test
    void refusalsSayWhyAndCarryNoDates() {
        assertRefused(
                RegistrationRead.Outcome.PERMISSION_MISSING,
                "403 Authorization_RequestDenied",
                GraphAnswer.refused(
                        403, "Authorization_RequestDenied", "Insufficient privileges", OptionalLong.empty()));
        assertRefused(
                RegistrationRead.Outcome.NOT_FOUND,
                "404 Request_ResourceNotFound",
                GraphAnswer.refused(404, "Request_ResourceNotFound", "Resource does not exist", OptionalLong.empty()));
        assertRefused(
                RegistrationRead.Outcome.GRAPH_REFUSED,
                "401 InvalidAuthenticationToken",
                GraphAnswer.refused(401, "InvalidAuthenticationToken", "Invalid issuer", OptionalLong.empty()));
        assertRefused(
                RegistrationRead.Outcome.GRAPH_REFUSED, "503", GraphAnswer.refused(503, "", "", OptionalLong.of(2)));
        assertRefused(RegistrationRead.Outcome.UNANSWERED, "no answer", GraphAnswer.unanswered(3));
        assertRefused(RegistrationRead.Outcome.GRAPH_REFUSED, "200 not an application", GraphAnswer.of(200, null));
    }

    @Test
    void aCredentialIsNamedAsEntraNamesIt() {
        assertEquals(
                "“portal” (abc…)", PublisherCredentials.label(new CredentialInfo("k", " portal ", "abc", SOON), "k"));
        assertEquals("“portal”", PublisherCredentials.label(new CredentialInfo("k", "portal", null, SOON), "k"));
        assertEquals("(abc…)", PublisherCredentials.label(new CredentialInfo("k", "", "abc", SOON), "k"));
        assertEquals(
                "(2f0c6a8e…)",
                PublisherCredentials.label(
                        new CredentialInfo("2f0c6a8e-1111-4a5b-8c6d-7e8f9a0b1c01", null, null, SOON),
                        "2f0c6a8e-1111-4a5b-8c6d-7e8f9a0b1c01"));
    }

    private static void assertRefused(
            RegistrationRead.Outcome outcome, String detail, GraphAnswer<ApplicationInfo> answer) {
        RegistrationRead read = PublisherCredentials.of("management", answer);
        assertEquals(outcome, read.outcome());
        assertEquals(detail, read.detail());
        assertEquals(List.of(), read.expiries());
        assertEquals("management", read.app());
    }
}
