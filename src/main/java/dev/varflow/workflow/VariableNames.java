package dev.varflow.workflow;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one rule for variable names: what a name may look like, which names are reserved because a program reading
 * them from its environment changes how it runs ({@code LD_PRELOAD}, {@code BASH_ENV}, {@code PATH}...), and
 * {@code AUTH_TOKEN}, which is the run's token and never a plain variable. Reserved names are compared ignoring
 * case: some platforms and tools do, and {@code path} next to {@code PATH} only confuses readers.
 */
public final class VariableNames {

    /** Variable that carries a run's token; it is traded for permissions and never stored as a variable. */
    public static final String AUTH_TOKEN = "AUTH_TOKEN";

    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Whole names, upper case, that change how a shell, the dynamic loader or a language runtime behaves. */
    static final Set<String> RESERVED = Set.of(
            // shells
            "PATH", "IFS", "ENV", "BASH_ENV", "SHELLOPTS", "BASHOPTS", "PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND",
            "CDPATH", "GLOBIGNORE", "HOME", "SHELL", "ZDOTDIR", "POSIXLY_CORRECT", "HISTFILE", "INPUTRC",
            "TMPDIR",
            // C library and loader
            "GCONV_PATH", "LOCPATH", "NLSPATH", "HOSTALIASES", "LOCALDOMAIN", "RES_OPTIONS", "TZDIR",
            // language runtimes
            "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_HOME", "CLASSPATH", "PERL5LIB",
            "PERL5OPT", "PERLLIB", "PERL5DB", "RUBYOPT", "RUBYLIB", "GEM_HOME", "GEM_PATH", "NODE_OPTIONS",
            "NODE_PATH", "LUA_INIT", "LUA_PATH", "LUA_CPATH", "R_PROFILE", "R_PROFILE_USER", "TCLLIBPATH",
            // tools that run helper commands or change where traffic and trust go
            "GIT_SSH", "GIT_SSH_COMMAND", "GIT_EXEC_PATH", "GIT_ASKPASS", "GIT_PROXY_COMMAND", "GIT_EXTERNAL_DIFF",
            "GIT_PAGER", "GIT_EDITOR", "SSH_ASKPASS", "PAGER", "EDITOR", "VISUAL", "LESSOPEN", "LESSCLOSE",
            "OPENSSL_CONF", "OPENSSL_ENGINES", "SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE",
            "REQUESTS_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "FTP_PROXY");

    /** Name prefixes, upper case, reserved as a family ({@code LD_PRELOAD}, {@code PYTHONSTARTUP}...). */
    static final List<String> RESERVED_PREFIXES = List.of("LD_", "DYLD_", "MALLOC_", "PYTHON", "BASH_", "GIT_CONFIG_",
            "GLIBC_", "GTK_");

    private VariableNames() {
    }

    /** Letters, digits and {@code _}, not starting with a digit. */
    public static boolean isValidSyntax(String name) {
        return name != null && SYNTAX.matcher(name).matches();
    }

    /** Whether the name is {@code AUTH_TOKEN} in any case. */
    public static boolean isAuthToken(String name) {
        return AUTH_TOKEN.equalsIgnoreCase(name);
    }

    /** Whether a program started with this variable in its environment could be made to run something else. */
    public static boolean isReserved(String name) {
        if (name == null) {
            return false;
        }
        String upper = name.toUpperCase(Locale.ROOT);
        return RESERVED.contains(upper) || RESERVED_PREFIXES.stream().anyMatch(upper::startsWith);
    }

    /**
     * Why the name may not be a run's variable (a task input or output, an env entry, a start, replay or fan-out
     * variable), or null when it may. {@code AUTH_TOKEN} is refused here too: the callers that accept the token
     * check for it before.
     */
    public static String problem(String name) {
        if (!isValidSyntax(name)) {
            return "invalid variable name '" + printable(name) + "': use letters, digits and _, not starting with a "
                    + "digit";
        }
        if (name.length() > Names.MAX_LENGTH) {
            return "variable name '" + name.substring(0, 20) + "...' is " + name.length() + " characters long, more "
                    + "than the limit of " + Names.MAX_LENGTH;
        }
        if (isAuthToken(name)) {
            return "variable name '" + name + "' is reserved for the run's token (AUTH_TOKEN, in any case)";
        }
        if (isReserved(name)) {
            return "variable name '" + name + "' is reserved: in a process's environment it changes how programs "
                    + "run (see docs/security.md, reserved variable names)";
        }
        return null;
    }

    /** The name with control characters escaped, safe to put in a message. */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
