package dev.varflow.scaffold;

import java.util.List;

/**
 * {@code varflow new plugin NAME --lang sh|python}: a plugin folder with a {@code plugin.yaml} (params described)
 * and its program. The plugin greets input {@code WHO}: {@code MESSAGE=<greeting>, <WHO>!}. For
 * {@code --lang java} see {@link JavaPluginScaffold}.
 */
public final class PluginScaffold {

    private PluginScaffold() {
    }

    /** The files, under a folder named after the plugin; {@code name} must pass the plugin name check. */
    public static List<ScaffoldFile> files(String name, PluginLanguage language) {
        return switch (language) {
            case SH -> List.of(manifest(name, "[\"./run.sh\"]"), ScaffoldFile.program(name + "/run.sh", """
                    #!/bin/sh
                    # Plugin %1$s: prints MESSAGE=<greeting>, <WHO>!
                    # Inputs arrive as environment variables ($WHO), params as PARAM_<NAME> ($PARAM_GREETING);
                    # NAME=value lines on stdout are the outputs; exit 0 is success, anything else fails the task.
                    set -eu
                    if [ -z "${WHO:-}" ]; then
                        echo "input WHO is not set" >&2
                        exit 2
                    fi
                    printf 'MESSAGE=%%s, %%s!\\n' "${PARAM_GREETING:-Hello}" "$WHO"
                    """.formatted(name)));
            case PYTHON -> List.of(manifest(name, "[\"python3\", \"./main.py\"]"),
                    ScaffoldFile.program(name + "/main.py", """
                    #!/usr/bin/env python3
                    \"""Plugin %1$s: prints MESSAGE=<greeting>, <WHO>!

                    Inputs arrive as environment variables (WHO), params as PARAM_<NAME> (PARAM_GREETING);
                    NAME=value lines on stdout are the outputs; exit 0 is success, anything else fails the task.
                    \"""
                    import os
                    import sys


                    def main():
                        who = os.environ.get("WHO", "")
                        if not who:
                            print("input WHO is not set", file=sys.stderr)
                            return 2
                        greeting = os.environ.get("PARAM_GREETING", "Hello")
                        print(f"MESSAGE={greeting}, {who}!")
                        return 0


                    if __name__ == "__main__":
                        sys.exit(main())
                    """.formatted(name)));
            case JAVA -> throw new IllegalArgumentException("Expected sh or python, but got java: use "
                    + "JavaPluginScaffold");
        };
    }

    private static ScaffoldFile manifest(String name, String command) {
        return ScaffoldFile.text(name + "/plugin.yaml", """
                # An executable Varflow plugin (docs/plugins.md, "Executable plugins"). Put this folder in the
                # plugins folder ($VARFLOW_PLUGINS_DIR) and restart Varflow; 'varflow plugins' then lists it.
                name: %1$s
                description: Greets the input WHO as MESSAGE
                command: %2$s
                inputs:
                  WHO: who to greet
                outputs:
                  MESSAGE: the greeting, e.g. Hello, Ada!
                params:
                  greeting:
                    type: string
                    default: Hello
                    description: the word before the name
                    example: Bonjour
                permissions: []
                example: |
                  - name: GREET
                    plugin: %1$s
                    inputs: [WHO]
                    outputs: [MESSAGE]
                    params:
                      greeting: Bonjour
                """.formatted(name, command));
    }
}
