package dev.varflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;

import dev.varflow.scaffold.ScaffoldFile;
import dev.varflow.scaffold.Scaffolds;

/** Writes a scaffold for a {@code varflow new} command and says what it wrote, or which files were in the way. */
final class Scaffolding {

    private Scaffolding() {
    }

    static int write(CommandSpec spec, Path dir, List<ScaffoldFile> files, String next) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try {
            for (Path written : Scaffolds.write(dir, files)) {
                out.println("wrote " + written.normalize());
            }
        } catch (FileAlreadyExistsException e) {
            spec.commandLine().getErr().println("varflow: Expected to write new files, but " + e.getFile() + " "
                    + e.getReason());
            return 1;
        }
        out.println(next);
        return 0;
    }
}
