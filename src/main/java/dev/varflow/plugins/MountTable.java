package dev.varflow.plugins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Mount points and their sources, parsed from a {@code /proc/<pid>/mountinfo} file. */
record MountTable(List<Mount> mounts) {

    /** One mounted filesystem. */
    record Mount(Path mountPoint, String source) {
    }

    /** Parses the file; an unreadable file gives an empty table. */
    static MountTable read(Path mountInfo) {
        try {
            return parse(Files.readAllLines(mountInfo, StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            return new MountTable(List.of());
        }
    }

    static MountTable parse(List<String> lines) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            // Format: id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            String[] fields = line.split(" ");
            int separator = List.of(fields).indexOf("-");
            if (fields.length < 5 || separator < 0 || separator + 2 >= fields.length) {
                continue;
            }
            mounts.add(new Mount(Path.of(unescape(fields[4])), unescape(fields[separator + 2])));
        }
        return new MountTable(List.copyOf(mounts));
    }

    /** Source of the mount with the longest mount point containing the path; later mounts shadow earlier ones. */
    Optional<String> sourceOf(Path path) {
        Mount best = null;
        for (Mount mount : mounts) {
            if (path.startsWith(mount.mountPoint())
                    && (best == null || mount.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
                best = mount;
            }
        }
        return Optional.ofNullable(best).map(Mount::source);
    }

    // The kernel writes space, tab, newline and backslash as three-digit octal escapes.
    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
