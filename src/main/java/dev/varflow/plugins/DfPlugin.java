package dev.varflow.plugins;

import dev.varflow.spi.BlockingTaskPlugin;
import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.ParamType;
import dev.varflow.spi.PluginDescriptor.Port;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskResult;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Reports the device and free space of the filesystem holding {@code params.path} (default "/"). */
public final class DfPlugin extends BlockingTaskPlugin {

    public static final String NAME = "df";
    public static final String PERMISSION = "can_view_system";

    private static final String DEV_PREFIX = "/dev/";
    private static final String[] SUFFIXES = {"", "K", "M", "G", "T", "P"};
    private static final BigInteger KIBI = BigInteger.valueOf(1024);

    private final Path mountInfo;

    public DfPlugin() {
        this(Path.of("/proc/self/mountinfo"));
    }

    DfPlugin(Path mountInfo) {
        this.mountInfo = mountInfo;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PluginDescriptor describe() {
        return new PluginDescriptor(NAME, "Reports MAIN_VOLUME, FREE_SPACE and FREE_BYTES of the filesystem holding "
                + "params.path",
                java.util.List.of(Param.optional("path", ParamType.PATH, "/", "a file or directory on the filesystem "
                        + "to report; relative paths start at the run's working directory", "/var")),
                false, java.util.List.of(),
                java.util.List.of(Port.of("MAIN_VOLUME", "device of the filesystem, without /dev/ (e.g. sda1)"),
                        Port.of("FREE_SPACE", "space available to the worker, as df -h prints it (e.g. 79G)"),
                        Port.of("FREE_BYTES", "the same space in bytes")),
                "- name: DF\n  plugin: df\n  inputs: [TRUE]\n  outputs: [MAIN_VOLUME, FREE_SPACE]\n"
                        + "  params:\n    path: /\n");
    }

    @Override
    public Set<String> requiredPermissions() {
        return Set.of(PERMISSION);
    }

    @Override
    protected TaskResult run(TaskContext context) throws IOException {
        String requested = context.param("path", "/");
        Path path = context.workingDirectory().resolve(requested);
        if (!Files.exists(path)) {
            return TaskResult.failed("path not found: " + requested);
        }
        Path real;
        FileStore store;
        try {
            real = path.toRealPath();
            store = Files.getFileStore(real);
        } catch (NoSuchFileException e) {
            return TaskResult.failed("path not found: " + requested);
        }
        long usable = store.getUsableSpace();
        // Ordered, so the outputs are emitted (and printed) in the same order every time.
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        outputs.put("MAIN_VOLUME", deviceName(store, real));
        outputs.put("FREE_SPACE", humanReadable(usable));
        outputs.put("FREE_BYTES", Long.toString(usable));
        return TaskResult.succeeded(outputs);
    }

    private String deviceName(FileStore store, Path real) {
        String name = store.name();
        if (name.startsWith(DEV_PREFIX)) {
            return name.substring(DEV_PREFIX.length());
        }
        // Overlay and bind mounts hide the device behind the store name; the mount table still knows the source.
        return MountTable.read(mountInfo).sourceOf(real)
                .filter(source -> source.startsWith(DEV_PREFIX))
                .map(source -> source.substring(DEV_PREFIX.length()))
                .orElse(name);
    }

    /** Formats bytes like {@code df -h}: 1024 units, rounded up, one decimal below 10. */
    static String humanReadable(long bytes) {
        if (bytes < 1024) {
            return Long.toString(Math.max(bytes, 0));
        }
        int unit = 0;
        BigInteger divisor = BigInteger.ONE;
        BigInteger amount = BigInteger.valueOf(bytes);
        while (unit < SUFFIXES.length - 1 && amount.compareTo(divisor.multiply(KIBI)) >= 0) {
            divisor = divisor.multiply(KIBI);
            unit++;
        }
        // Exact integer ceilings: doubles would round away the last bytes df still rounds up for.
        long tenths = ceilDivide(amount.multiply(BigInteger.TEN), divisor);
        if (tenths < 100) {
            return tenths / 10 + "." + tenths % 10 + SUFFIXES[unit];
        }
        long whole = ceilDivide(amount, divisor);
        if (whole >= 1024 && unit < SUFFIXES.length - 1) {
            return "1.0" + SUFFIXES[unit + 1];
        }
        return whole + SUFFIXES[unit];
    }

    private static long ceilDivide(BigInteger dividend, BigInteger divisor) {
        BigInteger[] quotientAndRemainder = dividend.divideAndRemainder(divisor);
        return quotientAndRemainder[0].longValueExact() + (quotientAndRemainder[1].signum() > 0 ? 1 : 0);
    }
}
