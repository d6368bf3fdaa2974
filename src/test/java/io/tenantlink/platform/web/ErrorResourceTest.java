package io.tenantlink.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tenantlink.platform.db.DatabaseReachability;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The container's error route: a bare 500 (a status with no exception, as JAX-RS sends when writing a response
 * failed) is an outage while the database is away, and stays the error it is otherwise. (Outside the container no
 * JAX-RS runtime builds the 500 or 404 exception itself: those cases are told by what they are not.)
 */
class ErrorResourceTest {

    private final AtomicInteger asked = new AtomicInteger();

    @Test
    void aBare500WhileTheDatabaseIsAwayIsAnOutage() {
        RuntimeException thrown = thrownOn(500, false);
        assertInstanceOf(ErrorResource.DatabaseUnavailable.class, thrown);
        assertEquals(1, asked.get());
    }

    @Test
    void aBare500WithTheDatabaseAnsweringIsNoOutage() {
        RuntimeException thrown = thrownOn(500, true);
        assertFalse(thrown instanceof ErrorResource.DatabaseUnavailable, thrown.toString());
        assertEquals(1, asked.get());
    }

    @Test
    void otherStatusesDoNotAskTheDatabase() {
        RuntimeException thrown = thrownOn(404, false);
        assertFalse(thrown instanceof ErrorResource.DatabaseUnavailable, thrown.toString());
        assertEquals(0, asked.get());
    }

    /** What the error route throws for a request that ended with this status and no exception. */
    private RuntimeException thrownOn(int status, boolean databaseAnswers) {
        ErrorResource resource = resource(status, databaseAnswers);
        return assertThrows(RuntimeException.class, status == 404 ? resource::get : resource::post);
    }

    private ErrorResource resource(int status, boolean databaseAnswers) {
        Map<String, Object> attributes =
                Map.of(RequestDispatcher.ERROR_STATUS_CODE, status, RequestDispatcher.ERROR_REQUEST_URI, "/sites");
        ErrorResource resource = new ErrorResource();
        resource.request = (HttpServletRequest) Proxy.newProxyInstance(
                ErrorResourceTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) ->
                        method.getName().equals("getAttribute") ? attributes.get((String) args[0]) : null);
        resource.database = new DatabaseReachability() {
            @Override
            public boolean answersSteadily() {
                asked.incrementAndGet();
                return databaseAnswers;
            }
        };
        return resource;
    }
}
