package io.tenantlink.account;

import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.PasswordHashing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.EnumSet;
import java.util.Set;

/** Checks a username and password against the portal's accounts. Everyone signed in is in group "user". */
@ApplicationScoped
public class AccountIdentityStore implements IdentityStore {

    public static final String USER_GROUP = "user";

    @Inject
    AccountRepository accounts;

    @Inject
    PasswordHashing hashing;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String password = login.getPasswordAsString();
        Account account;
        try {
            account = accounts.findByUsername(Account.normaliseUsername(login.getCaller()))
                    .orElse(null);
        } catch (InvalidInputException malformedUsername) {
            account = null;
        }
        if (account == null || !account.isEnabled()) {
            hashing.spendTimeOnUnknownUser(password);
            return CredentialValidationResult.INVALID_RESULT;
        }
        if (!hashing.matches(password, account.getPasswordHash())) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        return new CredentialValidationResult(account.getUsername(), Set.of(USER_GROUP));
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE);
    }
}
