package dev.orderflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory split the way /proc reports it: anonymous pages (heap, metaspace, code cache, thread
 * stacks: what the process itself allocated) and file-backed pages (the jars and the mapped startup archive, which
 * the kernel can drop and re-read, and which processes of the same files share).
 */
record Rss(long totalKib, long anonKib, long fileKib) {

    static final Rss NONE = new Rss(-1, -1, -1);

    static Rss of(long pid) {
        long total = -1;
        long anon = -1;
        long file = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    total = kib(line);
                } else if (line.startsWith("RssAnon:")) {
                    anon = kib(line);
                } else if (line.startsWith("RssFile:")) {
                    file = kib(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        return new Rss(total, anon, file);
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
