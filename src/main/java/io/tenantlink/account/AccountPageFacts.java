package io.tenantlink.account;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.PageFacts;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The layout's facts about accounts: the operator's navigation and the password rule. */
@RequestScoped
public class AccountPageFacts implements PageFacts {

    @Inject
    CurrentUser currentUser;

    @Inject
    AccessGuard access;

    @Override
    public boolean operator() {
        return currentUser.isSignedIn() && access.policy().allows(Permission.MANAGE_ACCOUNTS);
    }

    @Override
    public int passwordMinLength() {
        return PasswordPolicy.MIN_LENGTH;
    }
}
