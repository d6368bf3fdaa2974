package io.tenantlink.api.token;

import io.tenantlink.access.Permission;
import io.tenantlink.account.ActorNames;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Breadcrumbs;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteAccess;
import io.tenantlink.site.SiteView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The site's API tokens: list, create (the token shown once), revoke with confirmation. Site admins only. */
@Controller
@Path("sites/{siteId}/api-tokens")
@RequestScoped
public class ApiTokenController {

    @Inject
    Models models;

    @Inject
    SiteAccess siteAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    ApiTokenService tokens;

    @Inject
    Flash flash;

    @Inject
    ActorNames actorNames;

    @GET
    public String list(@PathParam("siteId") long siteId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_API_TOKENS);
        page(site, "", List.of(), 90);
        return "api-tokens/list.html";
    }

    @POST
    public Response create(
            @PathParam("siteId") long siteId,
            @FormParam("name") String name,
            @FormParam("scope") List<String> scopes,
            @FormParam("lifetimeDays") String lifetime) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_API_TOKENS);
        try {
            ApiTokenService.Created created =
                    tokens.create(currentUser.actor(), siteId, name, scopes(scopes), days(lifetime));
            models.put("site", SiteView.of(site));
            models.put("created", created.view());
            models.put("token", created.token());
            models.put("breadcrumbs", trail(site).hereKey("apiToken.createdTitle"));
            // Shown once, on this answer only: never a redirect target, never cached.
            return Response.ok("api-tokens/created.html")
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (InvalidInputException problem) {
            page(site, name, scopes == null ? List.of() : scopes, 90);
            return Views.invalid(models, problem, "api-tokens/list.html");
        }
    }

    @GET
    @Path("{tokenId}/revoke")
    public String confirmRevoke(@PathParam("siteId") long siteId, @PathParam("tokenId") long tokenId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_API_TOKENS);
        models.put("site", SiteView.of(site));
        models.put("apiToken", tokens.find(siteId, tokenId).orElseThrow(NotFoundException::new));
        models.put("breadcrumbs", trail(site).hereKey("apiToken.revoke"));
        return "api-tokens/revoke.html";
    }

    @POST
    @Path("{tokenId}/revoke")
    public Response revoke(@PathParam("siteId") long siteId, @PathParam("tokenId") long tokenId) {
        siteAccess.requireSite(siteId, Permission.MANAGE_API_TOKENS);
        ApiTokenView token = tokens.find(siteId, tokenId).orElseThrow(NotFoundException::new);
        tokens.revoke(currentUser.actor(), siteId, tokenId);
        flash.success("apiToken.revoked", token.name());
        return Views.redirect("/sites/" + siteId + "/api-tokens");
    }

    private void page(Site site, String name, List<String> selected, int lifetime) {
        models.put("site", SiteView.of(site));
        List<ApiTokenView> onSite = tokens.onSite(site.getId());
        models.put("tokens", onSite);
        models.put(
                "names",
                actorNames.named(onSite.stream().map(ApiTokenView::createdBy).toList()));
        models.put("name", name);
        models.put("selected", selected);
        models.put(
                "scopes",
                java.util.Arrays.stream(ApiScope.values()).map(ApiScope::wire).toList());
        models.put("lifetimes", ApiTokenService.LIFETIMES);
        models.put("lifetime", lifetime);
        models.put("breadcrumbs", Breadcrumbs.site(site.getId(), site.getName()).hereKey("apiTokens.title"));
    }

    /** Sites › the site › API tokens. */
    private static Breadcrumbs trail(Site site) {
        return Breadcrumbs.site(site.getId(), site.getName())
                .key("apiTokens.title", "/sites/" + site.getId() + "/api-tokens");
    }

    private static Set<ApiScope> scopes(List<String> values) {
        Set<ApiScope> result = EnumSet.noneOf(ApiScope.class);
        if (values != null) {
            for (String value : values) {
                result.add(
                        ApiScope.ofWire(value).orElseThrow(() -> new InvalidInputException("apiToken.error.scopes")));
            }
        }
        return result;
    }

    private static int days(String value) {
        try {
            return Integer.parseInt(value);
        } catch (RuntimeException e) {
            throw new InvalidInputException("apiToken.error.expiry");
        }
    }
}
