package dev.varflow.scaffold;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import dev.varflow.workflow.Names;

/** Checks scaffold names and writes scaffolds, never over an existing file. */
public final class Scaffolds {

    private Scaffolds() {
    }

    /** Why {@code name} cannot name a workflow scaffold, or null. */
    public static String workflowNameProblem(String name) {
        return name.isEmpty() ? "workflow name is empty" : Names.workflowProblem(name);
    }

    /**
     * Why {@code name} cannot name a plugin, or null: the task-name grammar, starting with a letter or digit as
     * {@code plugin.yaml} names do.
     */
    public static String pluginNameProblem(String name) {
        if (name.isEmpty()) {
            return "plugin name is empty";
        }
        String problem = Names.problem("plugin name", name);
        if (problem == null && !Character.isLetterOrDigit(name.charAt(0))) {
            return "plugin name '" + name + "' must start with a letter or digit";
        }
        return problem;
    }

    /**
     * Writes the files under {@code directory}, creating folders as needed. Nothing is written when any of them
     * exists already.
     *
     * @throws FileAlreadyExistsException naming every file that exists
     */
    public static List<Path> write(Path directory, List<ScaffoldFile> files) throws IOException {
        List<Path> targets = files.stream().map(file -> directory.resolve(file.path())).toList();
        List<String> existing = targets.stream().filter(Files::exists).map(Path::toString).toList();
        if (!existing.isEmpty()) {
            throw new FileAlreadyExistsException(String.join(", ", existing), null,
                    "already exists; nothing was written (remove it or choose another name)");
        }
        for (int i = 0; i < files.size(); i++) {
            Path target = targets.get(i);
            Files.createDirectories(target.toAbsolutePath().getParent());
            // CREATE_NEW: a file that appeared since the check above is still not overwritten.
            Files.writeString(target, files.get(i).content(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            if (files.get(i).executable()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(target);
                permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE));
                Files.setPosixFilePermissions(target, permissions);
            }
        }
        return targets;
    }
}
