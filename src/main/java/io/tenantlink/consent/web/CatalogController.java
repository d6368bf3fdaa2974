package io.tenantlink.consent.web;

import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.catalog.FeatureView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The catalog of feature apps, for any signed-in user: what each asks for, of which type, and why. */
@Controller
@Path("catalog")
@RequestScoped
public class CatalogController {

    @Inject
    Models models;

    @Inject
    FeatureApps featureApps;

    @GET
    public String catalog() {
        models.put("catalogVersion", featureApps.catalog().version());
        models.put(
                "features",
                featureApps.catalog().features().stream()
                        .map(f -> FeatureView.of(
                                featureApps.catalog(),
                                f,
                                featureApps.clientId(f).orElse(null)))
                        .toList());
        models.put("breadcrumbs", io.tenantlink.platform.web.Breadcrumbs.sites().hereKey("featureApps.catalog.title"));
        return "features/catalog.html";
    }
}
