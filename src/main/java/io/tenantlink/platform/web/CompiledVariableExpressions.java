package io.tenantlink.platform.web;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import ognl.ASTAdd;
import ognl.ASTAnd;
import ognl.ASTChain;
import ognl.ASTConst;
import ognl.ASTMethod;
import ognl.ASTNot;
import ognl.ASTOr;
import ognl.ASTProperty;
import ognl.ASTTest;
import ognl.ASTVarRef;
import ognl.MapPropertyAccessor;
import ognl.Node;
import ognl.ObjectPropertyAccessor;
import ognl.Ognl;
import ognl.OgnlException;
import ognl.OgnlOps;
import ognl.OgnlRuntime;
import ognl.PropertyAccessor;
import org.thymeleaf.context.IContext;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.expression.IExpressionObjects;
import org.thymeleaf.standard.expression.IStandardVariableExpression;
import org.thymeleaf.standard.expression.IStandardVariableExpressionEvaluator;
import org.thymeleaf.standard.expression.StandardExpressionExecutionContext;
import org.thymeleaf.standard.expression.StandardExpressions;
import org.thymeleaf.util.ExpressionUtils;

/**
 * Evaluates the templates' {@code ${...}} expressions that read variables, properties and methods, compare and
 * combine them, without OGNL's per-evaluation machinery; anything else is OGNL's, as before.
 *
 * <p>Why: OGNL builds an evaluation context and looks up accessors and methods reflectively for every expression of
 * every row, about a quarter of a page's CPU in JFR profiles (docs/benchmarks.md, issue 16). Here an expression is
 * parsed once by OGNL's own parser, its tree turned into plain Java objects, and each property or method remembers
 * what it resolved to for the last class it saw. Operators are OGNL's own ({@link OgnlOps}), so results are the same.
 *
 * <p>What is handled: variables, Thymeleaf's expression objects ({@code #messages}), properties of records (their
 * components), maps and JavaBeans, public methods with one candidate for the arguments given, indexes into lists,
 * arrays and maps, constants, {@code == != < <= > >=}, {@code and or not !}, {@code + -} and {@code ?:}. Everything
 * else (static access, object creation, projections, overloaded methods, an argument OGNL would convert, a null in the
 * middle of a chain) is handed to the OGNL evaluator this wraps, so its results and its errors are exactly OGNL's; so
 * are selection ({@code *{...}}) expressions, and expressions naming {@code param} in the restricted contexts most
 * attributes are evaluated in (where OGNL refuses request parameters).
 */
public final class CompiledVariableExpressions implements IStandardVariableExpressionEvaluator {

    /** The templates hold about a thousand distinct expressions; a bound in case some are built from data. */
    private static final int MAX_COMPILED = 10_000;

    private final IStandardVariableExpressionEvaluator ognl;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    public CompiledVariableExpressions(IStandardVariableExpressionEvaluator ognl) {
        this.ognl = ognl;
    }

    @Override
    public Object evaluate(
            IExpressionContext context,
            IStandardVariableExpression expression,
            StandardExpressionExecutionContext executionContext) {
        Compiled code = compiledOrNull(expression, executionContext, context);
        if (code != null) {
            try {
                Object result = code.value(context, context);
                return executionContext.getPerformTypeConversion()
                        ? StandardExpressions.getConversionService(context.getConfiguration())
                                .convert(context, result, String.class)
                        : result;
            } catch (NotHandled | RuntimeException ognlDecides) {
                // OGNL evaluates it again: its result, or its error message, is the one a template has always had.
            }
        }
        return ognl.evaluate(context, expression, executionContext);
    }

    private Compiled compiledOrNull(
            IStandardVariableExpression expression,
            StandardExpressionExecutionContext executionContext,
            IExpressionContext context) {
        String text = expression.getExpression();
        // A restricted context (most attributes but th:text) forbids request parameters, object creation and static
        // access: the last two never compile; an expression naming "param" at all is left to OGNL's checks there.
        if (text == null
                || (executionContext.getRestrictVariableAccess()
                                || executionContext.getRestrictInstantiationAndStatic())
                        && text.contains("param")
                || expression.getUseSelectionAsRoot()
                        && context instanceof ITemplateContext template
                        && template.hasSelectionTarget()) {
            return null;
        }
        Compiled code = compiled.get(text);
        if (code == null) {
            code = compile(text);
            if (compiled.size() < MAX_COMPILED) {
                compiled.put(text, code);
            }
        }
        return code == UNSUPPORTED ? null : code;
    }

    /** The expression as plain Java objects, or {@link #UNSUPPORTED} when any part of it is left to OGNL. */
    static Compiled compile(String text) {
        if (text.indexOf('@') >= 0) {
            return UNSUPPORTED;
        }
        try {
            return compile((Node) Ognl.parseExpression(text));
        } catch (OgnlException | NotHandled | RuntimeException notForUs) {
            return UNSUPPORTED;
        }
    }

    private static Compiled compile(Node node) throws NotHandled {
        if (node instanceof ASTConst constant) {
            Object value = constant.getValue();
            return (root, source) -> value;
        }
        if (node instanceof ASTProperty property) {
            return property(property);
        }
        if (node instanceof ASTChain) {
            Compiled[] links = children(node);
            return (root, source) -> {
                Object value = source;
                for (Compiled link : links) {
                    if (value == null) {
                        throw NotHandled.INSTANCE;
                    }
                    value = link.value(root, value);
                }
                return value;
            };
        }
        if (node.getClass() == ASTVarRef.class) {
            // #messages, #strings...: Thymeleaf's expression objects, as OGNL finds them (its variables are these).
            String name = node.toString().substring(1);
            return (root, source) -> {
                IExpressionObjects objects = root.getExpressionObjects();
                if (objects == null || !objects.containsObject(name)) {
                    throw NotHandled.INSTANCE;
                }
                return objects.getObject(name);
            };
        }
        if (node instanceof ASTMethod method) {
            return new MethodCall(method.getMethodName(), children(node));
        }
        BinaryOperator<Object> operator = BINARY_OPERATORS.get(node.getClass().getName());
        if (operator != null) {
            Compiled[] c = binary(node);
            return (root, source) -> operator.apply(c[0].value(root, source), c[1].value(root, source));
        }
        if (node instanceof ASTAnd || node instanceof ASTOr) {
            // As OGNL: the value of the last operand evaluated, not a Boolean.
            boolean stopWhen = node instanceof ASTOr;
            Compiled[] c = children(node);
            return (root, source) -> {
                Object result = null;
                for (int i = 0; i < c.length; i++) {
                    result = c[i].value(root, source);
                    if (i < c.length - 1 && OgnlOps.booleanValue(result) == stopWhen) {
                        break;
                    }
                }
                return result;
            };
        }
        if (node instanceof ASTNot) {
            Compiled[] c = children(node);
            if (c.length != 1) {
                throw NotHandled.INSTANCE;
            }
            return (root, source) -> OgnlOps.booleanValue(c[0].value(root, source)) ? Boolean.FALSE : Boolean.TRUE;
        }
        if (node instanceof ASTTest) {
            Compiled[] c = children(node);
            if (c.length != 3) {
                throw NotHandled.INSTANCE;
            }
            return (root, source) -> OgnlOps.booleanValue(c[0].value(root, source))
                    ? c[1].value(root, source)
                    : c[2].value(root, source);
        }
        if (node instanceof ASTAdd) {
            Compiled[] c = children(node);
            return (root, source) -> {
                Object result = c[0].value(root, source);
                for (int i = 1; i < c.length; i++) {
                    result = OgnlOps.add(result, c[i].value(root, source));
                }
                return result;
            };
        }
        throw NotHandled.INSTANCE;
    }

    /** OGNL's binary operators by the class of their node (some of those classes are not public), as OGNL applies them. */
    private static final Map<String, BinaryOperator<Object>> BINARY_OPERATORS = Map.of(
            "ognl.ASTEq", (a, b) -> OgnlOps.equal(a, b),
            "ognl.ASTNotEq", (a, b) -> !OgnlOps.equal(a, b),
            "ognl.ASTLess", (a, b) -> OgnlOps.less(a, b),
            "ognl.ASTGreater", (a, b) -> OgnlOps.greater(a, b),
            "ognl.ASTLessEq", (a, b) -> !OgnlOps.greater(a, b),
            "ognl.ASTGreaterEq", (a, b) -> !OgnlOps.less(a, b),
            "ognl.ASTSubtract", OgnlOps::subtract);

    private static Compiled[] children(Node node) throws NotHandled {
        Compiled[] compiled = new Compiled[node.jjtGetNumChildren()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = compile(node.jjtGetChild(i));
        }
        return compiled;
    }

    private static Compiled[] binary(Node node) throws NotHandled {
        Compiled[] compiled = children(node);
        if (compiled.length != 2) {
            throw NotHandled.INSTANCE;
        }
        return compiled;
    }

    private static Compiled property(ASTProperty property) throws NotHandled {
        if (property.jjtGetNumChildren() != 1) {
            throw NotHandled.INSTANCE;
        }
        if (property.isIndexedAccess()) {
            Compiled index = compile(property.jjtGetChild(0));
            return (root, source) -> indexed(source, index.value(root, root));
        }
        if (!(property.jjtGetChild(0) instanceof ASTConst name) || !(name.getValue() instanceof String propertyName)) {
            throw NotHandled.INSTANCE;
        }
        return new PropertyRead(propertyName);
    }

    private static Object indexed(Object target, Object index) throws NotHandled {
        if (target instanceof Map<?, ?> map && !(target instanceof IContext)) {
            return map.get(index);
        }
        if (index instanceof Integer position) {
            if (target instanceof List<?> list) {
                return list.get(position);
            }
            if (target != null && target.getClass().isArray()) {
                return Array.get(target, position);
            }
        }
        throw NotHandled.INSTANCE;
    }

    /** A compiled expression: its value for the template's context ({@code root}) and the value it applies to. */
    @FunctionalInterface
    interface Compiled {
        Object value(IExpressionContext root, Object source) throws NotHandled;
    }

    static final Compiled UNSUPPORTED = (root, source) -> {
        throw NotHandled.INSTANCE;
    };

    /** This part is OGNL's to evaluate (no stack trace: it is a signal, thrown often on some expressions). */
    static final class NotHandled extends Exception {
        static final NotHandled INSTANCE = new NotHandled();

        private NotHandled() {
            super(null, null, false, false);
        }
    }

    /**
     * What a property or method resolved to for one class (a map's property has no method). Each property or method
     * of a template keeps the last one it used; the others are kept per class and member.
     */
    private record Resolved(Class<?> type, Method method) {}

    private static final Resolved NOT_RESOLVED = new Resolved(Void.class, null);

    private static final ClassValue<Map<String, Resolved>> RESOLVED = new ClassValue<>() {
        @Override
        protected Map<String, Resolved> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** {@code name} on a template's context (a variable), a map (its key, as OGNL's map accessor), a record or a bean. */
    private static final class PropertyRead implements Compiled {
        private final String name;
        private volatile Resolved last;

        private final String key;

        PropertyRead(String name) {
            this.name = name;
            this.key = "property " + name;
        }

        @Override
        public Object value(IExpressionContext root, Object source) throws NotHandled {
            if (source instanceof IContext context) {
                return context.getVariable(name);
            }
            Resolved resolved = last;
            if (resolved == null || resolved.type() != source.getClass()) {
                resolved = RESOLVED.get(source.getClass()).computeIfAbsent(key, k -> resolve(source));
                last = resolved;
            }
            if (resolved == NOT_RESOLVED) {
                throw NotHandled.INSTANCE;
            }
            if (resolved.method() == null) {
                return mapProperty((Map<?, ?>) source);
            }
            return invoke(resolved.method(), source);
        }

        private Object mapProperty(Map<?, ?> map) {
            return switch (name) {
                case "size" -> map.size();
                case "keys", "keySet" -> map.keySet();
                case "values" -> map.values();
                case "isEmpty" -> map.isEmpty() ? Boolean.TRUE : Boolean.FALSE;
                default -> map.get(name);
            };
        }

        /** The accessor OGNL itself would use for the class, where it is one this class reads the same way. */
        private Resolved resolve(Object source) {
            Class<?> type = source.getClass();
            PropertyAccessor accessor;
            try {
                accessor = OgnlRuntime.getPropertyAccessor(type);
            } catch (OgnlException e) {
                return NOT_RESOLVED;
            }
            if (accessor != null && accessor.getClass() == MapPropertyAccessor.class && source instanceof Map) {
                return new Resolved(type, null);
            }
            if (accessor instanceof RecordPropertyAccessor) {
                Method component = RecordPropertyAccessor.components(type).get(name);
                if (component != null) {
                    return new Resolved(type, component);
                }
            } else if (accessor == null || accessor.getClass() != ObjectPropertyAccessor.class) {
                return NOT_RESOLVED;
            }
            Method getter = publicMethod(type, "get" + capitalized(name), 0);
            if (getter == null) {
                getter = publicMethod(type, "is" + capitalized(name), 0);
            }
            if (getter == null || !ExpressionUtils.isMemberAllowed(source, getter.getName())) {
                return NOT_RESOLVED;
            }
            return new Resolved(type, getter);
        }

        private static String capitalized(String name) {
            return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
    }

    /** {@code target.name(args)}, where the target's class has exactly one public method of that name and arity. */
    private static final class MethodCall implements Compiled {
        private final String name;
        private final Compiled[] arguments;
        private volatile Resolved last;

        private final String key;

        MethodCall(String name, Compiled[] arguments) {
            this.name = name;
            this.arguments = arguments;
            this.key = "method " + name + "/" + arguments.length;
        }

        @Override
        public Object value(IExpressionContext root, Object source) throws NotHandled {
            if (source instanceof IContext) {
                throw NotHandled.INSTANCE;
            }
            Object[] values = new Object[arguments.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = arguments[i].value(root, root);
            }
            Resolved resolved = last;
            if (resolved == null || resolved.type() != source.getClass()) {
                resolved = RESOLVED.get(source.getClass()).computeIfAbsent(key, k -> resolve(source));
                last = resolved;
            }
            if (resolved == NOT_RESOLVED) {
                throw NotHandled.INSTANCE;
            }
            Class<?>[] parameters = resolved.method().getParameterTypes();
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof Character c && parameters[i] == String.class) {
                    values[i] = c.toString(); // OGNL's one conversion the templates need: ' ' is a Character
                } else if (!accepts(parameters[i], values[i])) {
                    throw NotHandled.INSTANCE;
                }
            }
            return invoke(resolved.method(), source, values);
        }

        private Resolved resolve(Object source) {
            Method method = publicMethod(source.getClass(), name, arguments.length);
            return method == null || !ExpressionUtils.isMemberAllowed(source, name)
                    ? NOT_RESOLVED
                    : new Resolved(source.getClass(), method);
        }

        /** Without OGNL's other conversions (a number of another type, a string for a number): those are left to OGNL. */
        private static boolean accepts(Class<?> parameter, Object value) {
            if (value == null) {
                return !parameter.isPrimitive();
            }
            Class<?> boxed = parameter.isPrimitive() ? boxed(parameter) : parameter;
            return boxed.isInstance(value);
        }

        private static Class<?> boxed(Class<?> primitive) {
            return java.lang.invoke.MethodType.methodType(primitive).wrap().returnType();
        }
    }

    private static Object invoke(Method method, Object target, Object... arguments) throws NotHandled {
        try {
            return method.invoke(target, arguments);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw NotHandled.INSTANCE;
        }
    }

    /**
     * The only public, non-static, non-varargs method of that name and arity, declared by a public class or interface
     * (a method of {@code List.of(...)}'s hidden class is called through {@code List}); null when there is none or more
     * than one (an overload: OGNL chooses).
     */
    static Method publicMethod(Class<?> type, String name, int arity) {
        List<Method> candidates = new ArrayList<>(1);
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name)
                    && method.getParameterCount() == arity
                    && !Modifier.isStatic(method.getModifiers())
                    && !method.isVarArgs()
                    && !method.isBridge()) {
                candidates.add(method);
            }
        }
        if (candidates.size() != 1) {
            return null;
        }
        return callable(type, candidates.get(0));
    }

    private static Method callable(Class<?> type, Method method) {
        if (Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
            return method;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Method found = declaredPublicly(c, method);
            if (found != null) {
                return found;
            }
            for (Class<?> i : c.getInterfaces()) {
                found = declaredPublicly(i, method);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Method declaredPublicly(Class<?> type, Method method) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return null;
        }
        try {
            return type.getMethod(method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
