package io.tenantlink.lifecycle.web;

import io.tenantlink.access.AccessPolicy;
import io.tenantlink.access.Permission;
import io.tenantlink.lifecycle.LifecycleChecker;
import io.tenantlink.lifecycle.LifecycleService;
import io.tenantlink.lifecycle.PublisherCredentials;
import io.tenantlink.lifecycle.WarningTexts;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.site.SitePagePart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The Warnings section of the site page: the site's lifecycle warnings, where the credential dates come from,
 * Acknowledge, Check now, the e-mail address.
 */
@ApplicationScoped
public class LifecycleSitePart implements SitePagePart {

    @Inject
    LifecycleService service;

    @Inject
    LifecycleChecker checker;

    @Inject
    CurrentUser currentUser;

    @Inject
    PublisherCredentials publisher;

    @Override
    public String template() {
        return "lifecycle/site-section";
    }

    @Override
    public boolean contribute(long siteId, AccessPolicy policy, Map<String, Object> model) {
        if (!policy.allowsOnSite(Permission.VIEW_WARNINGS, siteId)) {
            return false;
        }
        boolean canManage = policy.allowsOnSite(Permission.MANAGE_WARNINGS, siteId);
        model.put("warnings", service.views(siteId));
        model.put("canManageWarnings", canManage);
        // The consent-ahead links of re-consent forecasts: for those who may ask for consent (as the consent pages).
        model.put("canConsentAhead", policy.allowsOnSite(Permission.MANAGE_CONNECTIONS, siteId));
        model.put("warningMailConfigured", checker.mailConfigured());
        model.put("warningRecipients", service.recipients(siteId).size());
        model.put(
                "credentialSources",
                WarningTexts.sources(
                        publisher.tenant().isPresent(), publisher.clientIds().keySet(), service.credentialSources()));
        model.put(
                "warningAddress",
                canManage ? service.addressOf(siteId, currentUser.accountId()).orElse("") : "");
        return true;
    }
}
