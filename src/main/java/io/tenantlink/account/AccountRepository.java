package io.tenantlink.account;

import java.util.List;
import java.util.Optional;

public interface AccountRepository {
    Optional<Account> find(long id);

    Optional<Account> findByUsername(String username);

    List<Account> findAll();

    /** The display names of these accounts by username (unknown usernames left out). */
    default java.util.Map<String, String> displayNames(java.util.Collection<String> usernames) {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        for (String username : usernames) {
            findByUsername(username).ifPresent(a -> names.put(username, a.getDisplayName()));
        }
        return names;
    }

    long count();

    void add(Account account);
}
