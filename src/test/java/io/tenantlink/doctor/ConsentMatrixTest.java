package io.tenantlink.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.doctor.ConsentMatrix.State;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsentMatrixTest {

    static FeatureCheck check(String key, CheckStatus status, List<String> missing, List<String> extra) {
        return new FeatureCheck(
                key, "client-" + key, status, new ScopeDiff(List.of("User.Read"), missing, extra), ScopeDiff.EMPTY);
    }

    static final List<ConsentMatrix.Feature> FEATURES = List.of(
            new ConsentMatrix.Feature("email", "Email"),
            new ConsentMatrix.Feature("chatops", "TenantLink ChatOps"),
            new ConsentMatrix.Feature("teams-portal-notifications", "Teams JSM portal notifications"));

    @Test
    void classifiesEachCheckAsThePictureShowsIt() {
        assertEquals(State.NOT_CHECKED, ConsentMatrix.classify(null));
        assertEquals(State.GRANTED, ConsentMatrix.classify(check("a", CheckStatus.OK, List.of(), List.of())));
        assertEquals(State.EXTRA, ConsentMatrix.classify(check("a", CheckStatus.OK, List.of(), List.of("Mail.Read"))));
        assertEquals(
                State.EXTRA,
                ConsentMatrix.classify(new FeatureCheck(
                        "a",
                        "c",
                        CheckStatus.OK,
                        ScopeDiff.EMPTY,
                        new ScopeDiff(List.of(), List.of(), List.of("Sites.Read.All")))),
                "an extra application permission is extra too");
        assertEquals(
                State.MISSING,
                ConsentMatrix.classify(check("a", CheckStatus.MISSING, List.of("Chat.Create"), List.of("Mail.Read"))),
                "missing wins over extra: it needs a fix");
        assertEquals(
                State.NOT_INSTALLED,
                ConsentMatrix.classify(check("a", CheckStatus.NOT_INSTALLED, List.of(), List.of())));
        assertEquals(
                State.NOT_CONFIGURED,
                ConsentMatrix.classify(check("a", CheckStatus.NOT_CONFIGURED, List.of(), List.of())));
    }

    @Test
    void laysOutRowsColumnsCellsLinksAndLegend() {
        ConsentMatrix.Tenant contoso = new ConsentMatrix.Tenant(
                4,
                "Contoso",
                Map.of(
                        "email", check("email", CheckStatus.NOT_INSTALLED, List.of("Mail.Send"), List.of()),
                        "chatops", check("chatops", CheckStatus.OK, List.of(), List.of())),
                Map.of("email", "https://login.example/contoso/v2.0/adminconsent?client_id=client-email"),
                "/sites/1/chat-tools/teams/4/consent");
        ConsentMatrix.Tenant fabrikam = new ConsentMatrix.Tenant(
                9,
                "Fabrikam Incorporated Worldwide Holdings",
                Map.of("chatops", check("chatops", CheckStatus.MISSING, List.of("Chat.Create"), List.of())),
                Map.of(),
                "/sites/1/chat-tools/teams/9/consent");
        ConsentMatrixView m = ConsentMatrix.build(FEATURES, List.of(contoso, fabrikam), 9L);

        assertEquals(2, m.rows().size());
        assertEquals(3, m.columns().size());
        int step = ConsentMatrix.CELL_WIDTH + ConsentMatrix.GAP;
        assertEquals(
                Math.max(
                        ConsentMatrix.LABEL_WIDTH + 3 * step,
                        ConsentMatrix.LABEL_WIDTH + 2 * ConsentMatrix.LEGEND_ITEM_WIDTH),
                m.width(),
                "wide enough for the columns and for two legend entries");
        assertEquals(ConsentMatrix.LABEL_WIDTH + 8 * step, ConsentMatrix.width(8));
        assertEquals("0 0 " + m.width() + " " + m.height(), m.viewBox());

        // columns left to right, headers wrapped between words and never wider than a cell
        assertEquals(
                ConsentMatrix.LABEL_WIDTH + ConsentMatrix.CELL_WIDTH / 2,
                m.columns().get(0).x());
        assertEquals(m.columns().get(0).x() + step, m.columns().get(1).x());
        assertEquals(List.of("TenantLink", "ChatOps"), m.columns().get(1).lines());
        assertEquals(
                List.of("Teams JSM portal", "notifications"), m.columns().get(2).lines());
        assertEquals(
                ConsentMatrix.HEADER_HEIGHT - 8,
                m.columns().get(1).lineY(1),
                "the last header line sits just above the first row");

        // rows top to bottom; the page's tenant marked; a long name clipped in the picture, whole in the table
        ConsentMatrixView.Row first = m.rows().get(0);
        ConsentMatrixView.Row second = m.rows().get(1);
        assertFalse(first.current());
        assertTrue(second.current());
        assertEquals("Fabrikam Incorporated Wor…", second.label());
        assertEquals(ConsentMatrix.LABEL_CHARS, second.label().length());
        assertEquals("Fabrikam Incorporated Worldwide Holdings", second.name());
        assertEquals(
                ConsentMatrix.CELL_HEIGHT + ConsentMatrix.GAP,
                second.cells().get(0).y() - first.cells().get(0).y());

        // cells: state, place and link (the consent link when consent fixes it, else the tenant's consent status)
        ConsentMatrixView.Cell email = first.cells().get(0);
        assertEquals(State.NOT_INSTALLED, email.state());
        assertTrue(email.consentLink());
        assertTrue(email.href().contains("adminconsent"), email.href());
        assertEquals(ConsentMatrix.LABEL_WIDTH, email.x());
        assertEquals(ConsentMatrix.HEADER_HEIGHT, email.y());
        ConsentMatrixView.Cell chatops = first.cells().get(1);
        assertEquals(State.GRANTED, chatops.state());
        assertFalse(chatops.consentLink());
        assertEquals("/sites/1/chat-tools/teams/4/consent#feature-chatops", chatops.href());
        assertEquals(ConsentMatrix.LABEL_WIDTH + step, chatops.x());
        assertEquals(State.NOT_CHECKED, first.cells().get(2).state());
        ConsentMatrixView.Cell missing = second.cells().get(1);
        assertEquals(State.MISSING, missing.state());
        assertFalse(missing.consentLink(), "no consent link known: the cell opens the consent status");
        assertEquals("/sites/1/chat-tools/teams/9/consent#feature-chatops", missing.href());
        assertTrue(missing.textY() > missing.y() && missing.textY() < missing.y() + missing.height());

        // every state in the legend, below the grid and inside the picture
        assertEquals(State.values().length, m.legend().size());
        int gridBottom = ConsentMatrix.HEADER_HEIGHT + 2 * (ConsentMatrix.CELL_HEIGHT + ConsentMatrix.GAP);
        for (ConsentMatrixView.LegendItem item : m.legend()) {
            assertTrue(item.y() > gridBottom, "legend below the grid");
            assertTrue(item.y() + item.size() <= m.height(), "legend inside the picture");
            assertTrue(item.x() + ConsentMatrix.LEGEND_ITEM_WIDTH <= m.width(), "legend inside the picture");
        }
        // counts for the summary
        assertEquals(1, count(m, State.GRANTED));
        assertEquals(1, count(m, State.MISSING));
        assertEquals(1, count(m, State.NOT_INSTALLED));
        assertEquals(3, count(m, State.NOT_CHECKED));
        assertEquals(2, m.needingConsent());
        assertEquals(4, m.present().size());
    }

    @Test
    void anEmptySiteDrawsNothing() {
        ConsentMatrixView m = ConsentMatrix.build(FEATURES, List.of(), null);
        assertTrue(m.empty());
        assertEquals(0, m.needingConsent());
    }

    @Test
    void wrapsAndClipsText() {
        assertEquals(List.of("Email"), ConsentMatrix.wrap("Email", 17, 3));
        assertEquals(
                List.of("one two three", "four five six", "seven eight nine…"),
                ConsentMatrix.wrap("one two three four five six seven eight nine ten eleven", 17, 3));
        assertEquals("abcdefghi…", ConsentMatrix.clip("abcdefghijklmnop", 10));
        assertEquals("short", ConsentMatrix.clip("short", 10));
    }

    private static int count(ConsentMatrixView m, State state) {
        return m.summary().stream()
                .filter(c -> c.state() == state)
                .findFirst()
                .orElseThrow()
                .count();
    }
}
