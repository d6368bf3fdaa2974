package io.tenantlink.account;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Breadcrumbs;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** Operators create portal accounts (with a first password the person must change) and disable them. */
@Controller
@Path("accounts")
@RequestScoped
public class AccountController {

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    CurrentUser currentUser;

    @Inject
    AccountService accountService;

    @Inject
    Flash flash;

    @GET
    public String list() {
        access.require(Permission.MANAGE_ACCOUNTS);
        models.put("accounts", accountService.all());
        models.put("breadcrumbs", Breadcrumbs.sites().hereKey("accounts.title"));
        return "accounts/list.html";
    }

    @GET
    @Path("new")
    public String newAccount() {
        access.require(Permission.MANAGE_ACCOUNTS);
        models.put("breadcrumbs", newTrail());
        return "accounts/new.html";
    }

    @POST
    public Response create(
            @FormParam("username") String username,
            @FormParam("displayName") String displayName,
            @FormParam("password") String password,
            @FormParam("operator") String operator) {
        access.require(Permission.MANAGE_ACCOUNTS);
        try {
            Account account =
                    accountService.create(currentUser.actor(), username, displayName, password, operator != null);
            flash.success("account.created", account.getUsername());
            return Views.redirect("/accounts");
        } catch (InvalidInputException problem) {
            models.put("username", username);
            models.put("displayName", displayName);
            models.put("breadcrumbs", newTrail());
            return Views.invalid(models, problem, "accounts/new.html");
        }
    }

    @POST
    @Path("{accountId}/enabled")
    public Response setEnabled(@PathParam("accountId") long accountId, @FormParam("enabled") String enabled) {
        access.require(Permission.MANAGE_ACCOUNTS);
        try {
            accountService.setEnabled(currentUser.actor(), accountId, "true".equals(enabled));
            flash.success("true".equals(enabled) ? "account.enabled" : "account.disabled");
        } catch (InvalidInputException problem) {
            flash.error(problem.messageKey(), problem.arguments());
        }
        return Views.redirect("/accounts");
    }

    /** Sites › Accounts › Create account. */
    private static java.util.List<Breadcrumbs.Crumb> newTrail() {
        return Breadcrumbs.sites().key("accounts.title", "/accounts").hereKey("accounts.create");
    }
}
