package io.tenantlink.connection.web;

import io.tenantlink.connection.ApprovalLink;
import io.tenantlink.connection.SignInRequest;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Approval links whose permission set is a feature app's, and the feature apps' copied approve-for-all links: the
 * feature-apps feature completes them (a CDI bean), so the approval callback does not depend on it.
 */
public interface FeatureLinkApprovals {

    /**
     * The feature app's admin-consent address for this link; empty when the link is ChatOps's own. An answer without
     * an address: the feature app has no client id configured any more.
     */
    Optional<Answer> consentRequest(ApprovalLink link, String state);

    /**
     * A consent given through link {@code link} came back for request {@code r}: for a feature link, verify it through
     * Graph, spend the link and answer; empty when the link is ChatOps's own.
     */
    Optional<Response> consented(String actor, SignInRequest r, ApprovalLink link) throws InterruptedException;

    /** Whether {@code state} is a copied feature link's (no secret state: nothing is trusted). */
    boolean isCopiedLinkState(String state);

    /** A tenant admin came back from a copied feature link: record what Microsoft's redirect claims, change nothing. */
    Response copiedLinkReturned(String state, String adminConsent, String tenant, String error);

    /**
     * What a consent-ahead link ({@code feature:KEY:VERSION:ahead}) asks for now, for the page the tenant admin opens;
     * empty for every other link, and for one that has nothing left to ask (its version is no longer the next one, or
     * the tenant granted it meanwhile).
     */
    Optional<AheadRequest> ahead(ApprovalLink link);

    /** Where to send the approver; null when the feature app cannot be consented to any more. */
    record Answer(URI redirect) {}

    /**
     * A consent ahead as the approval page shows it: the feature (its name key), the app's client id, the next
     * catalog version, the scope parameter of the admin consent, and the missing delegated and application
     * permissions ({@code throughDefault}: asked through {@code .default}).
     */
    record AheadRequest(
            String nameKey,
            String clientId,
            String version,
            String scope,
            List<String> delegated,
            List<String> application,
            boolean throughDefault) {}
}
