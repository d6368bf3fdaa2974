package io.tenantlink.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Files the integration tests and benchmarks make for themselves. */
final class TestFiles {

    private TestFiles() {}

    /** Deletes a folder and everything in it (nothing when it is absent); a file that cannot be deleted fails. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
