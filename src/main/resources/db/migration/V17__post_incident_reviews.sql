-- Issue 13 item 5: post-incident reviews (Premium and Enterprise; kept read-only after a downgrade).
-- Portable between MariaDB and H2 (MODE=LEGACY): AUTO_INCREMENT, DATETIME(6), DATE, BOOLEAN.

-- An incident's review (at most one), written when someone first saves anything of it. Every change also goes on the
-- incident's timeline (REVIEW entries: who, when, what).
CREATE TABLE post_incident_review (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    incident_id       BIGINT        NOT NULL,
    summary           VARCHAR(4000) NOT NULL,
    created_at        DATETIME(6)   NOT NULL,
    created_by        VARCHAR(200)  NOT NULL,
    updated_at        DATETIME(6)   NOT NULL,
    updated_by        VARCHAR(200)  NOT NULL,
    chat_exported_at  DATETIME(6),
    chat_exported_by  VARCHAR(200),
    chat_cut          BOOLEAN       NOT NULL,
    version           BIGINT        NOT NULL,
    CONSTRAINT uq_review_incident UNIQUE (incident_id),
    CONSTRAINT fk_review_incident FOREIGN KEY (incident_id) REFERENCES incident (id)
);

-- What the review decided someone does: the owner is a person of the site (owner_person_id; the person cannot be
-- removed while they own an item) or free text (owner_text), exactly one of them.
CREATE TABLE review_action_item (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    review_id        BIGINT        NOT NULL,
    description      VARCHAR(500)  NOT NULL,
    owner_person_id  BIGINT,
    owner_text       VARCHAR(200),
    due_date         DATE,
    done             BOOLEAN       NOT NULL,
    created_at       DATETIME(6)   NOT NULL,
    created_by       VARCHAR(200)  NOT NULL,
    CONSTRAINT fk_action_item_review FOREIGN KEY (review_id) REFERENCES post_incident_review (id)
);
CREATE INDEX ix_action_item_review ON review_action_item (review_id, id);
CREATE INDEX ix_action_item_owner ON review_action_item (owner_person_id);

-- The incident chat's messages as last exported (a new export replaces them): sender's display name, when it was
-- sent, the text without markup. line_no: oldest first.
CREATE TABLE review_chat_message (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    review_id    BIGINT        NOT NULL,
    line_no      INT           NOT NULL,
    sender_name  VARCHAR(256),
    sent_at      DATETIME(6),
    body         VARCHAR(4000) NOT NULL,
    CONSTRAINT fk_chat_message_review FOREIGN KEY (review_id) REFERENCES post_incident_review (id),
    CONSTRAINT uq_chat_message_position UNIQUE (review_id, line_no)
);
