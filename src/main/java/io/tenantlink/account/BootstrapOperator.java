package io.tenantlink.account;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * First start with no accounts: creates the operator account. Its one-time password comes from
 * TENANTLINK_BOOTSTRAP_PASSWORD or is generated and printed once; it must be changed at first login. Instances started
 * together on an empty database (deploy/run-cluster.sh) take turns through a lease ({@code bootstrap-operator}): one
 * creates it and only that one prints it; should the lease not be had in time, an insert refused by the unique
 * username means another instance created it, and this one carries on.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BootstrapOperator {

    private static final Logger LOG = Logger.getLogger(BootstrapOperator.class.getName());
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    @Inject
    AccountService accountService;

    @Inject
    AccountRepository accounts;

    @Inject
    io.tenantlink.platform.concurrent.WorkLeases leases;

    @Inject
    @ConfigProperty(name = "tenantlink.bootstrap.username", defaultValue = "admin")
    String username;

    @Inject
    @ConfigProperty(name = "tenantlink.bootstrap.password")
    java.util.Optional<String> configuredPassword;

    @Inject
    @ConfigProperty(name = "tenantlink.public-url", defaultValue = "http://localhost:8080/")
    String publicUrl;

    @PostConstruct
    void bootstrap() {
        // Instances started together on an empty database: one at a time looks and creates (the others then find it).
        String lease = "bootstrap-operator";
        long deadline = System.nanoTime() + leases.length().multipliedBy(2).toNanos();
        while (!leases.take(lease) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            bootstrapOnce();
        } finally {
            if (leases.holds(lease)) {
                leases.release(lease);
            }
        }
    }

    /** The look and the insert, under the lease (package-private for BootstrapOperatorTest). */
    void bootstrapOnce() {
        if (accounts.count() > 0) {
            LOG.info(() -> "TenantLink is ready at " + publicUrl + " - sign in with your portal account.");
            return;
        }
        boolean generated = configuredPassword.filter(p -> !p.isBlank()).isEmpty();
        String password = generated ? randomPassword() : configuredPassword.get();
        try {
            accountService.create("system:bootstrap", username, "Operator", password, true);
        } catch (io.tenantlink.platform.InvalidInputException badSetting) {
            if ("account.error.taken".equals(badSetting.messageKey())) {
                // Another instance of a cluster created it between the count above and this insert.
                createdByAnotherInstance();
                return;
            }
            LOG.severe(() ->
                    "Cannot create the first operator account: TENANTLINK_BOOTSTRAP_USERNAME/PASSWORD break the rules ("
                            + io.tenantlink.platform.web.Messages.get(
                                    java.util.Locale.ENGLISH, badSetting.messageKey(), badSetting.arguments())
                            + "). Fix the setting and start again.");
            throw badSetting;
        } catch (RuntimeException refused) {
            // Instances of a cluster started at once on an empty database: one of them creates the account, the
            // others' inserts break the unique username (their transaction is rolled back: nothing of theirs is
            // written) and they carry on. (Not asked of the database again here: a count asked after the refusal
            // sent the refused insert once more.)
            if (!io.tenantlink.platform.db.DatabaseOutage.isConstraintViolation(refused)) {
                throw refused;
            }
            createdByAnotherInstance();
            return;
        }
        if (generated) {
            LOG.warning(() -> "TenantLink is ready at " + publicUrl + " - first start: sign in as '" + username
                    + "' with the one-time password " + password
                    + " (shown only this once; you must change it at first sign-in).");
        } else {
            LOG.warning(() -> "TenantLink is ready at " + publicUrl + " - first start: sign in as '" + username
                    + "' with the password from TENANTLINK_BOOTSTRAP_PASSWORD; you must change it at first sign-in.");
        }
    }

    private void createdByAnotherInstance() {
        LOG.info(() -> "TenantLink is ready at " + publicUrl + " - another instance created the first operator"
                + " account at the same time; its log says how to sign in.");
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
