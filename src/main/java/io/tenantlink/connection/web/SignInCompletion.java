package io.tenantlink.connection.web;

import io.tenantlink.connection.SignInPurpose;
import io.tenantlink.connection.SignInRequest;
import jakarta.ws.rs.core.Response;

/**
 * Completes a Microsoft sign-in for the feature that started it: the callback claims and checks the state (this
 * session, this purpose, unexpired, single use), then hands the code to the completion whose purpose it is. Features
 * bring their own completion (a CDI bean), so the callback does not depend on them.
 */
public interface SignInCompletion {

    SignInPurpose purpose();

    /** Redeems the code and answers the browser; every refusal is audited by the completion. */
    Response complete(SignInRequest request, String code, String verifier) throws InterruptedException;
}
