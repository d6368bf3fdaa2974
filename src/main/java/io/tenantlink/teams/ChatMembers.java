package io.tenantlink.teams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Who goes into an incident chat: the person who creates it (Graph wants the signed-in user among the members), then
 * the incident's mapped assignee and responders, each Microsoft user once. People without a Microsoft user are left
 * out and listed with the reason. Graph creates a group chat with a delegated token only with at least
 * {@link #GROUP_CHAT_MINIMUM} members.
 */
public final class ChatMembers {

    /** Graph's minimum for a group chat created with a delegated token (the creator and two others). */
    public static final int GROUP_CHAT_MINIMUM = 3;

    /** Graph's minimum for a group chat created with application permissions (no creator among the members). */
    public static final int APP_GROUP_CHAT_MINIMUM = 2;

    /** One of the incident's people as the mapping sees them: a Microsoft user, or the reason there is none. */
    public record Candidate(long personId, String name, String objectId, String reasonKey) {
        public Candidate {
            Objects.requireNonNull(name, "name");
            if (objectId == null && reasonKey == null) {
                throw new IllegalArgumentException("an unmapped person needs a reason");
            }
        }

        public boolean mapped() {
            return objectId != null;
        }
    }

    /** A person left out of the chat, and why (a messages-bundle key). */
    public record LeftOut(long personId, String name, String reasonKey) {}

    /** The chat's members (object ids, the creator first) and who was left out. */
    public record Plan(List<String> memberIds, List<LeftOut> leftOut) {
        public Plan {
            memberIds = List.copyOf(memberIds);
            leftOut = List.copyOf(leftOut);
        }

        /** Whether Graph can create a group chat with these members. */
        public boolean enoughForGroupChat() {
            return memberIds.size() >= GROUP_CHAT_MINIMUM;
        }
    }

    private ChatMembers() {}

    /** The members of a new chat: the creator, then the candidates (assignee first, then responders) in order. */
    public static Plan plan(String creatorObjectId, List<Candidate> candidates) {
        Objects.requireNonNull(creatorObjectId, "creatorObjectId");
        return plan(List.of(creatorObjectId), candidates);
    }

    /** The members of a chat an application creates: the given users first (e.g. a rule's), then the candidates. */
    public static Plan plan(List<String> firstObjectIds, List<Candidate> candidates) {
        Map<String, String> members = new LinkedHashMap<>();
        firstObjectIds.forEach(id -> members.putIfAbsent(key(id), id));
        List<LeftOut> leftOut = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.mapped()) {
                members.putIfAbsent(key(candidate.objectId()), candidate.objectId());
            } else if (leftOut.stream().noneMatch(l -> l.personId() == candidate.personId())) {
                leftOut.add(new LeftOut(candidate.personId(), candidate.name(), candidate.reasonKey()));
            }
        }
        return new Plan(new ArrayList<>(members.values()), leftOut);
    }

    /** Who of the candidates is not yet in the chat (object ids compared whatever their case). */
    public static Plan additions(List<String> currentMemberIds, List<Candidate> candidates) {
        List<String> present = currentMemberIds.stream().map(ChatMembers::key).toList();
        Map<String, String> adding = new LinkedHashMap<>();
        List<LeftOut> leftOut = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.mapped()) {
                if (!present.contains(key(candidate.objectId()))) {
                    adding.putIfAbsent(key(candidate.objectId()), candidate.objectId());
                }
            } else if (leftOut.stream().noneMatch(l -> l.personId() == candidate.personId())) {
                leftOut.add(new LeftOut(candidate.personId(), candidate.name(), candidate.reasonKey()));
            }
        }
        return new Plan(new ArrayList<>(adding.values()), leftOut);
    }

    private static String key(String objectId) {
        return objectId.toLowerCase(Locale.ROOT);
    }
}
