package dev.varflow.workflow;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * A task's {@code when:} condition, a CEL expression over the run's variables. Variable values are strings in the
 * run; here a value that reads as an integer, a decimal or true/false gets that type, so {@code FREE_BYTES > 1000}
 * and {@code MODE == "fast"} both work. Compiled once, when the workflow is loaded; the compiled program is
 * immutable (CEL marks it so), so one instance serves every run and thread. Evaluation has no side effects.
 */
public final class Condition {

    /** A map of every set variable, for names the workflow does not declare ({@code outputs: ["*"]}). */
    public static final String ALL_VARIABLES = "vars";

    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");
    private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']+)'");

    private final String expression;
    /** Null when the expression does not compile: then {@link #error} says why, at every evaluation. */
    private final CelRuntime.Program program;
    private final String error;

    private Condition(String expression, CelRuntime.Program program, String error) {
        this.expression = expression;
        this.program = program;
        this.error = error;
    }

    /**
     * Compiles {@code expression} with the given variable names in scope.
     *
     * @throws IllegalArgumentException with CEL's explanation when it does not compile to a boolean
     */
    public static Condition compile(String expression, Collection<String> variables) {
        try {
            return new Condition(expression, RUNTIME.createProgram(check(expression, variables)), null);
        } catch (CelValidationException e) {
            throw new IllegalArgumentException(message(e), e);
        } catch (dev.cel.common.CelException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Compiles {@code expression} for a workflow whose start variables are not known yet: names it uses that are
     * not among {@code variables} are declared too, so a run that sets them can evaluate it, and a run that does
     * not fails the task as for any unset variable. An expression that still does not compile fails every
     * evaluation with CEL's explanation.
     */
    public static Condition compileDeclaringUnknown(String expression, Collection<String> variables) {
        Set<String> names = new LinkedHashSet<>(variables);
        try {
            return new Condition(expression, RUNTIME.createProgram(check(expression, names)), null);
        } catch (CelValidationException e) {
            e.getErrors().forEach(issue -> {
                Matcher undeclared = UNDECLARED.matcher(issue.getMessage());
                if (undeclared.find()) {
                    names.add(undeclared.group(1));
                }
            });
        } catch (dev.cel.common.CelException e) {
            return new Condition(expression, null, e.getMessage());
        }
        try {
            return compile(expression, names);
        } catch (IllegalArgumentException e) {
            return new Condition(expression, null, e.getMessage());
        }
    }

    private static CelAbstractSyntaxTree check(String expression, Collection<String> variables)
            throws CelValidationException {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder().setResultType(SimpleType.BOOL);
        variables.forEach(name -> builder.addVar(name, SimpleType.DYN));
        builder.addVar(ALL_VARIABLES, MapType.create(SimpleType.STRING, SimpleType.DYN));
        CelCompiler compiler = builder.build();
        return compiler.compile(expression).getAst();
    }

    private static String message(CelValidationException e) {
        return e.getMessage().replaceAll("\\s+", " ").trim();
    }

    /** Checks an expression without keeping it; the error message when it does not compile. */
    public static Optional<String> problem(String expression, Collection<String> variables) {
        try {
            compile(expression, variables);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Evaluates against the run's variables.
     *
     * @throws IllegalStateException naming the expression when it cannot be evaluated (e.g. a variable unset)
     * @throws IllegalArgumentException with CEL's explanation when the expression does not compile
     */
    public boolean test(Map<String, String> variables) {
        if (program == null) {
            throw new IllegalArgumentException(error);
        }
        Map<String, Object> typed = new HashMap<>();
        variables.forEach((name, value) -> typed.put(name, typed(value)));
        typed.put(ALL_VARIABLES, new HashMap<>(typed));
        try {
            Object result = program.eval(typed);
            if (result instanceof Boolean answer) {
                return answer;
            }
            // CEL answers "unknown" when the expression needs a variable the run has not set.
            throw new IllegalStateException("condition '" + expression + "' needs a variable that is not set");
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("condition '" + expression + "' failed: " + e.getMessage(), e);
        }
    }

    /** The expression as written in the file, for display. */
    public String expression() {
        return expression;
    }

    // Two conditions are the same when they read the same: the compiled program follows from the text.
    @Override
    public boolean equals(Object other) {
        return other instanceof Condition condition && expression.equals(condition.expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }

    static Object typed(String value) {
        if (INTEGER.matcher(value).matches()) {
            return Long.parseLong(value);
        }
        if (DECIMAL.matcher(value).matches()) {
            return Double.parseDouble(value);
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean(value);
        }
        return value;
    }
}
