package io.tenantlink.platform.web;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ognl.ObjectPropertyAccessor;
import ognl.OgnlException;
import ognl.OgnlRuntime;

/**
 * Reads a record's components in templates ({@code ${r.seq}} on a view record) through the component's accessor,
 * found once per record class. OGNL (Thymeleaf's expression language without Spring) looks for JavaBean getters; a
 * record has none, and OGNL then scanned every public method of the class, lower-casing each name, on every read:
 * 20 % of the CPU of rendering the grant history (a JFR profile under load, docs/benchmarks.md, issue 16). Anything
 * else (a name that is no component, a JDK or Jakarta record) is left to OGNL's own accessor, as before.
 */
public final class RecordPropertyAccessor extends ObjectPropertyAccessor {

    private static final Map<Class<?>, Map<String, Method>> COMPONENTS = new ConcurrentHashMap<>();

    private RecordPropertyAccessor() {}

    /** Makes OGNL read every record's components with this accessor (idempotent). */
    public static void install() {
        OgnlRuntime.setPropertyAccessor(Record.class, new RecordPropertyAccessor());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object getProperty(Map context, Object target, Object name) throws OgnlException {
        if (target != null && name instanceof String property) {
            Method accessor = components(target.getClass()).get(property);
            if (accessor != null) {
                try {
                    return accessor.invoke(target);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new OgnlException(property, e);
                }
            }
        }
        return super.getProperty(context, target, name);
    }

    static Map<String, Method> components(Class<?> type) {
        return COMPONENTS.computeIfAbsent(type, RecordPropertyAccessor::accessors);
    }

    private static Map<String, Method> accessors(Class<?> type) {
        String name = type.getName();
        if (!type.isRecord()
                || name.startsWith("java.")
                || name.startsWith("javax.")
                || name.startsWith("jdk.")
                || name.startsWith("jakarta.")) {
            return Map.of();
        }
        Map<String, Method> accessors = new HashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Method accessor = component.getAccessor();
            try {
                accessor.setAccessible(true);
            } catch (RuntimeException notOpened) {
                continue;
            }
            accessors.put(component.getName(), accessor);
        }
        return Map.copyOf(accessors);
    }
}
