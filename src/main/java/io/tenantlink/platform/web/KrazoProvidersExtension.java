package io.tenantlink.platform.web;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import org.eclipse.krazo.forms.FormMethodOverwriteFilter;

/**
 * Krazo's form-method filter is not a CDI bean here, so Jersey makes it once, as it makes any provider, instead of once
 * per request: Jersey gives a CDI bean provider the request scope, and the filter's constructor looks its form reader
 * up with a {@code ServiceLoader}, which reads {@code META-INF/services} in every jar of Payara's class loaders (5 % of
 * a page's CPU in a JFR profile, issue 16).
 */
public class KrazoProvidersExtension implements Extension {

    void notABean(@Observes ProcessAnnotatedType<FormMethodOverwriteFilter> type) {
        type.veto();
    }
}
