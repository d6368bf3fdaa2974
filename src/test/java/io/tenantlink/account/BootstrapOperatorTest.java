package io.tenantlink.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tenantlink.platform.InvalidInputException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Instances of a cluster started at once on an empty database each try to create the first operator account: the one
 * whose insert is refused because another instance's came first starts anyway; any other failure still stops it. (The
 * lease they take turns through first is shown by WorkOnceIT; this is the fallback when it is not had in time.)
 */
class BootstrapOperatorTest {

    @Test
    void anInsertRefusedForTheUniqueUsernameMeansAnotherInstanceCreatedIt() {
        RuntimeException duplicate = new PersistenceException(
                "insert failed",
                new SQLIntegrityConstraintViolationException("Duplicate entry 'admin'", "23000", 1062));
        assertDoesNotThrow(() -> operator(duplicate).bootstrapOnce());
    }

    @Test
    void aUsernameTakenSinceTheCountMeansAnotherInstanceCreatedIt() {
        assertDoesNotThrow(() -> operator(new InvalidInputException("account.error.taken", "admin"))
                .bootstrapOnce());
    }

    @Test
    void anyOtherFailureStillStopsTheStart() {
        RuntimeException down =
                new PersistenceException("no database", new SQLException("Connection refused", "08000"));
        assertSame(
                down, assertThrows(RuntimeException.class, () -> operator(down).bootstrapOnce()));
        RuntimeException weak = new InvalidInputException("password.error.tooShort", 12);
        assertSame(
                weak, assertThrows(RuntimeException.class, () -> operator(weak).bootstrapOnce()));
    }

    private static BootstrapOperator operator(RuntimeException onCreate) {
        BootstrapOperator operator = new BootstrapOperator();
        operator.accounts = new NoAccounts();
        operator.accountService = new AccountService() {
            @Override
            public Account create(
                    String actor, String username, String displayName, String initialPassword, boolean operator) {
                throw onCreate;
            }
        };
        operator.username = "admin";
        operator.configuredPassword = Optional.of("Bootstrap-Passw0rd-Long");
        operator.publicUrl = "https://portal.example/";
        return operator;
    }

    /** The database as the first start sees it: no account yet. */
    private static final class NoAccounts implements AccountRepository {
        @Override
        public Optional<Account> find(long id) {
            return Optional.empty();
        }

        @Override
        public Optional<Account> findByUsername(String username) {
            return Optional.empty();
        }

        @Override
        public List<Account> findAll() {
            return List.of();
        }

        @Override
        public long count() {
            return 0;
        }

        @Override
        public void add(Account account) {
            throw new AssertionError("not asked");
        }
    }
}
