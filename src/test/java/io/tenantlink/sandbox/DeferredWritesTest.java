package io.tenantlink.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredWritesTest {

    @Test
    void aKeyCreatedTwiceInOneBatchIsADuplicateButNotInTheNextBatch() {
        DeferredWrites.during(() -> {
            assertTrue(DeferredWrites.firstInBatch("grant|lee"));
            assertFalse(DeferredWrites.firstInBatch("grant|lee"), "the second create of the batch");
            assertTrue(DeferredWrites.firstInBatch("assignment|lee"));
            return null;
        });
        assertTrue(
                DeferredWrites.during(() -> DeferredWrites.firstInBatch("grant|lee")), "a new batch remembers nothing");
    }

    @Test
    void aLookupThatFoundSomethingIsRememberedForTheBatchAndAMissIsAskedAgain() {
        AtomicInteger asked = new AtomicInteger();
        DeferredWrites.during(() -> {
            assertEquals(
                    Optional.of("sp"),
                    DeferredWrites.lookup("sp|1", () -> Optional.of("sp" + "".repeat(asked.getAndIncrement()))));
            assertEquals(
                    Optional.of("sp"),
                    DeferredWrites.lookup("sp|1", () -> Optional.of("other" + asked.getAndIncrement())));
            assertEquals(1, asked.get());
            assertEquals(
                    Optional.empty(),
                    DeferredWrites.lookup(
                            "sp|2", () -> Optional.ofNullable(asked.getAndIncrement() > 10 ? "x" : null)));
            assertEquals(
                    Optional.empty(),
                    DeferredWrites.lookup(
                            "sp|2", () -> Optional.ofNullable(asked.getAndIncrement() > 10 ? "x" : null)));
            assertEquals(3, asked.get(), "a miss is not remembered: the batch may create it");
            return null;
        });
    }

    @Test
    void outsideABatchNothingIsDeferredAndTheMarkIsGoneAfterAFailure() {
        assertFalse(DeferredWrites.active());
        assertThrows(
                IllegalStateException.class,
                () -> DeferredWrites.during(() -> {
                    assertTrue(DeferredWrites.active());
                    throw new IllegalStateException("the database refused the commit");
                }));
        assertFalse(DeferredWrites.active(), "the request thread serves the next request without the mark");
    }
}
