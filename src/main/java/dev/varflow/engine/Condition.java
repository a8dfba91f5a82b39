package dev.varflow.engine;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
 * and {@code MODE == "fast"} both work. Compiled once per workflow version; evaluation has no side effects.
 */
public final class Condition {

    /** A map of every set variable, for names the workflow does not declare ({@code outputs: ["*"]}). */
    public static final String ALL_VARIABLES = "vars";

    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

    private final String expression;
    private final CelRuntime.Program program;

    private Condition(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    /**
     * Compiles {@code expression} with the given variable names in scope.
     *
     * @throws IllegalArgumentException with CEL's explanation when it does not compile to a boolean
     */
    public static Condition compile(String expression, Collection<String> variables) {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder().setResultType(SimpleType.BOOL);
        variables.forEach(name -> builder.addVar(name, SimpleType.DYN));
        builder.addVar(ALL_VARIABLES, MapType.create(SimpleType.STRING, SimpleType.DYN));
        CelCompiler compiler = builder.build();
        try {
            CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
            return new Condition(expression, RUNTIME.createProgram(ast));
        } catch (CelValidationException e) {
            throw new IllegalArgumentException(e.getMessage().replaceAll("\\s+", " ").trim(), e);
        } catch (dev.cel.common.CelException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
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
     */
    public boolean test(Map<String, String> variables) {
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

    public String expression() {
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
