package io.tenantlink.platform.web;

import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import ognl.MemberAccess;
import org.thymeleaf.standard.expression.OGNLVariableExpressionEvaluator;

/**
 * Thymeleaf's check of every method a template calls through OGNL ({@code ${fmt.utc(r.occurredAt)}}: public, and not
 * of a blocked type such as {@code Class} or {@code Runtime}), remembered per class of the target and member. The
 * check streams over Thymeleaf's blocked packages and types on every call: 5 % of the CPU of a site's tenants page in
 * a JFR profile (docs/benchmarks.md, issue 16). The answer depends on the target's class and the member alone; a call
 * the check refuses is not remembered, so it is refused (and reported) each time, as before.
 */
public final class CachingMemberAccess implements MemberAccess {

    private static final Logger LOG = Logger.getLogger(CachingMemberAccess.class.getName());

    private final MemberAccess checked;
    private final ClassValue<Map<Member, Boolean>> answers = new ClassValue<>() {
        @Override
        protected Map<Member, Boolean> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    CachingMemberAccess(MemberAccess checked) {
        this.checked = checked;
    }

    /** Puts this in front of Thymeleaf's own check (idempotent); if Thymeleaf's internals differ, leaves them as they are. */
    public static void install() {
        try {
            Field field = OGNLVariableExpressionEvaluator.class.getDeclaredField("MEMBER_ACCESS");
            field.setAccessible(true);
            Object current = field.get(null);
            if (current instanceof MemberAccess access && !(current instanceof CachingMemberAccess)) {
                field.set(null, new CachingMemberAccess(access));
            }
        } catch (ReflectiveOperationException | RuntimeException notAsExpected) {
            LOG.log(Level.INFO, "Thymeleaf's OGNL member check is used as it is", notAsExpected);
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isAccessible(Map context, Object target, Member member, String propertyName) {
        if (target == null || target instanceof Class) {
            return checked.isAccessible(context, target, member, propertyName);
        }
        Map<Member, Boolean> ofType = answers.get(target.getClass());
        Boolean known = ofType.get(member);
        if (known == null) {
            known = checked.isAccessible(context, target, member, propertyName);
            ofType.put(member, known);
        }
        return known;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object setup(Map context, Object target, Member member, String propertyName) {
        return checked.setup(context, target, member, propertyName);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void restore(Map context, Object target, Member member, String propertyName, Object state) {
        checked.restore(context, target, member, propertyName, state);
    }
}
