package io.tenantlink.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.access.Role;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditChain;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.connection.ApprovalLinkStatus;
import io.tenantlink.connection.ChatOpsPermissions;
import io.tenantlink.connection.ConnectionStatus;
import io.tenantlink.connection.MicrosoftErrors;
import io.tenantlink.preference.TeamsAvailability;
import io.tenantlink.project.PlanTier;
import io.tenantlink.project.WorkCategory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the message bundle in step with the templates and the Java code: a missing key shows up
 * as ??key?? on a page, which a reader notices at once.
 */
class MessagesBundleTest {

    private static final Path BASE = Path.of(System.getProperty("user.dir"));
    private static final Path BUNDLE = BASE.resolve("src/main/resources/i18n/messages.properties");
    private static final Path VIEWS = BASE.resolve("src/main/webapp/WEB-INF/views");
    private static final Path JAVA = BASE.resolve("src/main/java");

    /** A Thymeleaf message expression; group 1 is its content up to the closing brace. */
    private static final Pattern MESSAGE_EXPRESSION = Pattern.compile("#\\{([^}]*)}");
    /** A static key, optionally followed by its arguments: some.key or some.key(...). */
    private static final Pattern STATIC_KEY = Pattern.compile("\\s*([A-Za-z0-9_.-]+)\\s*(\\(.*)?");
    /** A dynamic key built from a literal prefix: 'prefix.' + ${...}. */
    private static final Pattern DYNAMIC_PREFIX = Pattern.compile("\\s*'([A-Za-z0-9_.-]+\\.)'\\s*\\+\\s*\\$\\{");

    private static final Pattern KEY_CALL =
            Pattern.compile("(?:new\\s+InvalidInputException|\\bflash\\s*\\.\\s*(?:success|error))\\s*\\(");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Dynamic prefixes this test covers by enumerating every value the ${...} part can take. */
    private static final Set<String> COVERED_PREFIXES = Set.of(
            "audit.action.",
            "lifecycle.stage.badge.",
            "audit.outcome.",
            "role.",
            "planTier.",
            "workCategory.",
            "audit.problem.",
            "error.",
            "connection.status.",
            "link.status.",
            "permission.type.",
            "teams.reason.",
            "doctor.status.",
            "doctor.attention.",
            "doctor.failure.",
            "grants.search.refused.",
            "grants.jobStatus.",
            "sitePlan.",
            "priority.",
            "incidentStatus.",
            "timeline.",
            "update.delivery.",
            "incident.field.",
            "apiToken.state.",
            "webhook.status.",
            "automation.outcome.");

    private static Properties bundle;

    @BeforeAll
    static void loadBundle() throws IOException {
        bundle = new Properties();
        try (Reader reader = Files.newBufferedReader(BUNDLE, StandardCharsets.UTF_8)) {
            bundle.load(reader);
        }
        assertFalse(bundle.isEmpty(), "bundle " + BUNDLE + " is empty");
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        assertTrue(Files.isDirectory(root), root + " is not a directory; run from the project base dir");
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    private static String where(Path file, String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return BASE.relativize(file) + ":" + line;
    }

    private static void assertAllPresent(Map<String, String> missing, String what) {
        assertTrue(
                missing.isEmpty(),
                () -> "Keys " + what + " missing from " + BASE.relativize(BUNDLE) + ":\n"
                        + String.join(
                                "\n",
                                missing.entrySet().stream()
                                        .map(e -> "  " + e.getKey() + "  (" + e.getValue() + ")")
                                        .toList()));
    }

    // --- templates ------------------------------------------------------------------------

    @Test
    void everyStaticTemplateKeyIsInTheBundle() throws IOException {
        Map<String, String> missing = new TreeMap<>();
        int found = 0;
        for (Path template : files(VIEWS, ".html")) {
            String text = Files.readString(template, StandardCharsets.UTF_8);
            Matcher m = MESSAGE_EXPRESSION.matcher(text);
            while (m.find()) {
                // #{some.key} or #{some.key(${arg})}: the key is static even when its arguments are not.
                // Keys built at run time ('prefix.' + ${...}, ${...}) do not match and are checked below.
                Matcher key = STATIC_KEY.matcher(m.group(1));
                if (!key.matches()) {
                    continue;
                }
                found++;
                if (!bundle.containsKey(key.group(1))) {
                    missing.put(key.group(1), where(template, text, m.start()));
                }
            }
        }
        assertTrue(found > 50, "expected to find the templates' message keys, found only " + found);
        assertAllPresent(missing, "used in templates");
    }

    @Test
    void everyDynamicTemplatePrefixIsCoveredByThisTest() throws IOException {
        Map<String, String> uncovered = new TreeMap<>();
        Set<String> seen = new TreeSet<>();
        for (Path template : files(VIEWS, ".html")) {
            String text = Files.readString(template, StandardCharsets.UTF_8);
            Matcher m = MESSAGE_EXPRESSION.matcher(text);
            while (m.find()) {
                Matcher prefix = DYNAMIC_PREFIX.matcher(m.group(1));
                if (prefix.lookingAt()) {
                    seen.add(prefix.group(1));
                    if (!COVERED_PREFIXES.contains(prefix.group(1))) {
                        uncovered.put(prefix.group(1), where(template, text, m.start()));
                    }
                }
            }
        }
        assertTrue(uncovered.isEmpty(), "dynamic message prefixes with no enumeration in this test: " + uncovered);
        assertEquals(COVERED_PREFIXES, seen, "prefixes covered here but no longer used by any template");
    }

    @Test
    void everyEnumValueShownOnAPageHasItsKey() {
        Map<String, String> missing = new TreeMap<>();
        expectAll(missing, "audit.action.", AuditAction.values());
        expectAll(missing, "audit.outcome.", AuditOutcome.values());
        expectAll(missing, "role.", Role.values());
        expectAll(missing, "planTier.", PlanTier.values());
        expectAll(missing, "workCategory.", WorkCategory.values());
        expectAll(missing, "audit.problem.", AuditChain.Problem.values());
        expectAll(missing, "connection.status.", ConnectionStatus.values());
        expectAll(missing, "link.status.", ApprovalLinkStatus.values());
        expectAll(missing, "permission.type.", ChatOpsPermissions.Type.values());
        expectAll(missing, "teams.reason.", TeamsAvailability.Reason.values());
        expectAll(missing, "doctor.status.", io.tenantlink.doctor.CheckStatus.values());
        expectAll(missing, "doctor.attention.", io.tenantlink.doctor.Attention.Reason.values());
        expectAll(missing, "doctor.failure.", io.tenantlink.doctor.ConsentReader.FailureKind.values());
        expectAll(missing, "grants.search.refused.", io.tenantlink.grants.UserDirectory.Refusal.values());
        // The job page and its CSV name job and user states in plain words (keys built in GrantJobController).
        expectAll(missing, "grants.jobStatus.", io.tenantlink.grants.GrantJobStatus.values());
        expectAll(missing, "grants.outcome.", io.tenantlink.grants.GrantOutcome.values());
        expectAll(missing, "sitePlan.", io.tenantlink.site.SitePlan.values());
        expectAll(missing, "priority.", io.tenantlink.incident.Priority.values());
        expectAll(missing, "incidentStatus.", io.tenantlink.incident.IncidentStatus.values());
        expectAll(missing, "timeline.", io.tenantlink.incident.TimelineEntryType.values());
        expectAll(missing, "update.delivery.", io.tenantlink.incident.DeliveryStatus.values());
        expectAll(missing, "apiToken.state.", io.tenantlink.api.token.ApiTokenState.values());
        expectAll(missing, "webhook.status.", io.tenantlink.webhook.DeliveryStatus.values());
        expectAll(missing, "automation.outcome.", io.tenantlink.automation.RunOutcome.values());
        // Lifecycle warnings: the badge on the page, the stage in titles (WarningTexts), the credentials' names.
        expectAll(missing, "lifecycle.stage.badge.", io.tenantlink.lifecycle.Stage.values());
        expectAll(missing, "lifecycle.stage.", io.tenantlink.lifecycle.Stage.values());
        for (String app : List.of("chatops", "management")) {
            for (String kind : List.of("-secret", "-certificate")) {
                expectKey(missing, "lifecycle.credential." + app + kind, "AppCredentials");
            }
            expectKey(missing, "lifecycle.app." + app, "WarningTexts.sources");
        }
        // Where the credential dates come from: why Graph could not be read, per outcome (READ has its own sentence).
        for (io.tenantlink.lifecycle.RegistrationRead.Outcome outcome :
                io.tenantlink.lifecycle.RegistrationRead.Outcome.values()) {
            if (outcome != io.tenantlink.lifecycle.RegistrationRead.Outcome.READ) {
                expectKey(missing, "lifecycle.sources.why." + outcome, "WarningTexts.sources");
            }
        }
        // The consent matrix and timeline build their keys (ConsentMatrix.State, ConsentTimelineView.Kind).
        expectAll(missing, "matrix.state.", io.tenantlink.doctor.ConsentMatrix.State.values());
        expectAll(missing, "matrix.legend.", io.tenantlink.doctor.ConsentMatrix.State.values());
        expectAll(missing, "consentTimeline.kind.", io.tenantlink.ledger.ConsentTimelineView.Kind.values());
        // The grant ledger's view records build their keys (LedgerView).
        expectAll(missing, "ledger.status.", io.tenantlink.ledger.LedgerView.Status.values());
        expectAll(missing, "ledger.type.", io.tenantlink.ledger.LedgerView.Type.values());
        expectAll(missing, "ledger.installed.", io.tenantlink.ledger.LedgerView.Installed.values());
        expectKey(missing, "ledger.installed.NOT_CHECKED", "LedgerView.App");
        for (String prefix : List.of("ledger.path.", "ledger.who.", "ledger.who.unknown.", "ledger.onBehalf.")) {
            expectAll(missing, prefix, io.tenantlink.ledger.LedgerView.Path.values());
        }
        for (String field : io.tenantlink.incident.ChangeLog.FIELDS) {
            expectKey(missing, "incident.field." + field, "ChangeLog.FIELDS");
        }
        for (io.tenantlink.catalog.FeatureApp feature :
                io.tenantlink.catalog.FeatureCatalog.builtIn().features()) {
            if (!bundle.containsKey("doctor.feature." + feature.key())) {
                missing.put("doctor.feature." + feature.key(), "catalog/feature-apps.json");
            }
        }
        for (TeamsAvailability.Reason reason : TeamsAvailability.Reason.values()) {
            assertEquals(
                    "teams.reason." + reason.name(),
                    reason.messageKey(),
                    "the key Java code uses is the one the pages use");
        }
        for (ChatOpsPermissions.Entry permission : ChatOpsPermissions.ALL) {
            if (!bundle.containsKey(permission.reasonKey())) {
                missing.put(permission.reasonKey(), "ChatOpsPermissions");
            }
        }
        FeatureCatalog catalog = FeatureCatalog.builtIn();
        for (String scope : catalog.baseScopes()) {
            expectKey(missing, FeatureCatalog.baseReasonKey(scope), "catalog base scope");
        }
        for (FeatureApp feature : catalog.features()) {
            expectKey(missing, feature.nameKey(), "catalog feature " + feature.key());
            for (String scope : feature.required()) {
                expectKey(missing, feature.reasonKey(scope), "catalog feature " + feature.key());
            }
            for (String scope : feature.optional()) {
                expectKey(missing, feature.reasonKey(scope), "catalog feature " + feature.key());
                expectKey(missing, feature.unlocksKey(scope), "catalog feature " + feature.key());
            }
            for (String permission : feature.application()) {
                expectKey(missing, feature.applicationReasonKey(permission), "catalog feature " + feature.key());
            }
        }
        for (Integer code : MicrosoftErrors.EXPLAINED) {
            for (String part : List.of(".title", ".action")) {
                if (!bundle.containsKey(MicrosoftErrors.keyOf(code) + part)) {
                    missing.put(MicrosoftErrors.keyOf(code) + part, "MicrosoftErrors");
                }
            }
        }
        assertAllPresent(missing, "for enum values");
    }

    private static void expectKey(Map<String, String> missing, String key, String where) {
        if (!bundle.containsKey(key)) {
            missing.put(key, where);
        }
    }

    private static void expectAll(Map<String, String> missing, String prefix, Enum<?>[] values) {
        for (Enum<?> value : values) {
            String key = prefix + value.name();
            if (!bundle.containsKey(key)) {
                missing.put(key, value.getDeclaringClass().getName());
            }
        }
    }

    @Test
    void everyErrorPageKindHasTitleAndText() {
        Map<String, String> missing = new TreeMap<>();
        for (String kind : List.of("400", "403", "404", "405", "409", "500")) {
            for (String part : List.of(".title", ".text")) {
                String key = "error." + kind + part;
                if (!bundle.containsKey(key)) {
                    missing.put(key, "errors/error.html");
                }
            }
        }
        assertAllPresent(missing, "for error pages");
    }

    // --- Java -----------------------------------------------------------------------------

    @Test
    void everyKeyGivenToExceptionsAndFlashIsInTheBundle() throws IOException {
        Map<String, String> missing = new TreeMap<>();
        int found = 0;
        for (Path source : files(JAVA, ".java")) {
            String text = Files.readString(source, StandardCharsets.UTF_8);
            Matcher call = KEY_CALL.matcher(text);
            while (call.find()) {
                for (String key : literalKeysOfFirstArgument(text, call.end())) {
                    found++;
                    if (!bundle.containsKey(key)) {
                        missing.put(key, where(source, text, call.start()));
                    }
                }
            }
        }
        assertTrue(found > 20, "expected to find message keys in Java code, found only " + found);
        assertAllPresent(missing, "used in Java code");
    }

    /**
     * The string literals that can become the first argument: the argument itself when it is a
     * literal, or the branches of a conditional ({@code cond ? "a.key" : "b.key"}). Literals used
     * only inside the condition (such as {@code "true".equals(x)}) are not keys.
     */
    private static List<String> literalKeysOfFirstArgument(String text, int start) {
        int depth = 0;
        int end = start;
        boolean inString = false;
        for (; end < text.length(); end++) {
            char c = text.charAt(end);
            if (inString) {
                if (c == '\\') {
                    end++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
        }
        String argument = text.substring(start, end).strip();
        List<String> keys = new ArrayList<>();
        Matcher literal = STRING_LITERAL.matcher(argument);
        while (literal.find()) {
            String before = argument.substring(0, literal.start()).stripTrailing();
            String after = argument.substring(literal.end()).stripLeading();
            boolean receiver = after.startsWith("."); // "true".equals(x) is a condition, not a key
            if (!receiver && (before.isEmpty() || before.endsWith("?") || before.endsWith(":"))) {
                keys.add(literal.group(1));
            }
        }
        return keys;
    }

    // --- bundle values --------------------------------------------------------------------

    @Test
    void noValueContainsAnAsciiApostrophe() {
        Map<String, String> offending = new TreeMap<>();
        for (String key : bundle.stringPropertyNames()) {
            String value = bundle.getProperty(key);
            if (value.indexOf('\'') >= 0) {
                offending.put(key, value);
            }
        }
        assertTrue(
                offending.isEmpty(),
                () -> "MessageFormat swallows ASCII apostrophes; use \u2019 instead in: " + offending);
    }
}
