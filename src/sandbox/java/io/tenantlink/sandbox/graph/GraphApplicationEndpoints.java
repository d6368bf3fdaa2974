package io.tenantlink.sandbox.graph;

import io.tenantlink.sandbox.directory.DirectoryData;
import io.tenantlink.sandbox.directory.SandboxDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * App registrations (application objects) of the Graph stand-in, after Microsoft's application-get and application-list:
 * GET /applications(appId='{appId}'), GET /applications/{id} and GET /applications?$filter=appId eq '{appId}' (also
 * {@code id}, {@code displayName}), with {@code $select}. The registrations are the directory's applications, which
 * live in its publisher tenant: elsewhere the alternate key and the id are 404 and the list is empty. Their secrets
 * and certificates (passwordCredentials, keyCredentials) are the directory's, or one secret made from the app's client
 * secret; the control API replaces them (PUT /sandbox/control/applications/{appId}/credentials). A caller needs
 * {@link GraphAccess#APPLICATIONS_READ} (403 Authorization_RequestDenied otherwise), its own registration included.
 */
final class GraphApplicationEndpoints {

    static final List<String> APPLICATION_PROPERTIES = List.of(
            "id",
            "deletedDateTime",
            "appId",
            "displayName",
            "createdDateTime",
            "publisherDomain",
            "signInAudience",
            "keyCredentials",
            "passwordCredentials");

    static final ODataFilter.Schema APPLICATION_FILTER = new ODataFilter.Schema("Application")
            .property("id", ODataFilter.Op.EQ, ODataFilter.Op.IN)
            .property("appId", ODataFilter.Op.EQ, ODataFilter.Op.IN)
            .property("displayName", ODataFilter.Op.EQ, ODataFilter.Op.IN, ODataFilter.Op.STARTSWITH);

    private static final String TYPE = "microsoft.graph.application";

    private final SandboxDirectory directory;
    private final GraphDispatcher dispatcher;

    GraphApplicationEndpoints(SandboxDirectory directory, GraphDispatcher dispatcher) {
        this.directory = directory;
        this.dispatcher = dispatcher;
    }

    /** /applications, /applications/{id}. */
    GraphResponse route(GraphDispatcher.Call call) {
        List<String> s = call.segments();
        if (s.size() == 1) {
            return only(call, () -> list(call));
        }
        if (s.size() == 2) {
            return only(call, () -> byId(call, s.get(1)));
        }
        throw GraphError.notServed();
    }

    /** applications(appId='{appId}'): Graph's alternate key. */
    GraphResponse byAlternateKey(GraphDispatcher.Call call, String segment) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)applications\\(appId='([^']*)'\\)")
                .matcher(segment);
        if (!m.matches() || call.segments().size() != 1) {
            throw GraphError.segmentNotFound(segment);
        }
        return only(call, () -> {
            call.caller().require(GraphAccess.APPLICATIONS_READ);
            List<String> select = select(call);
            String appId = m.group(1);
            Map<String, Object> app = registrations(call).stream()
                    .filter(a -> appId.equalsIgnoreCase((String) a.get("appId")))
                    .findFirst()
                    .orElseThrow(() -> GraphError.notFound(appId));
            return entity(GraphObjects.selectFrom(app, select), select);
        });
    }

    private GraphResponse byId(GraphDispatcher.Call call, String id) {
        call.caller().require(GraphAccess.APPLICATIONS_READ);
        List<String> select = select(call);
        Map<String, Object> app = registrations(call).stream()
                .filter(a -> id.equalsIgnoreCase((String) a.get("id")))
                .findFirst()
                .orElseThrow(() -> GraphError.notFound(id));
        return entity(GraphObjects.selectFrom(app, select), select);
    }

    private GraphResponse list(GraphDispatcher.Call call) {
        call.caller().require(GraphAccess.APPLICATIONS_READ);
        ODataQuery q = call.query().allowOnly(List.of("$select", "$filter", "$top", "$skiptoken"));
        List<String> select = q.select(APPLICATION_PROPERTIES, TYPE);
        Optional<ODataFilter.Expr> filter = q.option("$filter").map(f -> ODataFilter.parse(f, APPLICATION_FILTER));
        int top = q.top(GraphDispatcher.DEFAULT_PAGE, GraphDispatcher.MAX_PAGE);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> app : registrations(call)) {
            if (filter.isEmpty() || filter.get().test(app::get)) {
                items.add(GraphObjects.selectFrom(app, select));
            }
        }
        return dispatcher.page(call, context(select), items, top);
    }

    private List<String> select(GraphDispatcher.Call call) {
        call.query().allowOnly(List.of("$select"));
        return call.query().select(APPLICATION_PROPERTIES, TYPE);
    }

    /** The registrations the caller's tenant holds: the directory's apps in the publisher tenant, none elsewhere. */
    private List<Map<String, Object>> registrations(GraphDispatcher.Call call) {
        DirectoryData data = directory.data();
        if (data.publisherTenantId == null || !data.publisherTenantId.equalsIgnoreCase(call.tenant().id)) {
            return List.of();
        }
        List<Map<String, Object>> all = new ArrayList<>();
        for (DirectoryData.Application app : data.applications) {
            all.add(GraphApplications.json(app, call.tenant().domain));
        }
        return all;
    }

    private static GraphResponse only(GraphDispatcher.Call call, java.util.function.Supplier<GraphResponse> get) {
        if (!call.method().equals("GET")) {
            throw GraphError.methodNotAllowed();
        }
        return get.get();
    }

    private static String context(List<String> select) {
        return GraphObjects.BASE + "/$metadata#applications"
                + (select.isEmpty() ? "" : "(" + String.join(",", select) + ")");
    }

    private static GraphResponse entity(Map<String, Object> json, List<String> select) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", context(select) + "/$entity");
        body.putAll(json);
        return GraphResponse.json(200, body);
    }
}
