package dev.varflow.scaffold;

/**
 * One file a scaffold writes.
 *
 * @param path where, relative to the target directory, with {@code /} between parts
 * @param content the text (UTF-8)
 * @param executable whether it gets the execute bits
 */
public record ScaffoldFile(String path, String content, boolean executable) {

    static ScaffoldFile text(String path, String content) {
        return new ScaffoldFile(path, content, false);
    }

    static ScaffoldFile program(String path, String content) {
        return new ScaffoldFile(path, content, true);
    }
}
