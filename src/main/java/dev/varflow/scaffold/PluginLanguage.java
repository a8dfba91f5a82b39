package dev.varflow.scaffold;

/** What {@code varflow new plugin --lang} writes. */
public enum PluginLanguage {
    /** An executable plugin folder with a POSIX shell program. */
    SH,
    /** An executable plugin folder with a Python 3 program. */
    PYTHON,
    /** A Maven project of a Java plugin, with its service file and a test using the plugin test kit. */
    JAVA
}
