package dev.orderflow.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js package of the tests ({@code tests/src/test/node/<name>}: package.json, package-lock.json and scripts),
 * installed with {@code npm ci} once per lockfile into {@code ~/.cache/orderflow/npm}, outside the clone, and its
 * scripts run with {@code node}.
 */
public final class NodePackage {

    /** What a script printed (stdout and stderr) and its exit code. */
    public record Result(int exit, String output) {
    }

    private final Path sources;
    private final Path installed;

    private NodePackage(Path sources, Path installed) {
        this.sources = sources;
        this.installed = installed;
    }

    public static NodePackage install(String name) {
        Path sources = Project.ROOT.resolve("tests/src/test/node").resolve(name);
        try {
            Path lock = sources.resolve("package-lock.json");
            Path dir = Path.of(System.getProperty("user.home"), ".cache/orderflow/npm", name + "-" + sha256(lock));
            if (!Files.isDirectory(dir.resolve("node_modules"))) {
                Files.createDirectories(dir);
                for (String file : List.of("package.json", "package-lock.json")) {
                    Files.copy(sources.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
                Result ci = run(dir, List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), 600);
                if (ci.exit() != 0) {
                    throw new IllegalStateException("npm ci in " + dir + " failed:\n" + ci.output());
                }
            }
            return new NodePackage(sources, dir);
        } catch (IOException | InterruptedException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot install the node package " + name, e);
        }
    }

    /** {@code node <script> <args>}, the script copied beside the installed modules so that its imports resolve. */
    public Result node(String script, String... args) {
        try {
            Files.copy(sources.resolve(script), installed.resolve(script), StandardCopyOption.REPLACE_EXISTING);
            List<String> command = new ArrayList<>(List.of("node", installed.resolve(script).toString()));
            command.addAll(List.of(args));
            return run(installed, command, 120);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot run " + script, e);
        }
    }

    private static Result run(Path dir, List<String> command, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("node-", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + seconds + " s:\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)))
                .substring(0, 16);
    }
}
